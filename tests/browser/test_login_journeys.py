"""Each demo login, in a real browser: log in through the form, reach its portal home, log out."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

#: demo login → (its portal's URL prefix, the heading of the home it lands on)
JOURNEYS = {
    "admin@bridgework.test": ("/staff", r"Programme overview"),
    "designer@bridgework.test": ("/staff", r"Programme overview"),
    "coach@bridgework.test": ("/staff", r"Programme overview|caseload"),
    "employer@bridgework.test": ("/employer", r"Welcome, Northwind Analytics"),
    "participant@bridgework.test": ("/participant", r"^Hello, \S"),
}


@pytest.mark.parametrize("email", JOURNEYS)
def test_log_in_reach_home_log_out(page, live_server, login_as, email):
    prefix, heading = JOURNEYS[email]
    login_as(page, email)
    expect(page).to_have_url(re.compile(re.escape(live_server + prefix) + r"(/|$)"))
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(heading, re.IGNORECASE))

    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(re.escape(live_server) + r"/login"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in to Bridgework")
    expect(page.get_by_text("You are logged out.")).to_be_visible()

    response = page.goto(prefix + "/")
    expect(page).to_have_url(re.compile(r"/login\?next="))  # logged out means logged out
    assert response is not None and response.ok


@pytest.mark.parametrize(
    ("email", "other_portal"),
    [
        ("employer@bridgework.test", "/staff/"),
        ("participant@bridgework.test", "/staff/"),
        ("designer@bridgework.test", "/employer/"),
    ],
)
def test_other_portals_refuse_the_login(page, login_as, email, other_portal):
    login_as(page, email)
    response = page.goto(other_portal)
    assert response is not None and response.status == 403
    expect(page.get_by_role("heading", level=1)).to_have_text("Not allowed")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()  # still logged in, just refused
