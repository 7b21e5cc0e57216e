"""Job sources in a real browser, on the demo data: staff add the demo's own feed, poll it, see its postings.

The demo seeds two sources and their postings (cohorts/seed/extras/jobs.py); the live server also serves the
demo feeds, so a source added here at the live server's address is read for real when "Poll now" runs
(inline in the testing config).
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = "designer@bridgework.test"


def test_staff_add_a_feed_poll_it_and_find_its_postings(page, login_as, live_server):
    login_as(page, STAFF)
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Job postings").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job postings")
    shared = page.get_by_role("row", name=re.compile("Junior Data Analyst"))
    expect(shared).to_contain_text("Demo jobs feed (RSS)")
    expect(shared).to_contain_text("Demo careers page (JSON-LD)")  # one posting, two sources

    page.get_by_role("link", name="Job sources").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job sources")
    name = f"Live demo feed {int(time.time() * 1000) % 100000}"
    page.get_by_label("Name").fill(name)
    page.get_by_label("Address").fill("ftp://example.org/jobs")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator("#url-errors")).to_contain_text("http:// or https://")

    page.get_by_label("Name").fill(name)
    page.get_by_label("Address").fill(f"{live_server}/demo-feeds/jobs.rss?run={int(time.time() * 1000)}")
    page.get_by_label("Kind").select_option("feed")
    page.get_by_role("button", name="Add source").click()
    expect(page.locator(".flash--success")).to_contain_text("Source added")
    row = page.get_by_role("row", name=re.compile(re.escape(name)))
    expect(row).to_contain_text("Never")
    row.get_by_role("button", name="Poll now").click()
    expect(page.locator(".flash--success")).to_contain_text("will be read in a moment")
    page.reload()
    row = page.get_by_role("row", name=re.compile(re.escape(name)))
    expect(row).not_to_contain_text("Never")
    expect(row.locator("td").nth(6)).to_have_text("2")

    page.get_by_role("link", name="Job postings read from them").click()
    page.get_by_label("Title or employer").fill("Lakeshore")
    page.get_by_role("search", name="Search job postings").get_by_role("button", name="Search").click()
    result = page.get_by_role("row", name=re.compile("Customer Success Associate"))
    expect(result).to_contain_text(name)
    expect(result).to_contain_text("Customer onboarding")
