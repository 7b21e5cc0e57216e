"""A stored document as a download: always an attachment, never cached, never sniffed."""

from __future__ import annotations

import io

from flask import Response, send_file

from cohorts.models import ParticipantDocument


def document_response(document: ParticipantDocument) -> Response:
    response = send_file(io.BytesIO(document.data), mimetype=document.content_type, as_attachment=True,
                         download_name=document.filename, max_age=0)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
