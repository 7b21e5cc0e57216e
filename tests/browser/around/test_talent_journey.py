"""The talent-profile journey on the demo data, in a real browser.

The hiring partner (employer@bridgework.test, Northwind Analytics) searches the anonymous profiles and
opens the one of the closed-cohort alumna it asked to meet about HN-0001 (the demo's pending request):
it sees her handle and skills assessed at the end of training, never her name. She (a login made for
her here, with the demo password) accepts in her portal; the employer then sees who she is, introduced
as a candidate. Amara, still in training, has her profile on but it is not listed.
"""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import Role, User
from cohorts.models import Participant, ReachOut, ReachOutStatus, TalentProfile
from employers.models import Employer

pytestmark = pytest.mark.browser

EMPLOYER = "employer@bridgework.test"
DEMO_PARTICIPANT = "participant@bridgework.test"
NORTHWIND = "Northwind Analytics"


def log_out(page) -> None:
    page.get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/login"))


def _pending_request() -> tuple[str, str, str, str, str]:
    """(handle, region, name, email, message) of Northwind's request awaiting an answer in the demo."""
    reach_out = db.session.scalar(
        sa.select(ReachOut).join(Employer).where(Employer.name == NORTHWIND, ReachOut.status == ReachOutStatus.sent)
        .order_by(ReachOut.id))
    person = reach_out.profile.participant
    return reach_out.handle, person.region, person.full_name, person.email, reach_out.message


def _give_login(email: str) -> int:
    """A participant login for the demo person with that email, with the demo password (hash reused)."""
    person = db.session.scalar(sa.select(Participant).where(Participant.email == email))
    demo_hash = db.session.scalar(sa.select(User.password_hash).where(User.email == DEMO_PARTICIPANT))
    user = User(email=email, role=Role.participant, full_name=person.full_name, active=True,
                password_hash=demo_hash, security_stamp=1)
    person.user = user
    db.session.commit()
    return user.id


def _remove_login(user_id: int) -> None:
    db.session.rollback()
    db.session.execute(sa.update(Participant).where(Participant.user_id == user_id).values(user_id=None))
    db.session.execute(sa.delete(User).where(User.id == user_id))
    db.session.commit()


def test_an_employer_finds_a_listed_alumna_who_accepts_and_is_introduced(page, login_as, live_app):
    with live_app.app_context():
        handle, region, name, email, message = _pending_request()
        amara = db.session.scalar(sa.select(TalentProfile.handle).join(Participant)
                                  .where(Participant.email == DEMO_PARTICIPANT))
        user_id = _give_login(email)
    try:
        login_as(page, EMPLOYER)
        page.get_by_role("navigation", name="Hiring partner").get_by_role("link", name="Find talent").click()
        expect(page.get_by_role("heading", name="Find talent")).to_be_visible()
        page.get_by_label("Region").select_option(region)
        page.get_by_role("button", name="Search").click()
        expect(page.get_by_role("link", name=handle)).to_be_visible()
        expect(page.get_by_text(name)).to_have_count(0)
        expect(page.get_by_role("link", name=amara)).to_have_count(0)  # still training: not listed
        page.get_by_role("link", name=handle).click()
        expect(page.get_by_role("heading", name=f"Profile {handle}")).to_be_visible()
        expect(page.get_by_text("assessed at the end of training")).to_be_visible()
        expect(page.get_by_text(name)).to_have_count(0)
        page.goto("/employer/talent/reach-outs")
        page.get_by_role("link", name=handle).click()
        expect(page.get_by_text("Awaiting their answer.")).to_be_visible()
        log_out(page)

        login_as(page, email)
        page.get_by_role("navigation", name="My programme").get_by_role("link", name="Talent profile").click()
        expect(page.get_by_role("heading", name=f"Your profile is on: {handle}")).to_be_visible()
        expect(page.get_by_text("This is exactly what hiring partners see")).to_be_visible()
        request = page.locator("li.card").filter(has_text=message)
        request.get_by_role("button", name=f"Accept and be introduced to {NORTHWIND}").click()
        expect(page.get_by_text(f"You accepted: {NORTHWIND} is introduced to you")).to_be_visible()
        log_out(page)

        login_as(page, EMPLOYER)
        page.goto("/employer/talent/reach-outs")
        page.get_by_role("link", name=name).first.click()
        expect(page.get_by_role("heading", name=f"Introduced: {name}")).to_be_visible()
        page.get_by_role("link", name=f"Open the candidate {name}").click()
        expect(page.get_by_role("heading", name=re.compile(name))).to_be_visible()
    finally:
        with live_app.app_context():
            _remove_login(user_id)
