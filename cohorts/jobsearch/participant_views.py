"""Participant portal: the job sites I read, jobs for me, and my applications."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.errors import RuleError
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from app.models import User
from cohorts.jobsearch import queries, services
from cohorts.jobsearch.forms import STAGE_LABELS, ApplicationForm, SourceForm
from cohorts.jobsearch.polling import poll_new_source
from cohorts.portals import current_participant
from employers.jobs.models import JobPosting, JobSource
from employers.jobs.services import KIND_LABELS, add_source, remove_source


def _me() -> User:
    return db.session.get(User, current_user.id)


def job_sources():
    form = SourceForm()
    if form.validate_on_submit():
        try:
            source = add_source(name=form.name.data, url=form.url.data, kind=form.kind.data, owner=_me(),
                                added_by=_me())
        except RuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"“{source.name}” is added. {poll_new_source(source)}", "success")
            return redirect(url_for(".job_sources"))
    programme, own, counts = queries.my_sources(_me())
    return render_template("cohorts/jobsearch/sources.html", form=form, programme=programme, own=own,
                           counts=counts, kinds=KIND_LABELS, remove_form=EmptyForm()), 422 if form.errors else 200


def remove_job_source(source_id: int):
    source = get_or_404(JobSource, source_id, visible=lambda s: s.owner_id == current_user.id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    remove_source(source, _me())
    db.session.commit()
    flash(f"“{source.name}” is removed.", "success")
    return redirect(url_for(".job_sources"))


def jobs_for_you():
    me = current_participant()
    page, target = queries.jobs_for_you(me, _me(), request.args.get("page", 1, type=int))
    return render_template("cohorts/jobsearch/jobs_for_you.html", page=page, target=target, save_form=EmptyForm())


def save_job(posting_id: int):
    posting = get_or_404(JobPosting, posting_id, visible=lambda p: queries.may_see_posting(_me(), p.id))
    if not EmptyForm().validate_on_submit():
        abort(400)
    saved = services.save_posting(current_participant(), posting, _me())
    db.session.commit()
    flash(f"“{posting.title}” is saved to your applications.", "success")
    return redirect(url_for(".job_application", saved_id=saved.id))


def job_applications():
    page = queries.my_applications(current_participant().id, request.args.get("page", 1, type=int))
    return render_template("cohorts/jobsearch/applications.html", page=page, stages=STAGE_LABELS)


def job_application(saved_id: int):
    saved = queries.application_of(current_participant().id, saved_id) or abort(404)
    form = ApplicationForm(obj=saved)
    if form.validate_on_submit():
        try:
            services.update_application(saved, _me(), stage=form.stage.data, applied_on=form.applied_on.data,
                                        notes=form.notes.data)
        except RuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Your application is updated.", "success")
            return redirect(url_for(".job_applications"))
    return render_template("cohorts/jobsearch/application.html", saved=saved, form=form,
                           stages=STAGE_LABELS), 422 if form.errors else 200
