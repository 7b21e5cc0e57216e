"""A participant adds a job feed through the UI, gets matched jobs with reasons, saves one and applies.

The feed is served by a loopback HTTP server started in the test (no internet); the live server's
testing config allows loopback fetches and runs its task queue inline, so the first read of the new
source has happened by the time the page comes back.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import expect

from tests.loopback import QuietHandler, loopback_server

pytestmark = pytest.mark.browser

FEED = (
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/"><channel>'
    b"<title>Loopback jobs</title><link>http://127.0.0.1/</link><description>Jobs for the journey</description>"
    b"<item><title>Loopback Account Executive</title><link>http://127.0.0.1/jobs/1</link>"
    b"<guid>http://127.0.0.1/jobs/1</guid><dc:creator>Loopback Ltd</dc:creator>"
    b"<description>Run every Negotiation and each Product demonstration for mid-size clients.</description></item>"
    b"<item><title>Loopback Night Porter</title><link>http://127.0.0.1/jobs/2</link>"
    b"<guid>http://127.0.0.1/jobs/2</guid><dc:creator>Loopback Hotel</dc:creator>"
    b"<description>Keys, coffee and a calm manner.</description></item>"
    b"</channel></rss>"
)


class _Feed(QuietHandler):
    def do_GET(self):
        if not self.path.startswith("/jobs.rss"):
            self.send_response(404)
            self.end_headers()
            return
        self.send_response(200)
        self.send_header("Content-Type", "application/rss+xml; charset=utf-8")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        self.wfile.write(FEED)


@pytest.fixture
def feed_url() -> Iterator[str]:
    with loopback_server(_Feed) as base:
        yield f"{base}/jobs.rss"


def test_participant_adds_a_feed_and_applies_to_a_matched_job(page, live_server, login_as, feed_url):
    login_as(page, "participant@bridgework.test")
    page.get_by_role("link", name="Jobs for you").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Jobs for you")
    page.get_by_role("link", name="the sites you added").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Job sites")

    page.get_by_label("Name").fill("Loopback jobs")
    page.get_by_label("Address (URL)").fill(feed_url)
    page.get_by_label("Kind").select_option("feed")
    page.get_by_role("button", name="Add the site").click()
    expect(page.get_by_text(re.compile(r"“Loopback jobs” is added\. We found 2 open jobs there"))).to_be_visible()
    expect(page.get_by_role("table", name=re.compile("Your job sites"))).to_contain_text("Loopback jobs")

    page.get_by_role("link", name="Jobs for you").first.click()
    job = page.locator("li.job").filter(has_text="Loopback Account Executive")
    expect(job).to_contain_text(re.compile(
        r"mentions Negotiation, Product demonstration — both asked by your target roles; you have shown \d of 2"))
    job.get_by_role("button", name="Save Loopback Account Executive").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your application: Loopback Account Executive")
    page.get_by_label("Stage").select_option("applied")
    page.get_by_label("Applied on").fill("2025-11-20")
    page.get_by_label("Notes").fill("Applied with my CV; the interview is online.")
    page.get_by_role("button", name="Save", exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Job applications")
    row = page.get_by_role("row").filter(has_text="Loopback Account Executive")
    expect(row).to_contain_text("Applied")
    expect(row).to_contain_text("Loopback Ltd")
