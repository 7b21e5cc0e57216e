"""Employer-portal pages that show cohort data: consortium cohorts, sessions, candidates."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Blueprint, render_template

from app.access import EmployerOnly, current_employer_id, guard_blueprint
from app.extensions import db
from cohorts import cohort_queries as queries
from cohorts.calendars import employer_feed_url, webcal
from employers.models import Employer

bp = guard_blueprint(Blueprint("cohorts_employer", __name__, url_prefix="/employer"), EmployerOnly)


@bp.route("/cohorts")
def list_cohorts():
    """The cohorts whose hiring consortium the employer is in, with its commitments."""
    employer_id = current_employer_id()
    return render_template("cohorts/employer/cohorts.html", memberships=queries.employer_memberships(employer_id),
                           delivered=queries.co_delivered_counts(employer_id))


@bp.route("/sessions")
def list_sessions():
    """Sessions the employer co-delivers, and its calendar subscription link."""
    employer = db.session.get(Employer, current_employer_id())
    feed_url = employer_feed_url(employer)
    return render_template("cohorts/employer/sessions.html", feed_url=feed_url, webcal_url=webcal(feed_url),
                           sessions=queries.employer_sessions(employer.id, upcoming_from=datetime.now(UTC)))
