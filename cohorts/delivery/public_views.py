"""Tokenised public links: calendar feeds and the reminders opt-out."""

from __future__ import annotations

from flask import Response, abort, render_template

from app.access import public
from app.extensions import db
from app.forms import EmptyForm
from cohorts.delivery import calendars
from cohorts.delivery.nudges import opt_out_of_nudges, participant_for_opt_out_token


def opt_out(token: str):
    participant = participant_for_opt_out_token(token)
    if participant is None:
        abort(404)
    form = EmptyForm()
    if form.validate_on_submit():
        opt_out_of_nudges(participant)
        db.session.commit()
    return render_template("cohorts/portal/opt_out.html", form=form, participant=participant)


def _ics(body: bytes | None) -> Response:
    if body is None:
        abort(404)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="bridgework.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@public
def cohort_feed(token: str):
    return _ics(calendars.cohort_feed(token))


@public
def employer_feed(token: str):
    return _ics(calendars.employer_feed(token))


@public
def participant_feed(token: str):
    return _ics(calendars.participant_feed(token))


@public
def mentor_feed(token: str):
    return _ics(calendars.mentor_feed(token))
