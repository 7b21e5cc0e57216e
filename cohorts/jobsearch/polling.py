"""A participant's new source is read once, straight away, on the task queue.

The poll is queued (employers/jobs/polling.py ``POLL_ONE_TASK``), not run in the request: a slow
site would otherwise hold the person's page for up to ``OUTBOUND_TIMEOUT`` seconds. A worker
takes it within moments; tests run the queue inline (``TASK_QUEUE_IMMEDIATE``), so there the poll
has run by the time the page answers. A new source is due at once anyway, so when the queue is
down the next 15-minute run reads it.
"""

from __future__ import annotations

from flask import current_app

from app.extensions import db
from app.tasks.queue import current_queue
from employers.jobs.models import JobSource
from employers.jobs.polling import POLL_ONE_TASK
from employers.jobs.queries import postings_count_by_source


def poll_new_source(source: JobSource) -> str:
    """Queue the first read of a committed source and say where it stands, in the participant's words."""
    try:
        current_queue().enqueue(POLL_ONE_TASK, source.id)
    except Exception:  # the queue is down: the source is due, so the next scheduled run reads it
        current_app.logger.exception("could not queue the first read of job source %s", source.id)
    db.session.refresh(source)  # an inline queue (tests) has read it already
    if source.last_polled_at is None:
        return "We are reading it now: its jobs show in Jobs for you within a few minutes."
    if source.last_error:
        return f"We could not read it yet ({source.last_error}); we will keep trying."
    found = postings_count_by_source([source.id]).get(source.id, 0)
    return f"We found {found} open job{'s' if found != 1 else ''} there: see Jobs for you."
