"""Jobs in immediate mode (tasks run inline when enqueued): lifecycle, progress, leases and retries."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.db import utcnow
from app.errors import RuleError
from app.extensions import db
from app.models import Role, Skill
from app.tasks import jobs
from app.tasks.kinds import JobFailed, JobKind, JobOutcome, register_kind
from app.tasks.models import Job, JobState
from app.tasks.progress import LiveProgress, read_live
from app.tasks.queue import TaskQueue, current_queue
from tests import factories as f

KIND = "test_skill"


def add_skill(job: Job, report) -> JobOutcome:
    """A job that writes a row, then does what its parameters ask."""
    report(50, "Half way")
    db.session.add(Skill(label=job.parameters["label"], label_key=job.parameters["label"].lower()))
    db.session.flush()
    if job.parameters.get("refuse"):
        raise JobFailed("Refused on purpose.", result={"why": "asked"})
    if job.parameters.get("crash"):
        raise RuntimeError("boom")
    return JobOutcome(result={"skills": 1}, message="One skill added.", output_url="/staff/skills")


@pytest.fixture(autouse=True)
def test_kind(app):
    register_kind(app, JobKind(KIND, "Test job", add_skill))


def run(user=None, **parameters) -> Job:
    job = jobs.enqueue_job(KIND, user, {"label": "Welding", **parameters})
    db.session.commit()
    jobs.dispatch(job)
    db.session.expire_all()
    return db.session.get(Job, job.id)


def skills() -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Skill).where(Skill.label == "Welding"))


def test_a_job_runs_and_records_its_outcome():
    user = f.UserFactory()
    job = run(user)
    assert job.state == JobState.done and job.progress == 100 and job.attempts == 1
    assert job.result == {"skills": 1} and job.message == "One skill added." and job.output_url == "/staff/skills"
    assert job.started_by_id == user.id and job.started_at <= job.finished_at and job.error == ""
    assert skills() == 1
    assert read_live(current_queue(), job.id) is None  # the live progress is cleared at the end


def test_a_refused_job_writes_nothing_and_keeps_its_summary():
    job = run(refuse=True)
    assert job.state == JobState.failed and job.message == "Refused on purpose." and job.result == {"why": "asked"}
    assert skills() == 0


def test_a_crashing_job_writes_nothing_and_records_the_error():
    job = run(crash=True)
    assert job.state == JobState.failed and "RuntimeError: boom" in job.error
    assert "nothing was written" in job.message
    assert skills() == 0


def test_an_unknown_kind_is_refused():
    with pytest.raises(RuleError):
        jobs.enqueue_job("no_such_kind", None, {})


def test_progress_is_live_in_the_queue_store_while_running():
    job = jobs.enqueue_job(KIND, None, {"label": "Welding"})
    jobs.start_job(job)
    LiveProgress(current_queue(), job.id).report(42, "Writing participants…", force=True)
    assert jobs.live_progress(job) == (42, "Writing participants…")
    job.state = JobState.queued  # a queued job shows its row, not a stale live figure
    assert jobs.live_progress(job) == (0, "Started.")


def test_a_running_job_past_its_lease_is_failed_by_the_sweep(app, monkeypatch):
    monkeypatch.setitem(app.config, "TASK_LEASE_SECONDS", 60)
    lost, alive = (jobs.enqueue_job(KIND, None, {"label": label}) for label in ("a", "b"))
    for job in (lost, alive):
        jobs.start_job(job)
    lost.heartbeat_at = alive.heartbeat_at = utcnow() - timedelta(minutes=5)
    LiveProgress(current_queue(), alive.id).beat()  # its worker still beats, in the queue's store
    assert jobs.sweep_expired_jobs() == 1
    assert lost.state == JobState.failed and "no heartbeat for 60 s" in lost.error and lost.finished_at
    assert alive.state == JobState.running
    assert jobs.sweep_expired_jobs(now=utcnow() + timedelta(minutes=2)) == 1  # then its beats stop too
    assert alive.state == JobState.failed


def test_a_failed_job_is_retried_and_runs_again():
    job = run(crash=True)
    jobs.retry_job(job)
    assert job.state == JobState.queued and job.attempts == 2 and job.error == "" and job.started_at is None
    job.parameters = {"label": "Welding"}
    db.session.commit()
    jobs.dispatch(job)
    assert db.session.get(Job, job.id).state == JobState.done and skills() == 1
    with pytest.raises(RuleError, match="Only a failed job"):
        jobs.retry_job(job)


def test_a_queue_that_does_not_answer_fails_the_job_with_a_clear_error(monkeypatch):
    def down(self, name, *args):
        raise ConnectionError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(TaskQueue, "enqueue", down)
    job = jobs.enqueue_job(KIND, None, {"label": "Welding"})
    db.session.commit()
    with pytest.raises(jobs.QueueUnavailable, match="task queue is not answering"):
        jobs.dispatch(job)
    assert job.state == JobState.failed and "Connection refused" in job.error
    assert skills() == 0


def test_a_deleted_user_leaves_the_job_s_record(sql):
    user = f.UserFactory(role=Role.staff)
    job = run(user)
    db.session.delete(user)
    db.session.flush()
    db.session.expire_all()
    assert db.session.get(Job, job.id).started_by_id is None
