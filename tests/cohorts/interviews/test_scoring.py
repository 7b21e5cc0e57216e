"""Scored interview feedback: the rules, each role's pages and denials, what the participant sees."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from app.notifications.models import Notification
from cohorts.errors import CohortRuleError
from cohorts.interviews.scoring import FeedbackInput, record_interview_feedback
from cohorts.models import CandidacyStage, InterviewAttendance, InterviewDecision, InterviewFeedback
from employers.models import Importance
from tests import factories as f
from tests.conftest import assert_query_count_flat


@pytest.fixture
def world():
    """Northwind's interview day for a need with two competencies; one attended, booked slot."""
    northwind = f.EmployerFactory(name="Northwind")
    need = f.HiringNeedFactory(employer=northwind, role_title="Sales rep")
    negotiation, crm = f.SkillFactory(label="Negotiation"), f.SkillFactory(label="CRM")
    f.HiringNeedSkillFactory(hiring_need=need, skill=negotiation, level=3, importance=Importance.must)
    f.HiringNeedSkillFactory(hiring_need=need, skill=crm, level=2, importance=Importance.nice)
    day = f.InterviewDayFactory(employer=northwind, hiring_need=need, title="Northwind day")
    participant = f.ParticipantFactory(first_name="Ada", last_name="Obi")
    user = f.user_for_role(Role.participant, participant=participant)
    candidacy = f.CandidacyFactory(participant=participant, hiring_need=need, stage=CandidacyStage.interviewing)
    slot = f.InterviewSlotFactory(day=day, candidacy=candidacy)
    db.session.flush()
    return {"employer": northwind, "need": need, "negotiation": negotiation, "crm": crm, "day": day,
            "participant": participant, "participant_user": user, "candidacy": candidacy, "slot": slot}


def _values(w, negotiation=2, crm=3, **fields):
    return FeedbackInput(levels={w["negotiation"].id: negotiation, w["crm"].id: crm},
                         decision=fields.pop("decision", InterviewDecision.advance), **fields)


def _form(w, negotiation="2", crm="3", **fields):
    return {f"level_{w['negotiation'].id}": negotiation, f"level_{w['crm'].id}": crm, "decision": "not_now",
            "strengths": "Clear questions", "concerns": "Pricing talk", **fields}


# --- services -----------------------------------------------------------------------------------


def test_feedback_is_recorded_once_per_slot_and_updated_in_place_with_audit(world):
    staff = f.user_for_role(Role.staff)
    feedback = record_interview_feedback(world["slot"], _values(world, strengths="Warm"), staff)
    assert {s.skill_id: s.level for s in feedback.scores} == {world["negotiation"].id: 2, world["crm"].id: 3}
    assert feedback.interviewed_at == world["slot"].starts_at and feedback.candidacy_id == world["candidacy"].id
    again = record_interview_feedback(world["slot"], _values(world, negotiation=3, decision=InterviewDecision.no),
                                      staff)
    assert again.id == feedback.id and again.decision == InterviewDecision.no
    assert db.session.scalar(sa.select(sa.func.count()).select_from(InterviewFeedback)) == 1
    assert {s.skill_id: s.level for s in again.scores}[world["negotiation"].id] == 3
    actions = db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity == "candidacy", AuditEvent.entity_id == str(world["candidacy"].id))
        .order_by(AuditEvent.id)).all()
    assert actions == ["interview_feedback_given", "interview_feedback_updated"]
    # a "no" does not move the candidacy: the employer still uses the board
    assert world["candidacy"].stage == CandidacyStage.interviewing


@pytest.mark.parametrize("attendance", [None, InterviewAttendance.no_show, InterviewAttendance.cancelled_late])
def test_only_an_attended_interview_is_scored(world, attendance):
    world["slot"].attendance = attendance
    with pytest.raises(CohortRuleError):
        record_interview_feedback(world["slot"], _values(world), None)


