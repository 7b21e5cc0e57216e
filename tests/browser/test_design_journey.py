"""A programme designer designs a cohort from demand in the browser, then subscribes to its feed.

Pick hiring needs → accept the proposal → see the coverage matrix → schedule an employer
co-delivered session → fetch the cohort's iCalendar feed and parse it.
"""

from __future__ import annotations

import re
import time
from datetime import date, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_designer_designs_a_cohort_from_demand(page, live_server, login_as):
    code = f"SC-J{int(time.time()) % 100000:05d}"
    starts_on = date.today() + timedelta(days=28)
    login_as(page, "designer@bridgework.test")

    # a new cohort, from the cohorts list
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Cohorts").click()
    page.get_by_role("link", name="New cohort").click()
    page.get_by_label("Code").fill(code)
    page.get_by_label("Name", exact=True).fill("Journey cohort")
    page.get_by_label("Starts on").fill(starts_on.isoformat())
    page.get_by_label("Ends on").fill((starts_on + timedelta(days=60)).isoformat())
    page.get_by_label("Capacity").fill("20")
    page.get_by_role("button", name="Save cohort").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Design {code} from demand")

    # 1. pick the open hiring needs in Toronto
    page.get_by_label("Region").fill("Toronto")
    page.get_by_role("button", name="Filter").click()
    needs = page.locator("input[name=needs]")
    assert needs.count() >= 2
    chosen = [needs.nth(0).get_attribute("id"), needs.nth(1).get_attribute("id")]
    for box in chosen:
        page.locator(f"#{box}").check()
    page.get_by_role("button", name="Use these needs").click()
    expect(page.get_by_text(re.compile(r"2 hiring needs chosen; the consortium has \d employers"))).to_be_visible()

    # 2. the proposal: demanded competencies, proposed modules; accept it
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Curriculum proposal for {code}")
    expect(page.get_by_role("table", name=re.compile("Demanded competencies"))).to_be_visible()
    page.get_by_role("button", name="Accept this proposal").click()

    # 3. the coverage matrix of the accepted curriculum
    expect(page.get_by_text(re.compile(r"Curriculum created: \d+ modules"))).to_be_visible()
    matrix = page.get_by_role("table", name=re.compile(f"Demanded competencies × modules of {code}"))
    expect(matrix).to_be_visible()
    expect(matrix.locator("td.covered").first).to_be_visible()
    assert matrix.locator("td.gap").count() == 0
    expect(page.get_by_text("overall coverage 100.0%")).to_be_visible()

    # 4. an employer co-delivered session
    page.get_by_role("link", name="Schedule a session").click()
    page.get_by_label("Title").fill("Employer pitch clinic")
    page.get_by_label("Kind").select_option("employer_session")
    page.get_by_label("Date", exact=True).fill((starts_on + timedelta(days=9)).isoformat())
    page.get_by_label("Starts at").fill("17:00")
    page.get_by_label("Ends at").fill("19:00")
    page.get_by_label("Place or link").fill("https://meet.example/pitch-clinic")
    employer = page.get_by_label("Co-delivering employer")
    employer_name = employer.locator("option").nth(1).inner_text()
    employer.select_option(index=1)
    page.get_by_role("button", name="Schedule").click()
    expect(page.get_by_text(f"Scheduled {code}-S01.")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Calendar — {code}")
    expect(page.get_by_role("link", name="Employer pitch clinic", exact=True)).to_be_visible()

    # 5. subscribe: the feed address parses as a calendar with the session in it
    feed_url = page.get_by_label(re.compile("Feed address")).input_value()
    assert feed_url.startswith(live_server) and feed_url.endswith(".ics")
    expect(page.get_by_role("link", name="Subscribe in your calendar")).to_have_attribute(
        "href", re.compile(r"^webcal://"))
    response = page.request.get(feed_url)
    assert response.status == 200 and response.headers["content-type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.body())
    events = {str(e["UID"]): e for e in calendar.walk("VEVENT")}
    session = events[f"{code}-S01@bridgework"]
    assert str(session["SUMMARY"]) == f"Employer pitch clinic ({code})"
    assert f"Co-delivered with {employer_name}" in str(session["DESCRIPTION"])
    assert int(session["SEQUENCE"]) == 0
