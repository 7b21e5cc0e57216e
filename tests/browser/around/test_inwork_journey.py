"""The in-work check-in journey on the demo data, in a real browser.

The schedule asks the week-1 check-in of the demo's newest job and emails its signed link; the
participant answers through the link without logging in, with a low rating and worrying words; the
coach finds the flag with its reasons on the triage list and marks it handled.
"""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.dates import local_today
from app.extensions import db
from app.models import OutboxMessage
from cohorts.inwork.schedule import send_due_check_ins
from cohorts.models import CheckIn, Placement, RiskFlag

pytestmark = pytest.mark.browser

COACH = "coach@bridgework.test"
WORDS = "My manager shouts at me every day and I am thinking of quitting. I cannot cope."


def _week_one_link(live_app) -> tuple[str, str, int]:
    """Run the schedule; the new job's participant name, the emailed link and the check-in id."""
    with live_app.app_context():
        send_due_check_ins(local_today())
        db.session.commit()
        check_in = db.session.scalar(
            sa.select(CheckIn).join(Placement).where(CheckIn.week == 1,
                                                     Placement.start_date >= local_today() - timedelta(days=13))
            .order_by(CheckIn.id.desc()).limit(1))
        assert check_in is not None and check_in.sent_at is not None
        mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.dedupe_key == f"check-in:{check_in.id}"))
        link = re.search(r"https?://\S+/reminders/check-in/\S+", mail.body_text).group(0)
        return check_in.participant.full_name, link, check_in.id


def _reasons(live_app, check_in_id: int) -> list[str]:
    with live_app.app_context():
        flag = db.session.scalar(sa.select(RiskFlag).where(RiskFlag.check_in_id == check_in_id))
        assert flag is not None, "the worrying answer raised no flag"
        return [reason["detail"] for reason in flag.reasons]


def test_a_week_one_check_in_is_answered_by_link_and_its_flag_is_handled(page, login_as, live_app):
    name, link, check_in_id = _week_one_link(live_app)
    first_name = name.split()[0]

    page.goto(link)
    expect(page.get_by_role("heading", name=f"How is your new job going, {first_name}?")).to_be_visible()
    expect(page.get_by_text(name)).to_have_count(0)  # only the first name shows
    page.get_by_label("1 — Badly").check()
    page.get_by_label("I am still in this job").check()
    page.get_by_label("My manager").check()
    page.get_by_label("Confidence").check()
    page.get_by_label("Anything you would like to tell your coach?").fill(WORDS)
    page.get_by_role("button", name="Send my answer").click()
    expect(page.get_by_role("heading", name=f"Thank you, {first_name}")).to_be_visible()
    page.goto(link)  # a second visit thanks, and takes no second answer
    expect(page.get_by_role("button", name="Send my answer")).to_have_count(0)

    reasons = _reasons(live_app, check_in_id)
    login_as(page, COACH)
    page.get_by_role("link", name="Risk flags").first.click()
    expect(page.get_by_role("heading", name="Risk flags", exact=True)).to_be_visible()
    row = page.get_by_role("row").filter(has=page.get_by_role("link", name=name))
    expect(row).to_contain_text(reasons[0])
    expect(row).to_contain_text("thinking of quitting")
    expect(row).to_contain_text("Open")
    row.get_by_role("link", name=name).click()
    expect(page.get_by_role("heading", name="Why it was raised")).to_be_visible()
    page.get_by_label("Handled: I followed it up").check()
    page.get_by_label("Reason or what you did").fill("Called them; agreed to talk to the manager together.")
    page.get_by_role("button", name="Close the flag").click()
    expect(page.get_by_text("The flag is closed.")).to_be_visible()
    expect(page.get_by_role("row").filter(has=page.get_by_role("link", name=name)).first).to_contain_text("Handled")