def test_every_competency_needs_a_level_from_1_to_4(world):
    with pytest.raises(CohortRuleError) as refused:
        record_interview_feedback(world["slot"], _values(world, negotiation=5), None)
    assert refused.value.field == f"level_{world['negotiation'].id}"
    with pytest.raises(CohortRuleError):
        record_interview_feedback(world["slot"], FeedbackInput({world["crm"].id: 2}, InterviewDecision.no), None)


def test_the_participant_is_told_only_when_something_is_shared(world):
    record_interview_feedback(world["slot"], _values(world), None)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 0
    record_interview_feedback(world["slot"], _values(world, share_decision=True), None)
    told = db.session.scalars(sa.select(Notification)).all()
    assert [n.user_id for n in told] == [world["participant_user"].id] and "Northwind" in told[0].title


# --- employer pages -------------------------------------------------------------------------------


def test_the_employer_scores_its_own_interview_and_edits_it(client, login, world):
    login(Role.employer, employer=world["employer"])
    url = f"/employer/interviews/slots/{world['slot'].id}/feedback"
    page = client.get(url)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Negotiation" in html and "The role asks for level 3" in html and "candidate's board" in html
    refused = client.post(url, data=_form(world, negotiation=""))
    assert refused.status_code == 422 and "Choose a level for Negotiation." in refused.get_data(as_text=True)
    saved = client.post(url, data=_form(world, message_to_candidate="Thank you!", share_scores="y"))
    assert saved.status_code == 302
    feedback = db.session.scalar(sa.select(InterviewFeedback))
    assert feedback.decision == InterviewDecision.not_now and feedback.share_scores and not feedback.share_decision
    edit = client.get(url).get_data(as_text=True)
    assert "Pricing talk" in edit and '<option selected value="2">' in edit
    client.post(url, data=_form(world, negotiation="4", decision="advance"))
    db.session.expire_all()
    assert db.session.scalar(sa.select(InterviewFeedback)).decision == InterviewDecision.advance


def test_an_employer_cannot_see_another_employers_interview(client, login, world):
    login(Role.employer)  # another employer
    assert client.get(f"/employer/interviews/slots/{world['slot'].id}/feedback").status_code == 404
    assert client.post(f"/employer/interviews/slots/{world['slot'].id}/feedback",
                       data=_form(world)).status_code == 404


def test_an_unattended_or_free_slot_is_not_found(client, login, world):
    login(Role.employer, employer=world["employer"])
    world["slot"].attendance = InterviewAttendance.no_show
    free = f.InterviewSlotFactory(day=world["day"], candidacy=None, attendance=None)
    db.session.flush()
    assert client.get(f"/employer/interviews/slots/{world['slot'].id}/feedback").status_code == 404
    assert client.get(f"/employer/interviews/slots/{free.id}/feedback").status_code == 404
    assert client.get("/employer/interviews/slots/999999/feedback").status_code == 404


def test_the_awaiting_list_shows_only_the_employers_unscored_interviews(client, login, world):
    other = f.InterviewSlotFactory()  # another employer's
    login(Role.employer, employer=world["employer"])
    html = client.get("/employer/interviews/feedback").get_data(as_text=True)
    assert "Ada Obi" in html and other.candidacy.participant.full_name not in html
    record_interview_feedback(world["slot"], _values(world), None)
    html = client.get("/employer/interviews/feedback").get_data(as_text=True)
    assert "No interview is waiting for your feedback." in html and "Recently scored" in html


def test_the_awaiting_list_runs_a_fixed_number_of_queries(client, login, world):
    login(Role.employer, employer=world["employer"])
    record_interview_feedback(world["slot"], _values(world), None)

    def grow():
        for _ in range(3):
            slot = f.InterviewSlotFactory(day=world["day"])
            f.InterviewFeedbackFactory(slot=f.InterviewSlotFactory(day=world["day"]))
            assert slot.id
        db.session.flush()

    assert_query_count_flat(client, "/employer/interviews/feedback", grow)


