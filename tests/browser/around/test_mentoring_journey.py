"""The mentoring journey on the demo data, in a real browser.

The demo participant finds mentors suggested with reasons and asks the coach (a staff mentor in the
demo); the coach accepts in the staff portal and books a conversation; it appears in the coach's
mentor feed and in the participant's own calendar feed.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from app.dates import local_today

pytestmark = pytest.mark.browser

PARTICIPANT = "participant@bridgework.test"
PARTICIPANT_NAME = "Amara Okafor"
MENTOR = "coach@bridgework.test"
MENTOR_NAME = "Chris Ngata"
ZONE = "America/Toronto"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def feed_text(page, portal_path: str) -> str:
    """The body of the calendar feed the portal page links to."""
    page.goto(portal_path)
    url = page.locator('a[href^="http"][href*="/calendars/"]').first.get_attribute("href")
    response = page.request.get(url)
    assert response.ok
    return response.text()


def test_a_participant_finds_a_mentor_and_a_booked_conversation_reaches_both_feeds(page, login_as):
    login_as(page, PARTICIPANT)
    page.get_by_role("navigation", name="My programme").get_by_role("link", name="Mentoring").click()
    expect(page.get_by_role("heading", name="Mentors suggested for you")).to_be_visible()
    card = page.locator(".mentor-suggestion").filter(has=page.get_by_role("heading", name=MENTOR_NAME))
    expect(card).to_contain_text("Why we suggest them")
    expect(card).to_contain_text("Can help with")
    expect(card).to_contain_text("Has room for")
    card.get_by_label(f"A few words to {MENTOR_NAME} (optional)").fill("I would like to practise interviews.")
    card.get_by_role("button", name=f"Ask {MENTOR_NAME} to mentor me").click()
    expect(page.get_by_text(f"Your request is sent to {MENTOR_NAME}")).to_be_visible()
    expect(page.get_by_role("link", name=MENTOR_NAME)).to_be_visible()
    log_out(page)

    # the coach accepts the request in the staff portal and books a conversation
    login_as(page, MENTOR)
    page.goto("/staff/mentor")
    request = page.locator(".request").filter(has_text=PARTICIPANT_NAME)
    expect(request).to_contain_text("I would like to practise interviews.")
    request.get_by_role("button", name="Accept Amara").click()
    expect(page.get_by_role("heading", name=f"Mentoring with {PARTICIPANT_NAME}")).to_be_visible()
    expect(page.get_by_text(PARTICIPANT)).to_be_visible()  # contact details once accepted
    on = local_today(ZONE) + timedelta(days=4)
    page.get_by_label("Date").fill(on.isoformat())
    page.get_by_label("Starts", exact=True).fill("17:30")
    page.get_by_label("Ends", exact=True).fill("18:15")
    page.get_by_label("Meeting link").fill("https://meet.example.org/amara")
    page.get_by_role("button", name="Book the conversation").click()
    expect(page.get_by_text("The conversation is booked")).to_be_visible()

    mentor_feed = feed_text(page, "/staff/mentor")
    assert f"SUMMARY:Mentoring conversation with {PARTICIPANT_NAME}" in mentor_feed
    assert "https://meet.example.org/amara" in mentor_feed
    log_out(page)

    # the participant sees it on the pairing page and in their own calendar feed
    login_as(page, PARTICIPANT)
    page.goto("/participant/mentoring")
    page.get_by_role("link", name=MENTOR_NAME).click()
    expect(page.get_by_role("link", name="Join the meeting")).to_be_visible()
    expect(page.get_by_text(MENTOR, exact=True)).to_be_visible()
    participant_feed = feed_text(page, "/participant/schedule")
    assert f"SUMMARY:Mentoring conversation with {MENTOR_NAME}" in participant_feed
