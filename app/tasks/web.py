"""Request plumbing the features share to start a job from a page: queue it, then show its page."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import current_app, flash, redirect, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from app.extensions import db
from app.tasks import jobs


def run_as_job(kind: str, parameters: dict[str, Any]) -> Response:
    """Queue a job for the current user, commit, hand it to the queue and send the browser to its page.
    A queue that does not answer leaves the job failed with the reason, and the page says so."""
    job = jobs.enqueue_job(kind, current_user, parameters)
    db.session.commit()
    try:
        jobs.dispatch(job)
    except jobs.QueueUnavailable as refusal:
        db.session.commit()
        flash(refusal.message, "error")
    return redirect(url_for("jobs.show_job", job_id=job.id))


def export_wants_job(count_rows: Callable[[], int]) -> bool:
    """A list download runs as a job when asked (?job=1) or when it has more rows than EXPORT_JOB_THRESHOLD."""
    if request.args.get("job") == "1":
        return True
    return count_rows() > current_app.config["EXPORT_JOB_THRESHOLD"]
