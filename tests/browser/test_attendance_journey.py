"""A coach takes a session's register in the browser: everyone marked, one save."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_coach_marks_a_sessions_attendance(page, live_server, login_as):
    login_as(page, "coach@bridgework.test")
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="My caseload").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My caseload")
    cohort = page.get_by_label("Cohort", exact=True)  # the caseload shows 25 a page: keep the cohort in training,
    cohort.select_option(index=cohort.locator("option").count() - 1)  # whose code sorts last
    page.get_by_role("button", name="Filter").click()

    page.get_by_role("link", name="Amara Okafor").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara Okafor")
    page.get_by_role("link", name=re.compile(r"^Assessments and registers")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Assessments and registers"))

    # a register opens once its session has started: the baseline is past, the exit still to come
    page.get_by_role("link", name=re.compile(r"^Take attendance for Baseline skills assessment")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Attendance: Baseline skills assessment")
    rows = page.locator("fieldset.register__row")
    count = rows.count()
    assert count >= 10
    for n in range(count):
        rows.nth(n).get_by_label("Present").check()
    rows.nth(0).get_by_label("Late").check()
    rows.nth(1).get_by_label("Excused").check()

    page.get_by_role("button", name="Save attendance").click()
    expect(page.get_by_text(re.compile(r"Attendance saved: \d+ marked"))).to_be_visible()
    expect(rows.nth(0).locator("legend")).to_contain_text("saved: Late")
    expect(rows.nth(1).locator("legend")).to_contain_text("saved: Excused")
    expect(rows.nth(2).locator("legend")).to_contain_text("saved: Present")
