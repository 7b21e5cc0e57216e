"""A partner's referral report shows its rates: staff compare partners over a period, open one
partner's report and download it as PDF and CSV; an applicant who follows that partner's referral
link finds the application form attributed to the partner."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
import sqlalchemy as sa
from playwright.sync_api import expect

from app.extensions import db
from app.models import OutboxMessage
from cohorts.models import Cohort, CohortStatus, ReferralPartner
from cohorts.participants.admissions import read_application_link

pytestmark = pytest.mark.browser

PARTNER = "Scarborough Employment Centre"


def test_staff_read_a_partners_rates_and_its_report(page, login_as):
    login_as(page, "coach@bridgework.test")
    page.get_by_role("link", name="Referrals").first.click()
    expect(page.get_by_role("heading", name="Referral partners")).to_be_visible()
    page.get_by_role("link", name="Referral quality").click()
    page.get_by_label("Applications from").fill("2020-01-01")
    page.get_by_label("to", exact=True).fill("2030-12-31")
    page.get_by_role("button", name="Show").click()
    table = page.locator("#partner-quality")
    expect(table).to_contain_text(PARTNER)
    row = table.get_by_role("row").filter(has_text=PARTNER)
    expect(row).to_contain_text(re.compile(r"\d+%"))
    expect(page.locator("#sources")).to_contain_text("referral")

    row.get_by_role("link", name=PARTNER).click()
    expect(page.get_by_role("heading", name=f"Referral report: {PARTNER}")).to_be_visible()
    expect(page.locator("#partner-rates")).to_contain_text("Placed within 180 days")
    expect(page.locator("#partner-rates")).to_contain_text(re.compile(r"\d+%"))
    expect(page.get_by_text("Wrong provision")).to_be_visible()

    pdf = page.request.get(page.get_by_role("link", name="Download PDF").get_attribute("href"))
    assert pdf.status == 200 and pdf.headers["content-type"] == "application/pdf"
    assert pdf.body().startswith(b"%PDF")
    csv = page.request.get(page.get_by_role("link", name="Download CSV").get_attribute("href"))
    assert csv.status == 200 and csv.headers["content-type"].startswith("text/csv")
    assert "Retained at 180 days" in csv.text()


def test_an_applicant_through_a_partners_link_is_attributed(page, login_as, live_app):
    with live_app.app_context():  # the demo recruits nobody just now: open the cohort in design for this test
        cohort = db.session.scalar(sa.select(Cohort).where(Cohort.status == CohortStatus.design))
        cohort_id, code, cohort.status = cohort.id, cohort.code, CohortStatus.recruiting
        db.session.commit()
    try:
        login_as(page, "coach@bridgework.test")
        page.goto("/staff/referrals")
        page.get_by_role("link", name=PARTNER).click()
        link = page.get_by_label(f"{PARTNER}'s referral link").input_value()
        page.context.clear_cookies()

        page.goto(urlsplit(link).path)
        expect(page.locator("#referred-by")).to_contain_text(PARTNER)
        if page.locator("input[name=first_name]").count() == 0:  # several cohorts recruit: choose ours
            page.get_by_role("link", name=re.compile(re.escape(code))).click()
            expect(page.locator("#referred-by")).to_contain_text(PARTNER)
        page.get_by_label("First name").fill("Rosa")
        page.get_by_label("Last name").fill("Referred")
        page.get_by_label("Email").fill("rosa.referred@example.org")
        page.get_by_label("I agree").check()
        page.get_by_role("button", name="Send my application").click()
        expect(page.get_by_role("heading", name="Check your email")).to_be_visible()
        with live_app.app_context():
            mail = db.session.scalar(sa.select(OutboxMessage).where(
                OutboxMessage.recipient == "rosa.referred@example.org"))
            signed = re.search(r"/confirm/(\S+)", mail.body_text).group(1)
            applicant = read_application_link(db.session.get(Cohort, cohort_id), signed)
            token = db.session.scalar(sa.select(ReferralPartner.referral_token).where(ReferralPartner.name == PARTNER))
            assert (applicant["referral"], applicant["source"]) == (token, "referral")  # carried in the signed link
    finally:
        with live_app.app_context():
            db.session.get(Cohort, cohort_id).status = CohortStatus.design
            db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.recipient == "rosa.referred@example.org"))
            db.session.commit()