def test_the_employer_downloads_its_scores_as_csv(client, login, world):
    record_interview_feedback(world["slot"], _values(world), None)
    f.InterviewFeedbackFactory()  # another employer's
    login(Role.employer, employer=world["employer"])
    response = client.get("/employer/interviews/feedback?format=csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).strip().splitlines()
    assert lines[0].startswith("interviewed_at,employer") and len(lines) == 3
    assert "Negotiation" in response.get_data(as_text=True)


@pytest.mark.parametrize("role", [Role.participant, Role.staff])
def test_other_roles_cannot_open_the_employer_pages(client, login, world, role):
    login(role)
    assert client.get("/employer/interviews/feedback").status_code in (403, 404)
    assert client.get(f"/employer/interviews/slots/{world['slot'].id}/feedback").status_code in (403, 404)


# --- staff pages ----------------------------------------------------------------------------------


def test_staff_read_and_record_feedback_on_the_employers_behalf(client, login, world):
    login(Role.staff)
    url = f"/staff/interviews/slots/{world['slot'].id}/feedback"
    assert client.get(url).status_code == 200
    assert client.post(url, data=_form(world)).status_code == 302
    assert db.session.scalar(sa.select(InterviewFeedback)).decision == InterviewDecision.not_now
    assert "Clear questions" in client.get(url).get_data(as_text=True)


def test_staff_download_scores_per_cohort_and_need(client, login, world):
    cohort = f.CohortFactory(code="NW-1")
    world["candidacy"].cohort = cohort
    record_interview_feedback(world["slot"], _values(world), None)
    login(Role.staff)
    by_cohort = client.get(f"/staff/cohorts/{cohort.id}/interview-scores.csv")
    by_need = client.get(f"/staff/hiring-needs/{world['need'].id}/interview-scores.csv")
    assert by_cohort.status_code == by_need.status_code == 200
    assert len(by_cohort.get_data(as_text=True).strip().splitlines()) == 3
    assert "Ada Obi" in by_need.get_data(as_text=True)
    assert client.get("/staff/cohorts/999999/interview-scores.csv").status_code == 404


@pytest.mark.parametrize("role", [Role.participant, Role.employer])
def test_other_roles_cannot_open_the_staff_pages(client, login, world, role):
    login(role)
    assert client.get(f"/staff/interviews/slots/{world['slot'].id}/feedback").status_code in (403, 404)
    assert client.get(f"/staff/hiring-needs/{world['need'].id}/interview-scores.csv").status_code in (403, 404)


# --- the participant's page -----------------------------------------------------------------------


def test_the_participant_sees_only_what_was_shared(client, login, world):
    record_interview_feedback(world["slot"], _values(
        world, strengths="SECRET-STRENGTH", concerns="SECRET-CONCERN", message_to_candidate="Keep practising!",
        share_scores=True, decision=InterviewDecision.not_now), None)
    login(world["participant_user"])
    html = client.get("/participant/interview-feedback").get_data(as_text=True)
    assert "Keep practising!" in html and "Negotiation: shown at level 2 — what the role asks: 3" in html
    assert "SECRET" not in html and "Not at this time" not in html


def test_nothing_shared_means_nothing_listed_and_others_feedback_is_never_shown(client, login, world):
    record_interview_feedback(world["slot"], _values(world, strengths="Hidden"), None)
    other = f.InterviewFeedbackFactory(message_to_candidate="For someone else", share_decision=True)
    assert other.id
    login(world["participant_user"])
    html = client.get("/participant/interview-feedback").get_data(as_text=True)
    assert "No employer has shared interview feedback with you yet." in html and "someone else" not in html


def test_the_shared_decision_reads_in_plain_words(client, login, world):
    record_interview_feedback(world["slot"], _values(world, share_decision=True), None)
    login(world["participant_user"])
    html = client.get("/participant/interview-feedback").get_data(as_text=True)
    assert "The employer would like to move forward" in html and "shown at level" not in html


@pytest.mark.parametrize("role", [Role.staff, Role.employer])
def test_other_roles_cannot_open_the_participant_page(client, login, role):
    login(role)
    assert client.get("/participant/interview-feedback").status_code in (403, 404)
