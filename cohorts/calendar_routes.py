"""Public iCalendar feeds: the unguessable token in the URL is the only key."""

from __future__ import annotations

from flask import Blueprint, Response, abort

from app.access import PUBLIC, guard_blueprint, public
from cohorts import calendars

bp = guard_blueprint(Blueprint("calendars", __name__, url_prefix="/calendars"), PUBLIC)


def _ics(body: bytes | None) -> Response:
    if body is None:
        abort(404)
    response = Response(body, mimetype="text/calendar")
    response.headers["Content-Type"] = "text/calendar; charset=utf-8"
    response.headers["Content-Disposition"] = 'inline; filename="bridgework.ics"'
    response.headers["Cache-Control"] = "private, max-age=300"
    response.headers["X-Robots-Tag"] = "noindex"
    return response


@bp.route("/cohort/<token>.ics")
@public
def cohort_feed(token: str):
    return _ics(calendars.cohort_feed(token))


@bp.route("/employer/<token>.ics")
@public
def employer_feed(token: str):
    return _ics(calendars.employer_feed(token))


@bp.route("/participant/<token>.ics")
@public
def participant_feed(token: str):
    return _ics(calendars.participant_feed(token))
