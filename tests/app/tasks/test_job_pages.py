"""The job pages: my jobs, a job's page and JSON, an admin's retry; another user's job answers 404."""

from __future__ import annotations

import re

import pytest

from app.db import utcnow
from app.extensions import db
from app.models import Role
from app.tasks.models import Job, JobState
from tests import factories as f
from tests.conftest import assert_query_count_flat


def make_job(user, state=JobState.running, **fields) -> Job:
    job = Job(kind="workbook_import", started_by_id=user.id if user else None, parameters=fields.pop("parameters", {}), state=state,
              progress=fields.pop("progress", 30), message=fields.pop("message", "Writing participants…"),
              heartbeat_at=utcnow() if state == JobState.running else None, **fields)
    db.session.add(job)
    db.session.flush()
    return job


@pytest.fixture(autouse=True)
def long_lease(app, monkeypatch):
    """The running rows made here beat once, when made: keep the sweep away from them."""
    monkeypatch.setitem(app.config, "TASK_LEASE_SECONDS", 3600)


def test_people_see_their_own_jobs_only(client, login):
    user = login(Role.staff)
    mine, theirs = make_job(user), make_job(f.UserFactory())
    listing = client.get("/jobs/").get_data(as_text=True)
    assert f"/jobs/{mine.id}\"" in listing and f"/jobs/{theirs.id}\"" not in listing
    assert client.get(f"/jobs/{theirs.id}").status_code == 404
    assert client.get(f"/jobs/{theirs.id}.json").status_code == 404
    assert client.get("/jobs/999999").status_code == 404


@pytest.mark.parametrize("role", [Role.employer, Role.participant, Role.staff])
def test_every_logged_in_role_has_a_jobs_page(client, login, role):
    user = login(role)
    job = make_job(user)
    assert client.get("/jobs/").status_code == 200
    assert client.get(f"/jobs/{job.id}").status_code == 200


def test_a_running_job_s_page_refreshes_without_javascript_and_polls_with_it(client, login):
    user = login(Role.staff)
    job = make_job(user)
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert re.search(r'<noscript><meta http-equiv="refresh" content="3"></noscript>', html)
    assert '<progress id="job-progress" max="100" value="30">' in html and '<label for="job-progress">' in html
    assert "/static/js/jobs.js" in html and f'data-job-status="/jobs/{job.id}.json"' in html
    assert client.get(f"/jobs/{job.id}.json").get_json() == {
        "id": job.id, "state": "running", "progress": 30, "message": "Writing participants…",
        "finished": False, "url": f"/jobs/{job.id}"}


def test_a_finished_job_s_page_stops_refreshing_and_shows_its_counts(client, login):
    user = login(Role.staff)
    job = make_job(user, JobState.done, progress=100, message="Workbook imported: 3 created, 0 updated.",
                   result={"counts": {"participants": {"created": 3, "updated": 0, "unchanged": 1}}})
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "http-equiv" not in html and "jobs.js" not in html
    assert "<code>participants</code></th><td>3</td><td>0</td><td>1</td>" in html
    assert client.get(f"/jobs/{job.id}.json").get_json()["finished"] is True


def test_a_failed_import_job_lists_its_problems(client, login):
    user = login(Role.staff)
    errors = [{"sheet": "participants", "row": 2, "column": "email", "message": "already taken"}]
    job = make_job(user, JobState.failed, message="1 problem found: nothing was imported.",
                   result={"errors": errors, "error_count": 1}, error="1 problem found")
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "1 problem found: nothing was imported" in html and "already taken" in html
    assert "Retry this job" not in html and "Why it failed" not in html  # only admins see the error


def test_admins_see_every_job_read_its_error_and_retry_it(client, login):
    login(Role.admin)
    owner = f.UserFactory(role=Role.staff)
    job = make_job(owner, JobState.failed, error="The worker stopped answering", parameters={"token": "gone"})
    assert f"/jobs/{job.id}\"" in client.get("/jobs/").get_data(as_text=True)
    html = client.get(f"/jobs/{job.id}").get_data(as_text=True)
    assert "The worker stopped answering" in html and f'action="/jobs/{job.id}/retry"' in html
    response = client.post(f"/jobs/{job.id}/retry")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/jobs/{job.id}")
    db.session.expire_all()
    retried = db.session.get(Job, job.id)
    # it ran again at once (immediate mode); its upload is long gone, so it fails again, saying why
    assert retried.attempts == 2 and retried.state == JobState.failed
    assert "no longer waiting" in retried.message


def test_only_admins_may_retry(client, login):
    user = login(Role.staff)
    job = make_job(user, JobState.failed)
    assert client.post(f"/jobs/{job.id}/retry").status_code == 403
    assert db.session.get(Job, job.id).attempts == 1


def test_retrying_a_job_that_has_not_failed_is_refused_politely(client, login):
    login(Role.admin)
    job = make_job(None, JobState.done)
    page = client.post(f"/jobs/{job.id}/retry", follow_redirects=True).get_data(as_text=True)
    assert "Only a failed job can be retried." in page


def test_anonymous_visitors_are_sent_to_log_in(client):
    for url in ("/jobs/", "/jobs/1", "/jobs/1.json"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_the_jobs_list_runs_the_same_queries_however_many_jobs(client, login):
    admin = login(Role.admin)
    make_job(admin, JobState.done)
    assert_query_count_flat(client, "/jobs/", lambda: [make_job(f.UserFactory(), JobState.done) for _ in range(5)])
