"""Uploaded workbooks wait in app.uploads between the upload, the check job, the confirm and the import
job. A workbook goes when its import succeeds, when its check finds problems, when a new upload or a
cancel replaces it, after an erasure, or after 24 hours; a failed job keeps it for its retry.
"""

from __future__ import annotations

import sqlalchemy as sa
from werkzeug.datastructures import FileStorage

from app.extensions import db
from app.models import User
from app.uploads import Upload, discard_stale_uploads, find_upload, remove_uploads, store_bytes

#: the full problem list of a check is kept beside its workbook, under the workbook's token + this
ERRORS_SUFFIX = ".errors"


def save_upload(file: FileStorage, created_by: User | None) -> Upload:
    """Store a submitted workbook (the form checked its type and size) and sweep stale uploads."""
    discard_stale_uploads()
    return store_bytes(file.read(), file.filename or "", created_by)


def save_errors(upload: Upload, lines: list[str]) -> Upload:
    """A check's full problem list, one line each, kept (and removed) with its workbook."""
    text = "".join(f"{line}\n" for line in lines).encode("utf-8")
    return store_bytes(text, "workbook-errors.txt", None, token=upload.token + ERRORS_SUFFIX)


def find_errors(token: str | None) -> Upload | None:
    return find_upload(token + ERRORS_SUFFIX) if token else None


def discard_upload(token: str | None, *, keep_errors: bool = False) -> int:
    """Remove an upload and (unless kept) its problem list: imported, replaced or cancelled."""
    if not token:
        return 0
    tokens = [token] if keep_errors else [token, token + ERRORS_SUFFIX]
    return remove_uploads(db.session.scalars(sa.select(Upload).where(Upload.token.in_(tokens))).all())
