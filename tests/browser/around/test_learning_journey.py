"""The demo participant finds resources for her gaps, starts one, finishes and rates it; her coach sees it."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

RESOURCE = "Negotiation fundamentals"


def test_participant_learns_from_a_resource_for_a_gap_and_the_coach_sees_it(page, live_server, login_as):
    login_as(page, "participant@bridgework.test")
    page.get_by_role("navigation", name="My programme").get_by_role("link", name="Learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Learning")

    gap = page.locator("section.learning-gap").filter(has=page.get_by_role("heading", name=re.compile(r"^Negotiation:")))
    expect(gap.get_by_role("heading", level=3)).to_have_text(re.compile(r"^Negotiation: level 3 wanted, you are at \d$"))
    offer = gap.locator("li.learning-offer").first  # the best fit comes first
    expect(offer.get_by_role("link", name=re.compile(RESOURCE))).to_be_visible()
    expect(offer.locator(".learning-reason")).to_contain_text(
        re.compile(r"teaches Negotiation to level 3; you are at \d; free; 4 hours; rated 4\.5 by 6 people"))

    offer.get_by_role("button", name=f"Mark started: {RESOURCE}").click()
    expect(page.get_by_text(f"Marked “{RESOURCE}” as started.")).to_be_visible()
    mine = page.get_by_role("region", name="My resources")
    expect(mine.get_by_role("row", name=re.compile(RESOURCE))).to_contain_text("Started")

    mine.get_by_role("button", name=f"Mark done: {RESOURCE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Rate “{RESOURCE}”")
    page.get_by_label("4 — Very good").check()
    page.get_by_label("Comment (optional)").fill("Practical role plays; I used them in my mock interview.")
    page.get_by_role("button", name="Save my rating").click()
    expect(page.get_by_text(f"Thank you: your rating of “{RESOURCE}” is saved.")).to_be_visible()
    row = page.get_by_role("region", name="My resources").get_by_role("row", name=re.compile(RESOURCE))
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("4 out of 5")

    page.context.clear_cookies()
    login_as(page, "coach@bridgework.test")
    page.goto("/staff/participants?q=Amara")
    page.get_by_role("link", name="Amara Okafor").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Amara Okafor")
    learning = page.get_by_role("region", name="Learning resources")
    row = learning.get_by_role("row", name=re.compile(RESOURCE))
    expect(row).to_contain_text("Done")
    expect(row).to_contain_text("4 out of 5")
    expect(row).to_contain_text("Practical role plays")
