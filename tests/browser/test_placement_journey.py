"""The placement journey across two portals, in a real browser, on the demo data.

Staff pick an unplaced job-seeking graduate of the closed demo cohort from the dashboard's
drill-down, shortlist and introduce them to Northwind; the employer moves them to interview,
offer and hired; the cohort dashboard's 180-day placement rate goes up.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = "designer@bridgework.test"
EMPLOYER = "employer@bridgework.test"


def names_on(page, measure: str) -> set[str]:
    """The names on a drill-down page, once it has loaded (all_inner_texts() does not wait)."""
    expect(page).to_have_url(re.compile(rf"/people/{measure}"))
    expect(page.locator("table tbody tr").first).to_be_visible()
    return {text.strip() for text in page.locator("table tbody tr td:first-child").all_inner_texts()}


def placement_rate(page) -> float:
    text = page.locator('[data-measure="placement_rate_180"] .stat__value').inner_text()
    return float(text.rstrip("%")) if text != "—" else 0.0


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def test_introduce_offer_hire_and_the_placement_rate_moves(page, login_as):
    login_as(page, STAFF)
    page.goto("/staff/outcomes")
    page.locator("table tbody th a", has_text=re.compile(r"^SC-")).first.click()  # the closed cohort
    expect(page.get_by_role("heading", level=1)).to_contain_text("outcomes")
    dashboard = page.url
    before = placement_rate(page)
    ended = datetime.strptime(
        re.search(r"Training ended (\d+ \w+ \d{4})", page.locator(".hint").first.inner_text()).group(1), "%d %b %Y"
    ).date()

    page.get_by_role("link", name=re.compile(r"^\d+$")).and_(
        page.locator('a[href*="/people/job_seeking_completers"]')).click()
    seekers = names_on(page, "job_seeking_completers")
    page.goto(dashboard)
    page.locator('a[href*="/people/placed_180"]').first.click()
    unplaced = seekers - names_on(page, "placed_180")
    assert unplaced, "the demo's closed cohort should have job-seeking graduates not yet placed"

    page.goto(dashboard)
    page.get_by_role("link", name="Candidacy board").click()
    page.get_by_role("link", name=re.compile(r"Northwind Analytics")).first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Candidates for")
    name = next(n for n in sorted(unplaced)
                if page.get_by_role("button", name=f"Shortlist {n}").count()
                and page.get_by_role("row").filter(has_text=n).filter(has_text="Given").count())
    page.get_by_role("button", name=f"Shortlist {name}").click()
    expect(page.get_by_text(f"{name} is shortlisted")).to_be_visible()
    page.get_by_role("button", name=f"Introduce {name}").click()
    expect(page.get_by_text(f"{name} is introduced to Northwind Analytics")).to_be_visible()
    # the need's openings are all filled (a hire would be refused): the employer is hiring one more
    page.goto(re.sub(r"/(candidates|matching).*$", "/edit", page.url))
    openings = page.get_by_label("Openings")
    openings.fill(str(int(openings.input_value()) + 1))
    page.get_by_role("button", name="Save hiring need").click()
    expect(page.locator(".flash--success")).to_be_visible()
    log_out(page)

    login_as(page, EMPLOYER)
    page.goto("/employer/candidates")
    page.get_by_role("link", name=name).first.click()
    for stage in ("interviewing", "offer"):
        page.get_by_label("Move to").select_option(stage)
        page.get_by_role("button", name="Move").click()
        expect(page.get_by_text(f"{name} is now at the {stage} stage")).to_be_visible()
    page.get_by_label("Offer accepted on").fill((ended + timedelta(days=10)).isoformat())
    page.get_by_label("Start date").fill((ended + timedelta(days=21)).isoformat())
    page.get_by_label("Annual salary", exact=False).fill("51000")
    page.get_by_label("Hours per week").fill("37.5")
    page.get_by_role("button", name="Record the hire").click()
    expect(page.get_by_text(re.compile(rf"{re.escape(name)} is hired: placement PL-\d+ is recorded"))).to_be_visible()
    log_out(page)

    login_as(page, STAFF)
    page.goto(dashboard)
    assert placement_rate(page) > before
    page.locator('a[href*="/people/placed_180"]').first.click()
    assert name in names_on(page, "placed_180")
