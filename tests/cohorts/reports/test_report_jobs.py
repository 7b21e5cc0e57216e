"""Reports and list downloads as jobs: the programme PDF and a large participant export are queued (immediate mode
here), their page offers the file, and only the job's owner or an admin may download it."""

from __future__ import annotations

import io
from datetime import timedelta

import pandas as pd
import pytest
import sqlalchemy as sa
from flask import url_for

from app.db import utcnow
from app.extensions import db
from app.models import Role
from app.tasks.files import output_url
from app.tasks.models import Job, JobState
from app.uploads import UPLOAD_MAX_AGE, Upload, discard_stale_uploads
from cohorts.signals import personal_data_erased
from tests import factories as f


def last_job() -> Job:
    return db.session.scalar(sa.select(Job).order_by(Job.id.desc()))


def test_the_programme_report_is_a_job_whose_page_offers_the_pdf(client, login):
    f.CohortFactory(code="SC-2026-01")
    user = login(Role.staff)
    response = client.post("/staff/outcomes/report?as_of=2026-06-30")
    job = last_job()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.started_by_id, job.state, job.progress) == ("programme_pdf", user.id, JobState.done, 100)
    assert job.parameters == {"as_of": "2026-06-30"} and job.result["cohorts"] == 1
    assert job.output_url == f"/jobs/{job.id}/download"
    page = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "Download programme-report-2026-06-30.pdf" in page and "Programme report (PDF)" in page
    download = client.get(f"/jobs/{job.id}/download")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    assert download.data.startswith(b"%PDF") and "programme-report-2026-06-30.pdf" in download.headers[
        "Content-Disposition"]


def test_a_job_s_file_is_served_to_its_owner_and_admins_only(client, login):
    owner = login(Role.staff)
    client.post("/staff/outcomes/report?as_of=2026-06-30")
    job = last_job()
    assert job.started_by_id == owner.id and job.state == JobState.done
    for other in (Role.staff, Role.employer, Role.participant):
        login(other)
        assert client.get(f"/jobs/{job.id}/download").status_code == 404
        assert client.get(f"/jobs/{job.id}").status_code == 404
    login(Role.admin)
    assert client.get(f"/jobs/{job.id}/download").status_code == 200
    with client.session_transaction() as session:
        session.clear()
    assert client.get(f"/jobs/{job.id}/download").status_code in (302, 401)


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_only_staff_start_the_programme_report(client, login, role):
    login(role)
    assert client.post("/staff/outcomes/report?as_of=2026-06-30").status_code == 403
    assert last_job() is None


def test_the_programme_report_is_started_by_a_post_only(client, login):
    login(Role.staff)
    assert client.get("/staff/outcomes/report").status_code == 405
    assert 'action="/staff/outcomes/report?as_of=' in client.get("/staff/outcomes").get_data(as_text=True)


def test_a_file_no_longer_kept_is_said_so_and_answers_404(app, client, login):
    login(Role.staff)
    client.post("/staff/outcomes/report?as_of=2026-06-30")
    job = last_job()
    assert discard_stale_uploads(now=utcnow() + UPLOAD_MAX_AGE + timedelta(minutes=1)) == 1  # past its 24 hours
    assert client.get(f"/jobs/{job.id}/download").status_code == 404
    assert "The file is no longer kept" in client.get(f"/jobs/{job.id}").get_data(as_text=True)


def test_an_erasure_removes_every_job_file(client, login):
    login(Role.staff)
    client.get("/staff/participants?format=csv&job=1")
    kept = sa.select(sa.func.count(Upload.id))
    assert db.session.scalar(kept) == 1
    personal_data_erased.send(1, emails=["someone@example.test"])
    assert db.session.scalar(kept) == 0


def test_the_download_path_is_the_jobs_blueprint_s(app):
    job = Job(id=41, kind="programme_pdf")
    with app.test_request_context():
        assert output_url(job) == url_for("jobs.download_output", job_id=41)


# --- the participant list download ----------------------------------------------------------------


def test_a_small_participant_download_stays_synchronous(client, login):
    f.ParticipantFactory(email="ada@example.test")
    login(Role.staff)
    response = client.get("/staff/participants?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert b"ada@example.test" in response.data and last_job() is None


def test_asking_for_a_job_queues_the_export_with_the_page_s_filters(client, login):
    f.ParticipantFactory(first_name="Ada", email="ada@example.test")
    f.ParticipantFactory(first_name="Grace", email="grace@example.test")
    user = login(Role.staff)
    response = client.get("/staff/participants?format=csv&job=1&q=ada")
    job = last_job()
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{job.id}")
    assert (job.kind, job.started_by_id, job.state) == ("participants_export", user.id, JobState.done)
    assert job.parameters["format"] == "csv" and job.parameters["filters"]["search"] == "ada"
    assert job.result["rows"] == 1 and job.message == "1 participant exported."
    rows = pd.read_csv(io.BytesIO(client.get(f"/jobs/{job.id}/download").data), dtype=str)
    assert list(rows["email"]) == ["ada@example.test"]


def test_a_download_over_the_threshold_runs_as_a_job(app, client, login, monkeypatch):
    monkeypatch.setitem(app.config, "EXPORT_JOB_THRESHOLD", 1)
    f.ParticipantFactory(), f.ParticipantFactory()
    login(Role.staff)
    response = client.get("/staff/participants?format=xlsx")
    job = last_job()
    assert response.status_code == 302 and job.kind == "participants_export" and job.result["rows"] == 2
    download = client.get(f"/jobs/{job.id}/download")
    assert download.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert len(pd.read_excel(io.BytesIO(download.data))) == 2
    login(Role.staff)  # another staff member
    assert client.get(f"/jobs/{job.id}/download").status_code == 404
