"""The admin's erasure page: confirm, re-enter the password, anonymise (cohorts/privacy/erasure.py)."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from app.access import allow, get_or_404
from app.auth.reauth import require_reauth
from app.extensions import db
from app.forms import show_rule_error
from app.models import Role
from cohorts.errors import CohortRuleError
from cohorts.models import Participant
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data


class EraseForm(FlaskForm):
    understood = BooleanField(
        "I understand that this person's name, contact details, intake and notes are erased for good",
        validators=[DataRequired(message="Tick the box to confirm you mean to erase this person.")],
    )


def _participant(participant_id: int) -> Participant:
    return get_or_404(Participant, participant_id, visible=lambda p: p.anonymised_at is None)


@allow(Role.admin)
@require_reauth
def erase_participant_page(participant_id: int):
    participant = _participant(participant_id)
    form = EraseForm()
    if form.validate_on_submit():
        try:
            erase_participant(participant, current_user)
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Participant {participant.id} is erased: their personal data is anonymised and the "
                  "outcome figures are unchanged.", "success")
            return redirect(url_for(".list_participants"))
    return render_template("privacy/erase.html", participant=participant, form=form)


def export_participant_data(participant_id: int):
    participant = _participant(participant_id)
    body = json.dumps(export_subject_data(participant), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="participant-{participant.id}-data.json"',
    })
