"""The employer journey in a real browser, on the demo data.

A hiring partner's contact answers the discovery questionnaire, describes a hiring need with
competencies (picked with the type-ahead) and submits it; staff open it, and it shows on the
demand board.
"""

from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

EMPLOYER = "employer@bridgework.test"
STAFF = "designer@bridgework.test"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def test_questionnaire_then_a_need_with_competencies_reaches_the_demand_board(page, login_as):
    role = f"Revenue Operations Analyst {int(time.time() * 1000) % 100000}"

    login_as(page, EMPLOYER)
    page.get_by_role("navigation", name="Hiring partner").get_by_role("link", name="Questionnaire").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("questionnaire")
    page.get_by_label("Which roles do you hire for most often").fill("Revenue operations analysts, SDRs")
    page.get_by_label("Where do you recruit for these roles today?").fill("LinkedIn and referrals")
    page.get_by_label("Send my answers to the programme team now").check()
    page.get_by_role("button", name="Save answers").click()
    expect(page.locator(".flash--success")).to_contain_text("your answers are with the programme team")
    expect(page.get_by_label("Where do you recruit for these roles today?")).to_have_value("LinkedIn and referrals")

    page.get_by_role("navigation", name="Hiring partner").get_by_role("link", name="Hiring needs").click()
    page.get_by_role("link", name="Describe a new need").click()
    page.get_by_label("Role", exact=True).fill(role)
    page.get_by_label("Openings").fill("0")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("#openings-errors")).to_contain_text("Openings must be between 1 and 10,000.")
    page.get_by_label("Openings").fill("3")
    page.get_by_label("Needed by").fill("2027-03-01")
    page.get_by_label("What the job ad asks for").fill("3 years in a SaaS revenue team")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("be able to do")

    first = page.get_by_label("Skill 1", exact=True)
    first.press_sequentially("pipeline man", delay=30)
    option = page.get_by_role("option", name="Pipeline management")
    expect(option).to_be_visible()
    option.click()
    expect(first).to_have_value("Pipeline management")
    page.get_by_label("Level of skill 1").select_option("3")
    page.get_by_label("Skill 2", exact=True).fill("Sales forecasting")  # typed in full, no suggestion picked
    page.get_by_label("Must or nice for skill 2").select_option("nice")
    page.get_by_role("button", name="Save competencies").click()
    expect(page.locator(".flash--success")).to_contain_text("Competencies saved")
    stands_for = page.locator("section", has=page.get_by_role("heading", name="What it stands for"))
    expect(stands_for).to_contain_text("Pipeline management")
    expect(stands_for).to_contain_text("Sales forecasting")
    page.get_by_role("button", name="Submit for review").click()
    expect(page.locator(".flash--success", has_text="with the programme team for review")).to_be_visible()
    log_out(page)

    login_as(page, STAFF)
    page.goto("/staff/hiring-needs?review=y")
    page.get_by_role("row", name=re.compile(re.escape(role))).get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(role)
    expect(page.locator(".flash--info")).to_contain_text("submitted this draft for review")
    page.get_by_label("New status").select_option("open")
    page.get_by_role("button", name="Change status").click()
    expect(page.locator(".flash--success")).to_contain_text("is now open")

    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Demand").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Demand board")
    roles = page.locator("table", has=page.locator("caption", has_text="Demand by role"))
    expect(roles.get_by_role("row", name=re.compile(re.escape(role)))).to_contain_text("3")
    competencies = page.locator("table", has=page.locator("caption", has_text="Demand by competency"))
    expect(competencies.get_by_role("row", name=re.compile("Pipeline management"))).to_be_visible()
