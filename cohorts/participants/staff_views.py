"""Staff pages: participants, their intake, case notes and consent."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.concurrency import version_ok
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, show_rule_error
from app.models import User
from app.pagination import Cursor
from app.reporting import requested_format, table_response
from app.tasks.web import export_wants_job, run_as_job
from cohorts.errors import CohortRuleError
from cohorts.models import Participant
from cohorts.participants import exports, queries
from cohorts.participants.forms import CaseNoteForm, ParticipantFilterForm, ParticipantForm
from cohorts.participants.services import add_case_note, assign_coach, create_participant, set_consent, update_intake


def _coach(coach_id: int | None) -> User | None:
    return db.session.get(User, coach_id) if coach_id else None


def _participant(participant_id: int) -> Participant:
    return get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)


def list_participants():
    form = ParticipantFilterForm(request.args, cohorts=queries.cohort_choices(), coaches=queries.coach_choices())
    form.validate()
    filters = {"search": form.q.data or "", "cohort_id": form.cohort.data if not form.cohort.errors else None,
               "coach_id": form.coach.data if not form.coach.errors else None, "consent": form.consent.data or ""}
    if fmt := requested_format():
        if export_wants_job(lambda: exports.participants_count(**filters)):
            return run_as_job(exports.PARTICIPANTS_EXPORT, {"filters": filters, "format": fmt})
        return table_response(exports.participants_frame(**filters), "participants", fmt)
    page = queries.participants_page(
        **filters, cursor=Cursor.from_args(request.args), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/participants/list.html", form=form, page=page)


def new_participant():
    form = ParticipantForm(coaches=queries.coach_choices())
    if form.validate_on_submit():
        try:
            participant = create_participant(current_user, coach=_coach(form.coach_id.data), **form.intake())
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"{participant.full_name} is added.", "success")
            return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/participants/form.html", form=form, participant=None)


def participant_detail(participant_id: int):
    detail = queries.participant_detail(participant_id, current_user, local_today()) or abort(404)
    return render_template("cohorts/participants/detail.html", note_form=CaseNoteForm(),
                           **detail)


def edit_intake(participant_id: int):
    participant = _participant(participant_id)
    form = ParticipantForm(obj=participant, coaches=queries.coach_choices())
    if form.validate_on_submit() and version_ok(form, participant):
        try:
            update_intake(participant, current_user, **form.intake())
            assign_coach(participant, _coach(form.coach_id.data), current_user)
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash("Intake saved.", "success")
            return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/participants/form.html", form=form, participant=participant)


def add_note(participant_id: int):
    participant = _participant(participant_id)
    form = CaseNoteForm()
    if not form.validate_on_submit():
        flash(" ".join(form.body.errors) or "The note could not be saved.", "error")
    else:
        try:
            add_case_note(participant, current_user, form.body.data)
        except CohortRuleError as error:
            show_rule_error(None, error)
        else:
            db.session.commit()
            flash("Note added.", "success")
    return redirect(url_for(".participant_detail", participant_id=participant.id, _anchor="case-notes"))


def record_consent(participant_id: int, action: str):
    """Staff record consent the participant gave or withdrew in person (audited as theirs)."""
    participant = _participant(participant_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    set_consent(participant, action == "give", current_user)
    db.session.commit()
    flash("Consent to share recorded as " + ("given." if action == "give" else "withdrawn."), "success")
    return redirect(url_for(".participant_detail", participant_id=participant.id, _anchor="consent"))
