"""Participant portal: home and data-sharing consent."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.access import current_participant_id
from app.extensions import db
from app.forms import EmptyForm
from cohorts.participants import queries
from cohorts.participants.services import set_consent
from cohorts.portals import current_participant


def home():
    return render_template(
        "cohorts/portal/home.html", **queries.participant_home_summary(current_participant_id())
    )


def consent():
    return render_template("cohorts/portal/consent.html", participant=current_participant(), form=EmptyForm())


def change_consent(action: str):
    if not EmptyForm().validate_on_submit():
        abort(400)
    given = action == "give"
    set_consent(current_participant(), given, current_user)
    db.session.commit()
    flash("Employers in your programme can now see your profile." if given
          else "Employers can no longer see your profile. This took effect straight away.", "success")
    return redirect(url_for(".consent"))
