"""The demo participant reads what learnability means on her skills page; staff read a cohort's median and bands
and a graduate's own figure."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser


def test_learnability_on_the_portal_the_cohort_dashboard_and_the_participant_page(page, live_server, login_as):
    login_as(page, "participant@bridgework.test")
    page.get_by_role("navigation", name="My programme").get_by_role("link", name="Skills").click()
    section = page.get_by_role("region", name="Your learnability")
    expect(section).to_contain_text("how quickly you turn training time into skill")
    expect(section).to_contain_text(re.compile(r"Hours of training attended\s*\d+(\.\d+)? hours"))

    page.context.clear_cookies()
    login_as(page, "coach@bridgework.test")
    page.goto("/staff/outcomes")
    page.get_by_role("link", name="SC-2025-01").first.click()
    expect(page.get_by_role("heading", name="Learnability", exact=True)).to_be_visible()
    table = page.get_by_role("table", name=re.compile(r"Learnability of the \d+ of \d+ starters"))
    expect(table.get_by_role("columnheader", name="Median")).to_be_visible()
    expect(table.get_by_role("columnheader", name="High (0.25 or more)")).to_be_visible()
