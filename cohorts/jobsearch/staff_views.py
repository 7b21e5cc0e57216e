"""Staff portal: a participant's application to a job posting, its stage, and the placement from a hire."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.errors import RuleError
from app.extensions import db
from app.forms import refuse_change
from cohorts.jobsearch import queries, services
from cohorts.jobsearch.forms import STAGE_LABELS, ApplicationForm, PostingPlacementForm
from cohorts.models import SavedPosting
from cohorts.placements.forms import hire_terms


def _application(participant_id: int, saved_id: int) -> SavedPosting:
    """The application, 404 when it is not this participant's or they were erased."""
    saved = queries.application_of(participant_id, saved_id)
    if saved is None or saved.participant.anonymised_at is not None:
        abort(404)
    return saved


def staff_job_application(participant_id: int, saved_id: int):
    saved = _application(participant_id, saved_id)
    form = ApplicationForm(obj=saved)
    if form.validate_on_submit():
        try:
            services.update_application(saved, current_user, stage=form.stage.data, applied_on=form.applied_on.data,
                                        notes=form.notes.data)
        except RuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("The application is updated.", "success")
            return redirect(url_for(".staff_job_application", participant_id=participant_id, saved_id=saved_id))
    return render_template("cohorts/jobsearch/staff_application.html", saved=saved, form=form,
                           stages=STAGE_LABELS), 422 if form.errors else 200


def record_job_placement(participant_id: int, saved_id: int):
    saved = _application(participant_id, saved_id)
    enrolment = queries.placement_enrolment(participant_id)
    form = PostingPlacementForm(programme=enrolment.cohort.programme if enrolment else None,
                                data={"employer_name": saved.posting.employer_name, "role_title": saved.posting.title})
    if form.validate_on_submit():
        try:
            placement = services.record_posting_placement(saved, current_user, employer_name=form.employer_name.data,
                                                          **hire_terms(form))
        except RuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Placement {placement.ref} is recorded.", "success")
            return redirect(url_for(".placement_detail", placement_id=placement.id))
    return render_template("cohorts/jobsearch/record_placement.html", saved=saved, form=form, enrolment=enrolment,
                           stages=STAGE_LABELS), 422 if form.errors else 200
