"""The interview-day pages in their busy states (a booked day, an open register, a refused form, the
participant's forms): valid HTML and no serious axe-core violations."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from cohorts.interviews import services
from tests import factories
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.cohorts.interviews.test_booking_rules import _started
from tests.cohorts.interviews.test_interview_days import build_world, make_day
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of each interview page."""
    w = build_world()
    held = make_day(w, title="Held day")
    services.book_slot(w["ann"], held.slots[0], None)
    _started(held)
    upcoming = make_day(w, title="Next day", break_starts=None)
    services.book_slot(w["bob"], upcoming.slots[1], None)
    make_day(w, hiring_need=None, cohort=w["cohort"], title="Cohort day")
    login(Role.staff)
    db.session.commit()
    html = {"staff list": client.get("/staff/interview-days").text,
            "staff new": client.get("/staff/interview-days/new").text,
            "staff held day": client.get(f"/staff/interview-days/{held.id}").text,
            "staff upcoming day": client.get(f"/staff/interview-days/{upcoming.id}").text,
            "staff edit": client.get(f"/staff/interview-days/{upcoming.id}/edit").text,
            "refused new": client.post("/staff/interview-days/new", data={"title": ""}).text}
    login(Role.employer, employer=w["employer"])
    html["employer list"] = client.get("/employer/interview-days").text
    html["employer new"] = client.get("/employer/interview-days/new").text
    login(factories.user_for_role(Role.participant, participant=w["bob"].participant))
    db.session.commit()
    html["participant"] = client.get("/participant/interviews").text
    return html


def test_the_interview_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_interview_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
