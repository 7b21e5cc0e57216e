"""Staff pages of job sources and postings; employers/jobs/urls.py lists their routes.

Staff see every source, participants' own included (they support the person who added it, and a
broken one explains missing postings), but change only the programme's: a participant's source is
theirs to retry or remove (queries.may_manage), so its buttons are not offered here.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm
from app.tasks.queue import current_queue
from employers.jobs import queries, services
from employers.jobs.forms import JobSourceForm, PostingSearchForm
from employers.jobs.models import JobSource
from employers.jobs.polling import POLL_ONE_TASK
from employers.web import page_arg, run_service


def _programme_source(source_id: int) -> JobSource:
    """A source staff may change: the programme's own; a participant's answers 404 to these buttons."""
    return get_or_404(JobSource, source_id, visible=lambda s: queries.may_manage(current_user, s))


def _sources_page(form: JobSourceForm, status: int = 200):
    pagination = queries.sources_page(page_arg())
    counts = queries.postings_count_by_source([s.id for s in pagination.items])
    return render_template("employers/jobs/sources.html", pagination=pagination, counts=counts, form=form,
                           button_form=EmptyForm(), may_manage=queries.may_manage), status


def list_sources():
    return _sources_page(JobSourceForm())


def add_source():
    form = JobSourceForm()
    if form.validate_on_submit() and run_service(form, lambda: services.add_source(
            name=form.name.data, url=form.url.data, kind=form.kind.data, owner=None, added_by=current_user)):
        db.session.commit()
        flash("Source added; it is read at the next poll.", "success")
        return redirect(url_for("employers_staff.list_job_sources"))
    return _sources_page(form, 422)


def retry_source(source_id: int):
    source = _programme_source(source_id)
    if EmptyForm().validate_on_submit() and run_service(None, lambda: services.retry_source(source, current_user)):
        db.session.commit()
        flash(f"“{source.name}” is active again and will be read at the next poll.", "success")
    return redirect(url_for("employers_staff.list_job_sources"))


def remove_source(source_id: int):
    source = _programme_source(source_id)
    name = source.name
    if EmptyForm().validate_on_submit() and run_service(None, lambda: services.remove_source(source, current_user)):
        db.session.commit()
        flash(f"“{name}” removed.", "success")
    return redirect(url_for("employers_staff.list_job_sources"))


def poll_source_now(source_id: int):
    source = _programme_source(source_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    services.poll_soon(source)
    db.session.commit()
    try:
        current_queue().enqueue(POLL_ONE_TASK, source.id)
    except Exception:  # the queue is down: the source is due, so the next 15-minute run reads it
        current_app.logger.exception("could not queue a poll of job source %s", source.id)
    flash(f"“{source.name}” will be read in a moment; reload to see the result.", "success")
    return redirect(url_for("employers_staff.list_job_sources"))


def list_postings():
    form = PostingSearchForm(formdata=request.args)
    search = form.q.data if form.validate() else ""
    pagination = queries.postings_page(search or "", page_arg())
    return render_template("employers/jobs/postings.html", pagination=pagination, form=form)
