"""Participant portal: the voluntary equality monitoring form."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from app.extensions import db
from cohorts.coaching import services
from cohorts.coaching.forms import EqualityForm
from cohorts.models import EqualityMonitoring
from cohorts.portals import current_participant


def equality():
    """Answer, change or clear the equality questions; never used to match or decide."""
    participant = current_participant()
    answers = db.session.query(EqualityMonitoring).filter_by(participant_id=participant.id).one_or_none()
    form = EqualityForm(data={f: getattr(getattr(answers, f, None), "value", getattr(answers, f, None)) or ""
                              for f in services.EQUALITY_FIELDS})
    if form.validate_on_submit():
        services.record_equality(participant, {f: getattr(form, f).data for f in services.EQUALITY_FIELDS})
        db.session.commit()
        flash("Thank you. Your answers are saved.", "success")
        return redirect(url_for(".equality"))
    return render_template("cohorts/coaching/equality.html", form=form), 422 if form.errors else 200
