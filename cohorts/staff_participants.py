"""Staff pages for participants: the list, intake, the participant record, notes, consent, data export."""

from __future__ import annotations

import json
from datetime import datetime

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.concurrency import version_ok
from app.keyset import Cursor
from app.extensions import db
from app.models import User
from app.templating import local_zone
from app.reporting import table_response
from cohorts import exports
from cohorts import participant_queries as queries
from cohorts.errors import CohortRuleError
from cohorts.models import Participant
from cohorts.participant_forms import CaseNoteForm, ConfirmForm, ParticipantFilterForm, ParticipantForm
from cohorts.participants import add_case_note, assign_coach, create_participant, set_consent, update_intake
from cohorts.staff_routes import bp
from cohorts.subject_access import export_subject_data


def local_today():
    return datetime.now(local_zone()).date()


def _coach(coach_id: int | None) -> User | None:
    return db.session.get(User, coach_id) if coach_id else None


def _participant(participant_id: int) -> Participant:
    return get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)


@bp.route("/participants")
def list_participants():
    form = ParticipantFilterForm(request.args, cohorts=queries.cohort_choices(), coaches=queries.coach_choices())
    form.validate()
    filters = dict(search=form.q.data or "", cohort_id=form.cohort.data if not form.cohort.errors else None,
                   coach_id=form.coach.data if not form.coach.errors else None, consent=form.consent.data or "")
    if fmt := exports.requested_format():
        return table_response(exports.participants_frame(**filters), "participants", fmt)
    page = queries.participants_page(
        **filters, cursor=Cursor.from_args(request.args), per_page=current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/participants/list.html", form=form, page=page)


@bp.route("/participants/new", methods=["GET", "POST"])
def new_participant():
    form = ParticipantForm(coaches=queries.coach_choices())
    if form.validate_on_submit():
        try:
            participant = create_participant(current_user, coach=_coach(form.coach_id.data), **form.intake())
        except CohortRuleError as error:
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash(f"{participant.full_name} is added.", "success")
            return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/participants/form.html", form=form, participant=None)


@bp.route("/participants/<int:participant_id>")
def participant_detail(participant_id: int):
    detail = queries.participant_detail(participant_id, current_user, local_today()) or abort(404)
    return render_template("cohorts/participants/detail.html", note_form=CaseNoteForm(), **detail)


@bp.route("/participants/<int:participant_id>/intake", methods=["GET", "POST"])
def edit_intake(participant_id: int):
    participant = _participant(participant_id)
    form = ParticipantForm(obj=participant, coaches=queries.coach_choices())
    if form.validate_on_submit() and version_ok(form, participant):
        try:
            update_intake(participant, current_user, **form.intake())
            assign_coach(participant, _coach(form.coach_id.data), current_user)
        except CohortRuleError as error:
            db.session.rollback()
            form.email.errors.append(str(error))
        else:
            db.session.commit()
            flash("Intake saved.", "success")
            return redirect(url_for(".participant_detail", participant_id=participant.id))
    return render_template("cohorts/participants/form.html", form=form, participant=participant)


@bp.route("/participants/<int:participant_id>/notes", methods=["POST"])
def add_note(participant_id: int):
    participant = _participant(participant_id)
    form = CaseNoteForm()
    if not form.validate_on_submit():
        flash(" ".join(form.body.errors) or "The note could not be saved.", "error")
    else:
        try:
            add_case_note(participant, current_user, form.body.data)
        except CohortRuleError as error:
            flash(str(error), "error")
        else:
            db.session.commit()
            flash("Note added.", "success")
    return redirect(url_for(".participant_detail", participant_id=participant.id, _anchor="case-notes"))


@bp.route("/participants/<int:participant_id>/consent/<any(give, withdraw):action>", methods=["POST"])
def record_consent(participant_id: int, action: str):
    """Staff record consent the participant gave or withdrew in person (audited as theirs)."""
    participant = _participant(participant_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    set_consent(participant, action == "give", current_user)
    db.session.commit()
    flash("Consent to share recorded as " + ("given." if action == "give" else "withdrawn."), "success")
    return redirect(url_for(".participant_detail", participant_id=participant.id, _anchor="consent"))


@bp.route("/participants/<int:participant_id>/data.json")
def export_participant_data(participant_id: int):
    participant = _participant(participant_id)
    body = json.dumps(export_subject_data(participant), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="participant-{participant.id}-data.json"',
    })
