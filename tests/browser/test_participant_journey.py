"""A participant on a phone: schedule, skills, withdraw and give consent, download their data."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import styled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def _fits_the_phone(page) -> None:
    overflow = styled(page).evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0, f"{page.url} scrolls sideways by {overflow}px on a phone"


@pytest.mark.parametrize("viewport", [PHONE])
def test_participant_journey_on_a_phone(page, live_server, login_as):
    login_as(page, "participant@bridgework.test")
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Hello, Amara"))

    page.get_by_role("navigation", name="My programme").get_by_role("link", name="Schedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My schedule")
    calendar = page.get_by_role("link", name="Add to my calendar")
    expect(calendar).to_have_attribute("href", re.compile(r"^webcal://.+/calendars/participant/.+\.ics$"))
    _fits_the_phone(page)

    page.get_by_role("link", name="Skills").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My skills")
    expect(page.get_by_text(re.compile(r"Your level: \d of 4")).first).to_be_visible()
    expect(page.get_by_text(re.compile(r"Employers hiring from your programme ask for level \d")).first).to_be_visible()
    _fits_the_phone(page)

    page.get_by_role("link", name="Sharing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sharing my profile with employers")
    page.get_by_role("button", name="Stop sharing my profile").click()
    expect(page.get_by_text("Employers can no longer see your profile")).to_be_visible()
    expect(page.get_by_text("You are not sharing your profile with employers.")).to_be_visible()
    share = styled(page).get_by_role("button", name="Share my profile")
    assert share.bounding_box()["height"] >= 44  # a large touch target, measured once styled
    share.click()
    expect(page.get_by_text("Employers in your programme can now see your profile.")).to_be_visible()
    expect(page.get_by_text("You are sharing your profile with employers in your programme.")).to_be_visible()
    _fits_the_phone(page)

    page.get_by_role("link", name="My data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My data")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download my data").click()
    download = download_info.value
    assert download.suggested_filename.startswith("my-bridgework-data-") and download.suggested_filename.endswith(".json")
    data = json.loads(Path(download.path()).read_text(encoding="utf-8"))
    assert data["profile"]["email"] == "participant@bridgework.test"
    assert [event["action"] for event in data["consent"]["history"]][-2:] == ["consent_withdrawn", "consent_given"]
    assert data["enrolments"] and data["attendance"] and data["assessments"]
    _fits_the_phone(page)
