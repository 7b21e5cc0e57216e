"""Staff pages for the work history: ending a placement, and adding, changing or deleting a later job."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.access import get_or_404
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from cohorts.errors import CohortRuleError
from cohorts.models import LaterJob, Participant
from cohorts.placements import queries
from cohorts.placements.history import delete_later_job, end_placement, save_later_job
from cohorts.placements.history_forms import EndPlacementForm, LaterJobForm, later_job_fields
from employers.models import Employer


def _participant_page(participant_id: int):
    return redirect(url_for(".participant_detail", participant_id=participant_id, _anchor="work-history"))


def _later_job(job_id: int) -> LaterJob:
    return get_or_404(LaterJob, job_id, visible=lambda job: job.participant.anonymised_at is None)


def end_placement_view(placement_id: int):
    placement = queries.placement_detail(placement_id) or abort(404)
    if placement.is_void:
        abort(404)
    form = EndPlacementForm(obj=placement)
    if form.validate_on_submit():
        try:
            end_placement(placement, ended_on=form.ended_on.data, end_reason=form.end_reason.data or None,
                          end_note=form.end_note.data, today=local_today(placement.cohort.time_zone),
                          actor=current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Placement {placement.ref} is {'ended' if placement.ended_on else 'open again'}.", "success")
            return redirect(url_for(".placement_detail", placement_id=placement.id))
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cohorts/placements/end.html", placement=placement, form=form), status


def _save_job(participant: Participant, job: LaterJob | None):
    """The add and edit pages: one form, one service."""
    form = LaterJobForm(obj=job, employers=queries.filter_choices()[1],
                        programme=job.placement.cohort.programme if job and job.placement else None)
    if job is not None and not form.is_submitted():
        form.employer.data = job.employer_id
    if form.validate_on_submit():
        employer = db.session.get(Employer, form.employer.data) if form.employer.data else None
        try:
            save_later_job(participant, job, employer=employer, today=local_today(), actor=current_user,
                           **later_job_fields(form))
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("The later job is saved in the work history.", "success")
            return _participant_page(participant.id)
    status = 422 if form.errors or form.form_errors else 200
    return render_template("cohorts/placements/later_job.html", participant=participant, job=job, form=form,
                           delete_form=EmptyForm()), status


def add_later_job(participant_id: int):
    participant = get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)
    return _save_job(participant, None)


def edit_later_job(job_id: int):
    job = _later_job(job_id)
    return _save_job(job.participant, job)


def delete_later_job_view(job_id: int):
    job = _later_job(job_id)
    participant_id = job.participant_id
    if EmptyForm().validate_on_submit():
        delete_later_job(job, current_user)
        db.session.commit()
        flash("The later job is deleted from the work history.", "success")
    return _participant_page(participant_id)
