"""The one task that runs every job: load it by id, mark it running, beat, do the work, record how it ended."""

from __future__ import annotations

import logging

from flask import Flask, current_app
from huey import crontab

from app.extensions import db
from app.tasks import jobs, statistics
from app.tasks.kinds import JobFailed, kind_named
from app.tasks.models import Job, JobState
from app.tasks.progress import LiveProgress, clear_live, heartbeat
from app.tasks.queue import TaskQueue, current_queue

log = logging.getLogger(__name__)
SWEEP = "jobs.sweep"


def run_job(job_id: int) -> None:
    """The job's work and its success commit together; a failure rolls the work back first."""
    job = db.session.get(Job, job_id)
    if job is None or job.state != JobState.queued:  # deleted, or already run by another delivery
        return
    kind = kind_named(job.kind)
    jobs.start_job(job)
    db.session.commit()
    queue = current_queue()
    live = LiveProgress(queue, job_id)
    every = max(0.5, current_app.config["TASK_LEASE_SECONDS"] / 4)
    try:
        with heartbeat(live, every):
            outcome = kind.run(job, live.report)
            db.session.flush()
    except JobFailed as refusal:
        db.session.rollback()
        jobs.fail_job(db.session.get(Job, job_id), refusal.message, result=refusal.result)
    except Exception as exc:
        db.session.rollback()
        log.exception("job %s (%s) failed", job_id, kind.name)
        jobs.fail_job(db.session.get(Job, job_id), f"{type(exc).__name__}: {exc}",
                      message="The job stopped on an unexpected error; nothing was written.")
    else:
        jobs.finish_job(job, outcome.result, outcome.message, outcome.output_url)
    db.session.commit()
    clear_live(queue, job_id)
    job = db.session.get(Job, job_id)
    if job.state == JobState.done and kind.after_done is not None:
        kind.after_done(job)


def sweep() -> None:
    if swept := jobs.sweep_expired_jobs():
        log.warning("%s job(s) lost their worker and were marked failed", swept)


def init_app(app: Flask, queue: TaskQueue) -> None:
    queue.task(jobs.RUN_JOB)(run_job)
    queue.periodic_task(SWEEP, crontab(minute="*"))(sweep)
    statistics.init_app(queue)  # planner statistics refreshed nightly (app/tasks/statistics.py)
