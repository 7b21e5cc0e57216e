"""Small outcome fixtures: a cohort ending on E, its participants, their placements, its figures."""

from __future__ import annotations

import re
from datetime import date, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.templating import fragment_cache
from cohorts.models import EnrolmentStatus, OutcomeStamp
from cohorts.outcomes.measures import cohort_outcomes
from tests import factories as f

E = date(2026, 3, 1)  # every fixture cohort ends here unless it says otherwise
LATER = date(2027, 6, 30)  # an as-of date after every window has closed


def days(n: int) -> timedelta:
    return timedelta(days=n)


def cohort(code: str = "T-01", ends_on: date = E):
    return f.CohortFactory(code=code, starts_on=ends_on - days(56), ends_on=ends_on)


def enrol(c, status=EnrolmentStatus.completed, job_seeking=True, exclusion=None, enrolled=True):
    enrolment = f.EnrolmentFactory(
        cohort=c, status=status, job_seeking=job_seeking, exclusion_reason=exclusion,
        enrolled_on=c.starts_on if enrolled else None,
    )
    return enrolment.participant


def place(participant, c, start: date, offer: date | None = None, **fields):
    return f.PlacementFactory(participant=participant, cohort=c, start_date=start,
                              offer_accepted_on=offer, **fields)


def figures(c, as_of=LATER):
    return cohort_outcomes(as_of, [c.code])["cohorts"][c.code]


def cached_view(client, url: str) -> tuple[int, str]:
    """(fragment-cache hits this view added, the page's text): the dashboards' kept markup tests."""
    before = fragment_cache().hits
    response = client.get(url)
    assert response.status_code == 200
    return fragment_cache().hits - before, response.get_data(as_text=True)


#: a CSRF token's value: signed with the second it was made, so two renders a second apart differ there
_CSRF_VALUE = re.compile(r'(name="csrf_token"[^>]*value=")[^"]*"')


def same_page(html: str) -> str:
    """The page with its CSRF tokens blanked, to compare a kept render with a fresh one."""
    return _CSRF_VALUE.sub(r'\1"', html)


def stat_value(html: str, label: str) -> str:
    """The figure a dashboard's stat card with this label shows."""
    return re.search(r'stat__value">(?:<a [^>]*>)?([^<]*)(?:</a>)?</span><span class="stat__label">' + label, html)[1]


def stamp() -> tuple[int, str]:
    """The outcomes stamp's value, as the session's transaction sees it."""
    return tuple(db.session.execute(sa.select(OutcomeStamp.counter, OutcomeStamp.token)).one())


def raw(sql: str, **params) -> None:
    """SQL through the connection: no ORM listener sees it, only the database's triggers."""
    db.session.connection().execute(sa.text(sql), params)
