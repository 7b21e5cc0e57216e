"""Uploads every server can read: in the database or UPLOAD_DIR, removed after import, cancel or 24 hours,
or an erasure; and no request reads a workbook (the check and the import are jobs)."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.extensions import db
from app.models import Role
from app.tasks import jobs, runner
from app.tasks.models import Job, JobState
from app import uploads
from cohorts.workbook import services
from cohorts.workbook.uploads import discard_upload
from tests.cohorts.workbook.test_workbook_pages import PARTICIPANTS, participant_count, upload, zipped

WORKBOOK = zipped(participants=PARTICIPANTS).getvalue()


@pytest.fixture(params=["database", "folder"])
def store(request, app, monkeypatch, tmp_path):
    """Each test twice: bytes in the `uploads` table (the default), and in a shared UPLOAD_DIR."""
    monkeypatch.setitem(app.config, "UPLOAD_DIR", str(tmp_path / "shared") if request.param == "folder" else None)
    return request.param


def upload_count() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(uploads.Upload))


def test_an_upload_keeps_its_bytes_in_the_chosen_store(store, tmp_path, login):
    user = login(Role.staff)
    stored = uploads.store_bytes(WORKBOOK, "programme.zip", user)
    db.session.expire_all()
    found = uploads.find_upload(stored.token)
    assert found.size == len(WORKBOOK) and found.created_by_id == user.id and found.filename == "programme.zip"
    assert uploads.read_upload(found) == WORKBOOK
    assert (found.data is None) == (store == "folder")
    shared = tmp_path / "shared"
    assert (store == "folder") == (shared / f"{found.token}.zip").is_file()
    with uploads.local_copy(found) as path:
        assert path.suffix == ".zip" and path.read_bytes() == WORKBOOK
    discard_upload(found.token)
    assert uploads.find_upload(stored.token) is None
    assert not shared.exists() or not list(shared.iterdir())


def test_the_check_and_the_import_read_the_upload_from_the_store(store, client, login):
    login(Role.staff)
    upload(client, zipped(participants=PARTICIPANTS))
    check = db.session.scalar(sa.select(Job).order_by(Job.id.desc()))
    assert check.result["counts"]["participants"]["created"] == 2
    client.post(f"/staff/workbook/checks/{check.id}/import")
    assert participant_count() == 2 and upload_count() == 0


def test_a_crashed_import_keeps_the_upload_and_its_retry_imports(client, login, monkeypatch):
    login(Role.staff)
    upload(client, zipped(participants=PARTICIPANTS))
    check = db.session.scalar(sa.select(Job).order_by(Job.id.desc()))
    token = check.parameters["token"]
    real = services.import_workbook

    def crash(*args, **kwargs):
        raise RuntimeError("the disk went away")

    monkeypatch.setattr(services, "import_workbook", crash)
    client.post(f"/staff/workbook/checks/{check.id}/import")
    job = db.session.scalar(sa.select(Job).order_by(Job.id.desc()))
    assert job.state == JobState.failed and uploads.find_upload(token) is not None
    monkeypatch.setattr(services, "import_workbook", real)
    jobs.retry_job(job)
    db.session.commit()
    jobs.dispatch(job)
    assert db.session.get(Job, job.id).state == JobState.done and participant_count() == 2
    assert uploads.find_upload(token) is None


def test_cancelling_a_preview_deletes_the_upload(client, login):
    login(Role.staff)
    upload(client, zipped(participants=PARTICIPANTS))
    check = db.session.scalar(sa.select(Job).order_by(Job.id.desc()))
    assert upload_count() == 1
    response = client.post(f"/staff/workbook/checks/{check.id}/cancel", follow_redirects=True)
    assert "The upload was removed" in response.get_data(as_text=True)
    assert upload_count() == 0 and participant_count() == 0


def test_a_new_upload_replaces_the_waiting_one(client, login):
    login(Role.staff)
    upload(client, zipped(participants=PARTICIPANTS))
    upload(client, zipped(participants=PARTICIPANTS))
    assert upload_count() == 1


def test_uploads_left_waiting_a_day_are_swept(store, tmp_path, app):
    old = uploads.store_bytes(b"people", "old.zip", None)
    fresh = uploads.store_bytes(b"people", "fresh.zip", None)
    old.created_at = utcnow() - uploads.UPLOAD_MAX_AGE - timedelta(minutes=1)
    db.session.flush()
    assert uploads.discard_stale_uploads() == 1
    assert uploads.find_upload(old.token) is None and uploads.find_upload(fresh.token) is not None
    if store == "folder":
        assert sorted(p.name for p in (tmp_path / "shared").iterdir()) == [f"{fresh.token}.zip"]
    assert app.extensions["bridgework_tasks"].tasks[uploads.SWEEP]  # hourly, on the workers


def test_an_erasure_drops_every_waiting_upload(store, tmp_path):
    from cohorts.signals import personal_data_erased

    uploads.store_bytes(b"rows naming people", "waiting.zip", None)
    personal_data_erased.send(None)
    assert upload_count() == 0
    assert store == "database" or not list((tmp_path / "shared").iterdir())


def test_no_request_reads_the_workbook(client, login, monkeypatch):
    """The upload answers with a redirect to the check job's page; only the job (here run by hand,
    as a worker would) reads the file. The job page and the confirm read nothing either."""
    login(Role.staff)
    read = []
    real_reader = services.read_workbook
    monkeypatch.setattr(services, "read_workbook", lambda *a, **k: read.append(1) or real_reader(*a, **k))
    queued = []
    monkeypatch.setattr(jobs, "dispatch", lambda job: queued.append(job.id))  # a worker elsewhere

    response = upload(client, zipped(participants=PARTICIPANTS))
    check_id = queued[-1]
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{check_id}")
    page = client.get(f"/jobs/{check_id}").get_data(as_text=True)
    assert "Waiting for a worker" in page and not read

    runner.run_job(check_id)  # the worker
    assert len(read) == 1
    assert "Preview of programme.zip" in client.get(f"/jobs/{check_id}").get_data(as_text=True)
    client.post(f"/staff/workbook/checks/{check_id}/import")
    assert len(read) == 1 and participant_count() == 0  # the confirm only queued the import
    runner.run_job(queued[-1])
    assert len(read) == 2 and participant_count() == 2
