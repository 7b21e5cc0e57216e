"""Participants: intake, coach, case notes (coach scope), consent, and the staff pages."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.models import CaseNote, EnrolmentStatus, Participant
from cohorts.participants.services import add_case_note, assign_coach, create_participant, may_write_notes, set_consent, update_intake
from tests import factories
from tests.conftest import assert_query_count_flat


def _audit(entity_id, action):
    return db.session.scalars(select(AuditEvent).where(
        AuditEvent.entity == "participant", AuditEvent.entity_id == str(entity_id), AuditEvent.action == action
    )).all()


# --- services -------------------------------------------------------------------------------


def test_create_participant_records_intake_and_coach():
    actor, coach = factories.UserFactory(), factories.UserFactory()
    p = create_participant(actor, coach=coach, first_name=" Amara ", last_name="Osei", email="Amara@Example.TEST",
                           barriers="Caring for my mum", key_life_areas=["Housing", "Caring responsibilities", ""])
    assert p.id and p.email == "amara@example.test" and p.first_name == "Amara"
    assert p.coach_id == coach.id and p.key_life_areas == ["Caring responsibilities", "Housing"]
    assert _audit(p.id, "created") and _audit(p.id, "coach_assigned")


def test_create_participant_refuses_a_taken_email_and_missing_names():
    factories.ParticipantFactory(email="taken@example.test")
    with pytest.raises(CohortRuleError, match="already uses"):
        create_participant(None, first_name="A", last_name="B", email="TAKEN@example.test")
    with pytest.raises(CohortRuleError, match="first name"):
        create_participant(None, first_name="", last_name="B", email="new@example.test")
    assert db.session.scalar(select(Participant).where(Participant.email == "new@example.test")) is None


def test_update_intake_returns_what_changed():
    p = factories.ParticipantFactory(goals="")
    changes = update_intake(p, None, goals="Work in sales", strengths="Listening")
    assert changes["goals"] == ["", "Work in sales"] and "strengths" in changes
    with pytest.raises(CohortRuleError, match="Unknown intake"):
        update_intake(p, None, coach_id=3)


def test_assign_coach_refuses_someone_who_is_not_staff():
    p = factories.ParticipantFactory()
    with pytest.raises(CohortRuleError, match="not programme staff"):
        assign_coach(p, factories.user_for_role(Role.employer), None)
    assert p.coach_id is None


def _programme_with_coach():
    """A coach with one coachee in cohort A of a programme; cohort B of the same programme; another programme."""
    coach = factories.UserFactory()
    programme = factories.ProgrammeFactory()
    cohort_a = factories.CohortFactory(programme=programme)
    cohort_b = factories.CohortFactory(programme=programme)
    coachee = factories.ParticipantFactory(coach=coach)
    factories.EnrolmentFactory(participant=coachee, cohort=cohort_a)
    same_programme = factories.EnrolmentFactory(cohort=cohort_b).participant
    elsewhere = factories.EnrolmentFactory().participant
    return coach, coachee, same_programme, elsewhere


def test_coach_may_note_their_coachees_and_their_programmes_participants_only():
    coach, coachee, same_programme, elsewhere = _programme_with_coach()
    assert add_case_note(coachee, coach, "Talked about the commute.").id
    assert add_case_note(same_programme, coach, "Covered for their coach today.").id
    assert not may_write_notes(coach, elsewhere)
    with pytest.raises(CohortRuleError, match="outside the programmes you coach in"):
        add_case_note(elsewhere, coach, "Should not be saved")
    assert db.session.scalar(select(CaseNote).where(CaseNote.participant_id == elsewhere.id)) is None


def test_admin_may_note_anyone_and_empty_notes_are_refused():
    admin = factories.UserFactory(role=Role.admin)
    p = factories.ParticipantFactory()
    assert add_case_note(p, admin, "Checked in by phone.").author_id == admin.id
    with pytest.raises(CohortRuleError, match="empty"):
        add_case_note(p, admin, "   ")


def test_set_consent_is_audited_and_dated():
    p = factories.ParticipantFactory(consent_to_share=False)
    assert set_consent(p, True, None) is True
    assert p.consent_to_share and p.consent_changed_at is not None
    assert set_consent(p, True, None) is False
    set_consent(p, False, None)
    assert [e.changes for e in _audit(p.id, "consent_given")] == [{"consent_to_share": [False, True]}]
    assert _audit(p.id, "consent_withdrawn")


# --- routes ---------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employer", "participant"])
def test_staff_pages_refuse_other_roles(client, login, role):
    p = factories.ParticipantFactory()
    login(role)
    for url in ("/staff/participants", "/staff/participants/new", f"/staff/participants/{p.id}",
                f"/staff/participants/{p.id}/intake", f"/staff/participants/{p.id}/data.json"):
        assert client.get(url).status_code == 403, url
    assert client.post(f"/staff/participants/{p.id}/notes", data={"body": "x"}).status_code == 403
    assert client.post(f"/staff/participants/{p.id}/consent/give").status_code == 403


def test_anonymous_is_sent_to_login(client):
    response = client.get("/staff/participants")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


@pytest.mark.parametrize("role", ["staff", "admin"])
def test_list_filters_by_search_cohort_coach_and_consent(client, login, role):
    coach = factories.UserFactory(full_name="Cora Coach")
    cohort = factories.CohortFactory()
    a = factories.ParticipantFactory(first_name="Zadie", last_name="Alpha", coach=coach, consent_to_share=True)
    b = factories.ParticipantFactory(first_name="Yusuf", last_name="Beta", consent_to_share=False)
    factories.EnrolmentFactory(participant=b, cohort=cohort)
    login(role)
    assert "Zadie" in client.get("/staff/participants?q=zad").text
    assert "Yusuf" not in client.get("/staff/participants?q=zad").text
    page = client.get(f"/staff/participants?cohort={cohort.id}").text
    assert "Yusuf" in page and "Zadie" not in page
    page = client.get(f"/staff/participants?coach={coach.id}").text
    assert "Zadie" in page and "Yusuf" not in page
    page = client.get("/staff/participants?consent=not_given").text
    assert "Yusuf" in page and "Zadie" not in page
    assert client.get("/staff/participants?cohort=999999&page=7").status_code == 200
    assert a.id


def test_participant_list_query_count_is_flat(client, login):
    login("staff")
    factories.EnrolmentFactory(participant=factories.ParticipantFactory(coach=factories.UserFactory()))

    def grow():
        coach = factories.UserFactory()
        for _ in range(6):
            e = factories.EnrolmentFactory(participant=factories.ParticipantFactory(coach=coach))
            factories.EnrolmentFactory(participant=e.participant)

    assert_query_count_flat(client, "/staff/participants", grow)


def test_new_participant_form_saves_and_refuses_bad_input(client, login):
    staff = login("staff")
    data = {"first_name": "Noor", "last_name": "Haddad", "email": "noor@example.test", "coach_id": str(staff.id),
            "referral_source": "Job centre", "goals": "Inside sales", "key_life_areas": ["Transport"]}
    response = client.post("/staff/participants/new", data=data)
    assert response.status_code == 302
    p = db.session.scalar(select(Participant).where(Participant.email == "noor@example.test"))
    assert p.coach_id == staff.id and p.key_life_areas == ["Transport"] and p.referral_source == "Job centre"
    again = client.post("/staff/participants/new", data=dict(data, first_name="Other"))
    assert again.status_code == 200 and "already uses" in again.text
    missing = client.post("/staff/participants/new", data=dict(data, email="", last_name=""))
    assert missing.status_code == 200 and "field-errors" in missing.text
    assert db.session.scalar(select(Participant).where(Participant.first_name == "Other")) is None


def test_edit_intake_and_detail_page(client, login):
    staff = login("staff")
    p = factories.ParticipantFactory(coach=staff)
    factories.CaseNoteFactory(participant=p, body="Nervous about interviews.")
    page = client.get(f"/staff/participants/{p.id}")
    assert page.status_code == 200 and "Nervous about interviews." in page.text and 'id="case-notes"' in page.text
    form = client.get(f"/staff/participants/{p.id}/intake")
    assert form.status_code == 200
    response = client.post(f"/staff/participants/{p.id}/intake", data={
        "first_name": p.first_name, "last_name": p.last_name, "email": p.email, "coach_id": "",
        "barriers": "No laptop at home",
    })
    assert response.status_code == 302
    assert p.barriers == "No laptop at home" and p.coach_id is None


def test_case_note_route_saves_and_refuses_outside_programme(client, login):
    coach, coachee, _same, elsewhere = _programme_with_coach()
    login(coach)
    assert client.post(f"/staff/participants/{coachee.id}/notes", data={"body": "Good week."}).status_code == 302
    refused = client.post(f"/staff/participants/{elsewhere.id}/notes", data={"body": "Nope"}, follow_redirects=True)
    assert "outside the programmes you coach in" in refused.text
    assert [n.body for n in db.session.scalars(select(CaseNote).where(
        CaseNote.participant_id.in_([coachee.id, elsewhere.id])))] == ["Good week."]
    page = client.get(f"/staff/participants/{elsewhere.id}").text
    assert "you can read but not add notes" in page


def test_staff_record_consent_is_audited_with_the_staff_actor(client, login):
    staff = login("staff")
    p = factories.ParticipantFactory(consent_to_share=False)
    assert client.post(f"/staff/participants/{p.id}/consent/give").status_code == 302
    assert p.consent_to_share
    assert _audit(p.id, "consent_given")[0].actor_id == staff.id


def test_staff_export_is_a_json_attachment(client, login):
    login("admin")
    p = factories.EnrolmentFactory(status=EnrolmentStatus.enrolled).participant
    factories.CaseNoteFactory(participant=p, body="Private note")
    response = client.get(f"/staff/participants/{p.id}/data.json")
    assert response.status_code == 200 and response.mimetype == "application/json"
    assert "attachment" in response.headers["Content-Disposition"]
    data = json.loads(response.data)
    assert data["profile"]["email"] == p.email and data["case_notes"][0]["body"] == "Private note"
    assert client.get("/staff/participants/999999/data.json").status_code == 404
