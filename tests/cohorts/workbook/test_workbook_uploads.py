"""Uploaded workbooks hold people's data: they are deleted after confirm, cancel or 24 hours."""

from __future__ import annotations

import os
import time

from app.models import Role
from cohorts.workbook import uploads
from tests.cohorts.workbook.test_workbook_pages import PARTICIPANTS, upload, zipped


def _waiting(app) -> set[str]:
    with app.app_context():
        return {p.name for p in uploads.upload_folder().iterdir()}


def test_cancelling_a_preview_deletes_the_upload(app, client, login):
    login(Role.staff)
    before = _waiting(app)
    upload(client, zipped(participants=PARTICIPANTS))
    assert len(_waiting(app) - before) == 1
    client.get("/staff/workbook")  # the preview's Cancel
    assert _waiting(app) - before == set()


def test_uploads_left_waiting_a_day_are_deleted(app):
    folder = uploads.upload_folder()
    old, fresh = folder / "old-token.zip", folder / "fresh-token.zip"
    for path in (old, fresh):
        path.write_bytes(b"people")
    day_ago = time.time() - uploads.UPLOAD_MAX_AGE.total_seconds() - 60
    os.utime(old, (day_ago, day_ago))
    try:
        assert uploads.discard_stale_uploads() >= 1
        assert not old.exists() and fresh.exists()
    finally:
        fresh.unlink(missing_ok=True)
