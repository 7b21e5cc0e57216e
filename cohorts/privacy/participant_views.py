"""Participant portal: see and download my data (subject access)."""

from __future__ import annotations

import json

from flask import Response, render_template

from app.dates import local_today
from cohorts.portals import current_participant
from cohorts.privacy.subject_access import export_subject_data


def my_data():
    return render_template("cohorts/portal/my_data.html")


def download_my_data():
    body = json.dumps(export_subject_data(current_participant()), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="my-bridgework-data-{local_today().isoformat()}.json"',
        "Cache-Control": "no-store",
    })
