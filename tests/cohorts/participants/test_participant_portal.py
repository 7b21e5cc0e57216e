"""The participant portal: own record only, plain language, consent at once, subject access export."""

from __future__ import annotations

import html
import json
from datetime import UTC, date, datetime, timedelta

import pytest
from flask import g
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.models import AttendanceStatus, CandidacyStage, RetentionCheck, StillEmployed
from cohorts.privacy.subject_access import SECTIONS
from tests import factories
from tests.conftest import log_in

PAGES = ["/participant/", "/participant/schedule", "/participant/attendance", "/participant/skills",
         "/participant/applications", "/participant/check-ins", "/participant/sharing", "/participant/my-data",
         "/participant/my-data/download"]


@pytest.fixture
def me(login):
    """A logged-in participant with a cohort, a session, a skill, an application and a job."""
    user = login(Role.participant)
    participant = user.participant
    skill = factories.SkillFactory(label="Discovery questioning")
    cohort = factories.CohortFactory()
    factories.ModuleSkillFactory(module=factories.ModuleFactory(cohort=cohort), skill=skill)
    need = factories.HiringNeedFactory(employer=factories.EmployerFactory(name="Northwind"))
    factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    factories.HiringNeedSkillFactory(hiring_need=need, skill=skill, level=3)
    factories.EnrolmentFactory(participant=participant, cohort=cohort)
    factories.CohortSessionFactory(cohort=cohort, title="Mock interviews with Northwind")
    past = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) - timedelta(days=2))
    factories.AttendanceFactory(session=past, participant=participant, status=AttendanceStatus.late)
    factories.SkillAssessmentFactory(participant=participant, skill=skill, stage="baseline", level=1)
    factories.SkillAssessmentFactory(participant=participant, skill=skill, stage="exit", level=3)
    factories.CandidacyFactory(participant=participant, hiring_need=need, stage=CandidacyStage.introduced)
    placement = factories.PlacementFactory(participant=participant, cohort=cohort,
                                           start_date=date.today() - timedelta(days=95))
    factories.RetentionCheckFactory(placement=placement, day_mark=90, due_on=date.today() - timedelta(days=5))
    factories.CaseNoteFactory(participant=participant, body="Worried about childcare")
    return participant


def test_every_page_answers_for_the_participant(client, me):
    for url in PAGES:
        assert client.get(url).status_code == 200, url


def test_pages_speak_plainly_about_my_own_record(client, me):
    assert "Mock interviews with Northwind" in client.get("/participant/schedule").text
    assert "100.0%" in client.get("/participant/attendance").text
    skills = client.get("/participant/skills").text
    assert "Your level: <strong>3 of 4</strong>" in skills and "You're there." in skills
    apps = html.unescape(client.get("/participant/applications").text)
    assert "You've been introduced to Northwind — they'll be in touch about an interview." in apps
    assert "Yes, I'm still in work" in client.get("/participant/check-ins").text
    assert "Worried about childcare" not in "".join(client.get(url).text for url in PAGES[:-1])


def test_schedule_offers_my_calendar_feed(client, me):
    page = client.get("/participant/schedule").text
    assert f"/calendars/participant/{me.feed_token}.ics" in page and "webcal://" in page


@pytest.mark.parametrize("role", ["staff", "admin", "employer"])
def test_other_roles_are_refused(client, login, role):
    login(role)
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    assert client.post("/participant/sharing/withdraw").status_code == 403


def test_anonymous_is_sent_to_login(client):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


def test_another_participants_check_in_is_404(client, me):
    someone_else = factories.RetentionCheckFactory(due_on=date.today() - timedelta(days=1))
    assert client.post(f"/participant/check-ins/{someone_else.id}/still-in-work").status_code == 404
    assert client.post("/participant/check-ins/999999/still-in-work").status_code == 404
    assert someone_else.checked_on is None


def test_confirming_still_in_work(client, me):
    check = db.session.scalars(select(RetentionCheck)).one()
    response = client.post(f"/participant/check-ins/{check.id}/still-in-work", follow_redirects=True)
    assert "we've noted that you're still in work" in html.unescape(response.text)
    assert check.still_employed == StillEmployed.yes and check.confirmed_by_participant
    again = client.post(f"/participant/check-ins/{check.id}/still-in-work", follow_redirects=True)
    assert "already been recorded" in again.text


def test_withdrawing_and_giving_consent_takes_effect_at_once_and_is_audited(client, me):
    assert me.consent_to_share
    page = client.post("/participant/sharing/withdraw", follow_redirects=True)
    assert "Employers can no longer see your profile" in page.text and not me.consent_to_share
    client.post("/participant/sharing/give")
    assert me.consent_to_share and me.consent_changed_at is not None
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "participant", AuditEvent.entity_id == str(me.id)).order_by(AuditEvent.id)).all()
    assert [e.action for e in events] == ["consent_withdrawn", "consent_given"]
    assert events[0].actor_id == me.user_id


def test_download_my_data_holds_every_section(client, me):
    client.post("/participant/sharing/withdraw")
    response = client.get("/participant/my-data/download")
    assert response.mimetype == "application/json" and "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert set(SECTIONS) <= set(data)
    assert data["profile"]["email"] == me.email
    assert data["attendance"][0]["status"] == "late"
    assert {a["stage"] for a in data["assessments"]} == {"baseline", "exit"}
    assert data["candidacies"][0]["employer"] == "Northwind"
    assert data["retention_checks"][0]["day_mark"] == 90
    assert data["consent"]["history"][0]["action"] == "consent_withdrawn"
    assert data["case_notes"][0]["body"] == "Worried about childcare"


def test_my_data_only_ever_exports_my_own_record(client, me):
    other = factories.ParticipantFactory(first_name="Zebedee")
    data = json.loads(client.get("/participant/my-data/download", query_string={"participant_id": other.id}).data)
    assert data["profile"]["id"] == me.id and "Zebedee" not in json.dumps(data)


def test_withdrawing_hides_me_from_the_employer_at_once(app, client, me):
    candidacy = me.candidacies[0]
    candidacy.introduced_at = datetime.now(UTC)
    db.session.flush()
    employer_client = app.test_client()
    log_in(employer_client, factories.user_for_role(Role.employer, employer=candidacy.hiring_need.employer))

    def employer_view():
        # requests share the test's app context, so Flask-Login's cached user must be dropped per switch
        g.pop("_login_user", None)
        page = employer_client.get("/employer/candidates").text
        detail = employer_client.get(f"/employer/candidates/{candidacy.id}").status_code
        g.pop("_login_user", None)
        return page, detail

    page, detail = employer_view()
    assert me.full_name in page and detail == 200
    assert client.post("/participant/sharing/withdraw").status_code == 302
    page, detail = employer_view()
    assert me.full_name not in page and detail == 404
