"""Referral pages: staff partners, contacts, link, quality and reports; the public referral link,
the application round trip with the partner and source, the Atom feed and the JSON-LD."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db, limiter
from app.models import AuditEvent, Role
from cohorts.models import CohortStatus, Enrolment, EnrolmentStatus, Participant, ReferralPartner
from tests import factories
from tests.cohorts.participants.test_applications import confirm, form
from tests.conftest import assert_query_count_flat

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    limiter.reset()
    yield
    limiter.reset()


@pytest.fixture
def partner():
    partner = factories.ReferralPartnerFactory(name="Jobcentre East")
    factories.ReferralContactFactory(partner=partner, name="Pat Coach")
    db.session.commit()
    return partner


@pytest.fixture
def cohort():
    cohort = factories.CohortFactory(code="SC-APPLY", name="Spring", status=CohortStatus.recruiting, capacity=5)
    db.session.commit()
    return cohort


STAFF_PAGES = ["/staff/referrals", "/staff/referrals/new", "/staff/referrals/quality", "/staff/referrals/{id}",
               "/staff/referrals/{id}/edit", "/staff/referrals/{id}/report"]


@pytest.mark.parametrize("path", STAFF_PAGES)
def test_staff_pages_answer_staff(client, login, partner, path):
    login(Role.staff)
    assert client.get(path.format(id=partner.id)).status_code == 200


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
@pytest.mark.parametrize("path", STAFF_PAGES + ["/staff/referrals/{id}/report.pdf"])
def test_other_roles_are_refused(client, login, partner, role, path):
    login(role)
    assert client.get(path.format(id=partner.id)).status_code in (302, 403)


def test_anonymous_staff_pages_redirect_to_login(client, partner):
    assert client.get("/staff/referrals").status_code == 302


def test_unknown_partner_is_404(client, login):
    login(Role.staff)
    assert client.get("/staff/referrals/999999").status_code == 404
    assert client.get("/staff/referrals/999999/report.csv").status_code == 404


def test_partner_detail_shows_the_link_and_contacts(client, login, partner):
    login(Role.staff)
    page = client.get(f"/staff/referrals/{partner.id}").get_data(as_text=True)
    assert f"/apply/r/{partner.referral_token}" in page and "Pat Coach" in page and 'data-copy="referral-link"' in page


def test_creating_a_partner_and_a_clash_shown_next_to_the_name(client, login, partner):
    login(Role.staff)
    db.session.commit()  # a refused change rolls the request's work back
    response = client.post("/staff/referrals/new", data={"name": "Jobcentre East", "kind": "jobcentre"})
    assert response.status_code == 422 and "exists already" in response.get_data(as_text=True)
    response = client.post("/staff/referrals/new", data={"name": "St Mungo's", "kind": "charity", "active": "y"})
    assert response.status_code == 302
    assert db.session.scalar(select(ReferralPartner).where(ReferralPartner.name == "St Mungo's")).kind == "charity"


def test_regenerate_link_and_archive_contact(client, login, partner):
    login(Role.staff)
    old = partner.referral_token
    assert client.post(f"/staff/referrals/{partner.id}/link").status_code == 302
    db.session.refresh(partner)
    assert partner.referral_token != old
    assert client.get(f"/apply/r/{old}").status_code == 404
    contact = partner.contacts[0]
    assert client.post(f"/staff/referrals/contacts/{contact.id}/archive").status_code == 302
    db.session.refresh(contact)
    assert contact.archived_at is not None
    assert client.post(f"/staff/referrals/{partner.id}/contacts", data={"name": ""}).status_code == 422


def test_staff_correct_a_participants_referring_partner(client, login, partner):
    enrolment = factories.EnrolmentFactory()
    db.session.commit()
    login(Role.staff)
    url = f"/staff/participants/{enrolment.participant_id}/referral"
    assert client.get(url).status_code == 200
    assert client.post(url, data={"partner_id": str(partner.id)}).status_code == 302
    db.session.refresh(enrolment)
    assert enrolment.referral_partner_id == partner.id
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "referral_partner_changed"))


def test_the_report_downloads(client, login, partner):
    login(Role.staff)
    pdf = client.get(f"/staff/referrals/{partner.id}/report.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    csv = client.get(f"/staff/referrals/{partner.id}/report.csv?start=2024-01-01&end=2026-12-31")
    assert csv.status_code == 200 and csv.mimetype == "text/csv"
    assert "section,measure,value" in csv.get_data(as_text=True)


def test_the_dashboard_refuses_a_backwards_period(client, login, partner):
    login(Role.staff)
    page = client.get("/staff/referrals/quality?start=2026-05-01&end=2026-01-01").get_data(as_text=True)
    assert "cannot be before its start" in page and 'id="partner-quality"' in page


def _grow():
    for _ in range(3):
        partner = factories.ReferralPartnerFactory()
        factories.ReferralContactFactory(partner=partner)
        cohort = factories.CohortFactory()
        factories.EnrolmentFactory(cohort=cohort, referral_partner=partner, applied_on=date.today() - timedelta(days=10),
                                   source="atom")
    db.session.commit()


@pytest.mark.parametrize("path", ["/staff/referrals", "/staff/referrals/quality"])
def test_list_pages_query_counts_stay_flat(client, login, partner, path):
    login(Role.staff)
    assert_query_count_flat(client, path, _grow)


# --- public ---------------------------------------------------------------------------------


def test_unknown_or_inactive_referral_links_are_404(client, partner):
    assert client.get("/apply/r/not-a-token").status_code == 404
    partner.active = False
    db.session.commit()
    assert client.get(f"/apply/r/{partner.referral_token}").status_code == 404


def test_a_referred_application_survives_the_confirmation_round_trip(client, partner, cohort):
    response = client.get(f"/apply/r/{partner.referral_token}")
    assert response.status_code == 302  # one cohort recruiting: straight to its form
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "referred by <strong>Jobcentre East</strong>" in page and partner.referral_token in page
    client.post("/apply/SC-APPLY", data=form(referral=partner.referral_token, source="referral"))
    assert db.session.scalar(select(func.count()).select_from(Enrolment)) == 0
    confirm(client)
    participant = db.session.scalar(select(Participant).where(Participant.email == "ada@example.org"))
    enrolment = participant.enrolments[0]
    assert participant.referral_partner_id == partner.id
    assert (enrolment.referral_partner_id, enrolment.source) == (partner.id, "referral")


def test_a_source_is_cleaned_and_a_forged_referral_ignored(client, cohort):
    assert 'value="atom"' in client.get("/apply/SC-APPLY?source=atom").get_data(as_text=True)
    client.post("/apply/SC-APPLY", data=form(referral="forged", source="Feed<b>" + "x" * 100))
    confirm(client)
    enrolment = db.session.scalar(select(Enrolment))
    assert enrolment.referral_partner_id is None and enrolment.source == ("feedb" + "x" * 55)


def test_staff_decline_with_a_reason(client, login, cohort):
    enrolment = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.applied, enrolled_on=None)
    db.session.commit()
    login(Role.staff)
    assert 'name="decline_reason"' in client.get(f"/staff/cohorts/{cohort.id}/enrolments").get_data(as_text=True)
    client.post(f"/staff/enrolments/{enrolment.id}/decline", data={"decline_reason": "wrong_provision"})
    db.session.refresh(enrolment)
    assert enrolment.status == EnrolmentStatus.not_accepted and enrolment.decline_reason == "wrong_provision"


def test_the_atom_feed_lists_recruiting_cohorts_with_a_source(client, cohort):
    response = client.get("/apply/cohorts.atom")
    assert response.status_code == 200 and response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    [entry] = feed.findall(f"{ATOM}entry")
    assert "SC-APPLY" in entry.find(f"{ATOM}title").text
    assert entry.find(f"{ATOM}link").get("href").endswith("/apply/SC-APPLY?source=atom")


def test_the_open_cohorts_page_carries_json_ld(client, cohort):
    page = client.get("/apply/").get_data(as_text=True)
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', page, re.DOTALL)
    [program] = [json.loads(b) for b in blocks]
    assert program["@type"] == "EducationalOccupationalProgram" and program["url"].endswith("source=jsonld")
    assert 'type="application/atom+xml"' in page


def test_json_ld_escapes_markup(client, cohort):
    cohort.description = "</script><script>alert(1)</script>"
    db.session.commit()
    page = client.get("/apply/").get_data(as_text=True)
    assert "<script>alert(1)" not in page
