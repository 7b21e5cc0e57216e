"""The interview-day journey across the three portals, in a real browser, on the demo data.

Northwind plans an interview day for its Account Executive need; the demo participant books a time
in their portal and the employer books a second candidate; both bookings reach the calendar feeds.
Time passes (the test moves the day into the past, as the clock would); the employer records the
register and scores the participant against the need's competencies. Staff then see that evidence
in the matching reasons, a new shared gap on the cohort's design page, and the cohort's
interviews-given figure one higher; the participant reads what the employer chose to share.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.dates import local_today
from app.extensions import db
from cohorts.models import Cohort, CohortHiringNeed, InterviewDay
from employers.models import HiringNeed

pytestmark = pytest.mark.browser

STAFF = "designer@bridgework.test"
EMPLOYER = "employer@bridgework.test"
PARTICIPANT = "participant@bridgework.test"
PARTICIPANT_NAME = "Amara Okafor"
TITLE = "Journey interview day"
ZONE = "America/Toronto"
CRM = "CRM hygiene (Salesforce/HubSpot)"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def demo_ids(app) -> tuple[int, int]:
    """The Account Executive need (HN-0005) and the cohort in training that it feeds."""
    with app.app_context():
        need_id = db.session.scalar(sa.select(HiringNeed.id).where(HiringNeed.ref == "HN-0005"))
        cohort_id = db.session.scalar(
            sa.select(Cohort.id).join(CohortHiringNeed).where(CohortHiringNeed.hiring_need_id == need_id,
                                                              Cohort.status == "training"))
        return need_id, cohort_id


def let_days_pass(app, title: str, days: int) -> None:
    """The clock moves on: the day (and its cut-off and slots) now lies ``days`` in the past."""
    with app.app_context():
        day = db.session.scalar(sa.select(InterviewDay).where(InterviewDay.title == title))
        shift = timedelta(days=days)
        for slot in day.slots:
            slot.starts_at, slot.ends_at = slot.starts_at - shift, slot.ends_at - shift
        day.starts_at, day.ends_at = day.starts_at - shift, day.ends_at - shift
        day.booking_closes_at -= shift
        db.session.commit()


def interviews_given(page, cohort_id: int) -> str:
    page.goto(f"/staff/cohorts/{cohort_id}")
    row = page.get_by_role("row").filter(has=page.get_by_role("rowheader", name="Northwind Analytics"))
    return row.locator("td").nth(2).inner_text()


def crm_gap(page, cohort_id: int) -> str:
    page.goto(f"/staff/cohorts/{cohort_id}/design/proposal")
    expect(page.get_by_role("heading", name="How interviewed candidates scored")).to_be_visible()
    return page.locator('table[aria-labelledby="interview-gaps"] tr').filter(has_text=CRM).inner_text()


def feed_events(page, portal_path: str) -> str:
    """The body of the calendar feed the portal page links to."""
    page.goto(portal_path)
    url = page.locator('a[href^="http"][href*="/calendars/"]').first.get_attribute("href")
    response = page.request.get(url)
    assert response.ok
    return response.text()


def test_plan_book_score_and_the_evidence_flows_back(page, login_as, live_app):
    need_id, cohort_id = demo_ids(live_app)
    on = local_today(ZONE) + timedelta(days=3)

    login_as(page, STAFF)
    given_before = interviews_given(page, cohort_id)
    assert "Shared gap" not in crm_gap(page, cohort_id)
    log_out(page)

    # the employer plans the day: three half-hour slots
    login_as(page, EMPLOYER)
    page.goto("/employer/interview-days/new")
    page.get_by_label("Title").fill(TITLE)
    need = page.get_by_label("Hiring need")
    need.select_option(need.locator("option", has_text="HN-0005").get_attribute("value"))
    page.get_by_label("Date").fill(on.isoformat())
    page.get_by_label("First slot starts").fill("10:00")
    page.get_by_label("Last slot ends by").fill("11:30")
    page.get_by_label("Address").fill("Northwind Analytics, 200 King St W, Toronto")
    page.get_by_role("button", name="Plan the day").click()
    expect(page.get_by_text(f"“{TITLE}” is planned with 3 slots")).to_be_visible()
    day_url = page.url
    log_out(page)

    # the participant books 10:00 in their portal, and it reaches their calendar feed
    login_as(page, PARTICIPANT)
    page.goto("/participant/interviews")
    card = page.locator("li.card").filter(has=page.get_by_role("heading", name=re.compile(TITLE)))
    card.get_by_label("10:00–10:30").check()
    card.get_by_role("button", name=re.compile("Book this time")).click()
    expect(page.get_by_text(f"You are booked: {TITLE}.")).to_be_visible()
    feed = feed_events(page, "/participant/schedule")
    assert f"DTSTART;TZID={ZONE}:{on:%Y%m%d}T100000" in feed
    log_out(page)

    # the employer books a second candidate at 10:30; both bookings are in its feed
    login_as(page, EMPLOYER)
    page.goto(day_url)
    page.get_by_label("Slot", exact=True).select_option(label="10:30–11:00")
    candidate = page.get_by_label("Candidate", exact=True)
    second = candidate.locator("option").filter(has_not_text=PARTICIPANT_NAME).filter(has_text=re.compile(r"\w")).first
    candidate.select_option(second.get_attribute("value"))
    page.get_by_role("button", name="Book", exact=True).click()
    expect(page.get_by_text(re.compile(r"is booked; they are told"))).to_be_visible()
    feed = feed_events(page, "/employer/sessions")
    for start in ("100000", "103000"):
        assert f"DTSTART;TZID={ZONE}:{on:%Y%m%d}T{start}" in feed

    # four days on: the register, then the participant's scores
    let_days_pass(live_app, TITLE, 4)
    page.goto(day_url)
    page.get_by_label(PARTICIPANT_NAME).select_option("attended")
    page.get_by_role("button", name="Save the register").click()
    expect(page.get_by_text("Attendance is recorded.")).to_be_visible()
    page.get_by_role("link", name=f"Scored feedback for {PARTICIPANT_NAME}").click()
    levels = {"Discovery questioning": "3", "Product demonstration": "3", "Negotiation": "3",
              "Sales forecasting": "2", CRM: "2", "Coachability": "4"}
    for label, level in levels.items():
        page.get_by_label(label, exact=True).select_option(level)
    page.get_by_label("Advance").check()
    page.get_by_label("Message", exact=False).fill("Great discovery questions. Keep your CRM notes tidy.")
    page.get_by_label("Show the candidate the levels I gave").check()
    page.get_by_label("Show the candidate my decision").check()
    page.get_by_role("button", name="Save feedback").click()
    expect(page.locator(".flash--success")).to_be_visible()
    log_out(page)

    # staff: the evidence in matching's reasons, the shared gap, one more interview given
    login_as(page, STAFF)
    page.goto(f"/staff/hiring-needs/{need_id}/matching")
    row = page.get_by_role("row").filter(has_text=PARTICIPANT_NAME)
    expect(row).to_contain_text(re.compile("interview", re.I))
    assert "Shared gap" in crm_gap(page, cohort_id)
    given, guaranteed = (int(n) for n in re.findall(r"\d+", given_before))
    assert interviews_given(page, cohort_id) == f"{given + 1} of {guaranteed}"
    log_out(page)

    # the participant reads what the employer shared
    login_as(page, PARTICIPANT)
    page.goto("/participant/interview-feedback")
    expect(page.get_by_text("Great discovery questions. Keep your CRM notes tidy.")).to_be_visible()
