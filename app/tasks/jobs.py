"""Job services: enqueue, start, progress, finish, fail, retry, and the lease sweep. Flush, never commit."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app.db import utcnow
from app.errors import RuleError
from app.extensions import db
from app.models import User
from app.tasks.kinds import known_kinds
from app.tasks.models import Job, JobState
from app.tasks.progress import clear_live, read_live
from app.tasks.queue import current_queue

log = logging.getLogger(__name__)
#: the one Huey task that runs every job (app.tasks.runner)
RUN_JOB = "jobs.run"


class QueueUnavailable(RuleError):
    """The task queue did not take the job (Redis stopped, the queue file unwritable)."""


def enqueue_job(kind: str, started_by: User | None, parameters: dict[str, Any]) -> Job:
    """A queued job's row; after the commit, hand it to the queue with dispatch()."""
    if kind not in known_kinds():
        raise RuleError(f"No job of kind {kind!r} is registered.")
    job = Job(kind=kind, started_by_id=started_by.id if started_by else None, parameters=parameters,
              state=JobState.queued, message="Waiting for a worker…")
    db.session.add(job)
    db.session.flush()
    return job


def dispatch(job: Job) -> None:
    """Put a committed job on the queue. A queue that does not answer fails the job (flushed) and
    raises QueueUnavailable, so the page can say so and an admin can retry it later."""
    try:
        current_queue().enqueue(RUN_JOB, job.id)
    except Exception as exc:
        log.exception("job %s: the task queue did not take it", job.id)
        fail_job(job, f"The task queue did not answer ({type(exc).__name__}: {exc}).")
        raise QueueUnavailable("The task queue is not answering, so the job could not start. "
                               "Nothing was changed; please try again in a few minutes.") from exc


def start_job(job: Job) -> None:
    clear_live(current_queue(), job.id)  # no figure left from an earlier attempt
    now = utcnow()
    job.state, job.started_at, job.heartbeat_at = JobState.running, now, now
    job.finished_at, job.progress, job.message, job.error, job.result = None, 0, "Started.", "", None
    db.session.flush()


def finish_job(job: Job, result: dict[str, Any], message: str, output_url: str = "") -> None:
    job.state, job.finished_at, job.progress = JobState.done, utcnow(), 100
    job.result, job.message, job.output_url = result, message[:300], output_url
    db.session.flush()


def fail_job(job: Job, error: str, *, message: str | None = None, result: dict[str, Any] | None = None) -> None:
    job.state, job.finished_at, job.error = JobState.failed, utcnow(), error
    job.message = (message or error).splitlines()[0][:300] if (message or error) else "Failed."
    job.result = result
    db.session.flush()


def retry_job(job: Job) -> None:
    """Queue a failed job again (the same row: its history is its attempts); dispatch after the commit."""
    if job.state != JobState.failed:
        raise RuleError("Only a failed job can be retried.")
    job.state, job.attempts = JobState.queued, job.attempts + 1
    job.progress, job.message, job.error, job.result = 0, "Waiting for a worker…", "", None
    job.started_at = job.finished_at = job.heartbeat_at = None
    db.session.flush()


def live_progress(job: Job) -> tuple[int, str]:
    """A running job's latest figure (from the queue's store), else the row's."""
    if job.state == JobState.running:
        live = read_live(current_queue(), job.id)
        if live:
            return live["progress"], live["message"] or job.message
    return job.progress, job.message


def last_beat(job: Job) -> datetime | None:
    live = read_live(current_queue(), job.id)
    if live and live.get("beat"):
        return datetime.fromtimestamp(live["beat"], UTC)
    return job.heartbeat_at


def sweep_expired_jobs(now: datetime | None = None) -> int:
    """Fail every running job whose worker has not beaten within the lease: it died (killed,
    machine lost) and its transaction went with it, so nothing of its work was written."""
    lease = timedelta(seconds=current_app.config["TASK_LEASE_SECONDS"])
    now = now or utcnow()
    running = db.session.scalars(sa.select(Job).where(Job.state == JobState.running)).all()
    expired = [job for job in running if (beat := last_beat(job)) is None or beat < now - lease]
    for job in expired:
        fail_job(job, f"The worker stopped answering (no heartbeat for {int(lease.total_seconds())} s): "
                      "its work was rolled back, nothing was written. Retry the job.",
                 message="The worker running this job stopped; nothing was written.")
    return len(expired)
