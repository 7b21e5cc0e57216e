"""Employer portal: the sessions an employer co-delivers."""

from __future__ import annotations

from datetime import UTC, datetime

from flask import render_template

from app.access import current_employer_id
from app.extensions import db
from cohorts.delivery import queries
from cohorts.delivery.calendars import employer_feed_url, webcal
from employers.models import Employer


def list_sessions():
    """Sessions the employer co-delivers, and its calendar subscription link."""
    employer = db.session.get(Employer, current_employer_id())
    feed_url = employer_feed_url(employer)
    return render_template("cohorts/employer/sessions.html", feed_url=feed_url, webcal_url=webcal(feed_url),
                           sessions=queries.employer_sessions(employer.id, upcoming_from=datetime.now(UTC)))
