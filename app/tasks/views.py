"""My jobs, a job's page (works without JavaScript), its JSON for the poller, and an admin's retry."""

from __future__ import annotations

import io

from flask import abort, flash, jsonify, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from app.access import get_or_404
from app.errors import RuleError
from app.extensions import db
from app.forms import EmptyForm
from app.tasks import files, jobs, queries
from app.tasks.kinds import known_kinds
from app.tasks.models import Job


def _visible(job: Job) -> bool:
    return queries.can_see(current_user, job)


def _swept() -> None:
    """Reading jobs is when a lost worker's job is noticed (the worker also sweeps every minute)."""
    if jobs.sweep_expired_jobs():
        db.session.commit()


def list_jobs():
    _swept()
    pagination = queries.jobs_page(current_user, request.args.get("page", 1, type=int))
    return render_template("jobs/list.html", pagination=pagination, kinds=known_kinds())


def show_job(job_id: int):
    _swept()
    job = get_or_404(Job, job_id, visible=_visible)
    progress, message = jobs.live_progress(job)
    return render_template("jobs/show.html", job=job, kind=known_kinds().get(job.kind), progress=progress,
                           message=message, form=EmptyForm(), output_kept=files.job_output(job) is not None)


def job_status(job_id: int):
    _swept()
    job = get_or_404(Job, job_id, visible=_visible)
    progress, message = jobs.live_progress(job)
    return jsonify(id=job.id, state=job.state.value, progress=progress, message=message,
                   finished=job.finished, url=url_for(".show_job", job_id=job.id))


def download_output(job_id: int):
    """What a finished job produced, for its owner or an admin; anyone else gets 404."""
    job = get_or_404(Job, job_id, visible=_visible)
    output = files.job_output(job)
    if output is None:
        abort(404)  # none, or removed (files are kept 24 hours, and an erasure removes them)
    data, described = output
    return send_file(io.BytesIO(data), mimetype=described["mimetype"], as_attachment=True,
                     download_name=described["name"], max_age=0)


def retry_job(job_id: int):
    job = get_or_404(Job, job_id)  # admins only (the blueprint's rule for this view)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        jobs.retry_job(job)
        db.session.commit()
        jobs.dispatch(job)
    except RuleError as refusal:  # not failed (any more), or the queue did not answer
        db.session.commit()  # a queue that did not answer left the job failed again, with its error
        db.session.commit()  # the job is failed again, with the queue's error
        flash(refusal.message, "error")
    else:
        flash("The job is queued again.", "success")
    return redirect(url_for(".show_job", job_id=job.id))
