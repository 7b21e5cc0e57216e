"""The demand-side services, called directly: rules, audit trail, flush without commit."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from employers import services
from employers.models import (
    DiscoveryInterview,
    Employer,
    EmployerStatus,
    HiringNeed,
    HiringNeedStatus,
    Importance,
    InterviewFormat,
    InterviewStatus,
)
from employers.services import ServiceError
from tests import factories


def audit_actions(entity: str, entity_id) -> list[tuple[str, dict]]:
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.entity == entity,
                                                       AuditEvent.entity_id == str(entity_id)).order_by(AuditEvent.id))
    return [(event.action, event.changes) for event in rows]


# --- employers --------------------------------------------------------------------------------


def test_create_employer_is_audited_and_starts_as_prospect(staff_user):
    employer = services.create_employer(staff_user, name="  Maple   Logistics ", sector="Logistics", region="Ottawa")
    assert employer.id is not None
    assert employer.name == "Maple Logistics" and employer.status == EmployerStatus.prospect
    assert audit_actions("employer", employer.id) == [("created", {"name": [None, "Maple Logistics"]})]


def test_employer_names_are_unique_whatever_the_case(staff_user):
    factories.EmployerFactory(name="Northwind Traders")
    with pytest.raises(ServiceError, match="already registered") as refused:
        services.create_employer(staff_user, name="northwind traders")
    assert refused.value.field == "name"
    assert db.session.scalar(select(db.func.count()).select_from(Employer)) == 1


def test_update_employer_audits_only_changed_fields(staff_user):
    employer = factories.EmployerFactory(name="Globex", sector="Energy")
    services.update_employer(employer, staff_user, name="Globex", sector="Utilities", region=employer.region)
    assert audit_actions("employer", employer.id) == [("updated", {"sector": ["Energy", "Utilities"]})]


def test_update_employer_refuses_another_employers_name(staff_user):
    factories.EmployerFactory(name="Initech")
    employer = factories.EmployerFactory(name="Initrode")
    with pytest.raises(ServiceError) as refused:
        services.update_employer(employer, staff_user, name="INITECH")
    assert refused.value.field == "name"


def test_status_changes_follow_the_pipeline_and_are_audited(staff_user):
    employer = factories.EmployerFactory(status=EmployerStatus.prospect)
    services.change_employer_status(employer, "in_discovery", staff_user)
    services.change_employer_status(employer, EmployerStatus.hiring_partner, staff_user)
    assert employer.status == EmployerStatus.hiring_partner
    assert [changes for action, changes in audit_actions("employer", employer.id) if action == "status_changed"] == [
        {"status": ["prospect", "in_discovery"]}, {"status": ["in_discovery", "hiring_partner"]}]
    with pytest.raises(ServiceError, match="cannot go from hiring partner to prospect"):
        services.change_employer_status(employer, EmployerStatus.prospect, staff_user)
    with pytest.raises(ServiceError, match="already"):
        services.change_employer_status(employer, EmployerStatus.hiring_partner, staff_user)


def test_add_contact_keeps_one_primary_and_refuses_a_duplicate_email():
    employer = factories.EmployerFactory()
    first = services.add_contact(employer, name="Grace", email="Grace@Example.com", is_primary=True)
    second = services.add_contact(employer, name="Alan", email="alan@example.com", is_primary=True)
    assert first.email == "grace@example.com"
    assert (first.is_primary, second.is_primary) == (False, True)
    with pytest.raises(ServiceError) as refused:
        services.add_contact(employer, name="Grace again", email="grace@example.com")
    assert refused.value.field == "email"


# --- interviews and the questionnaire -----------------------------------------------------------


def test_questionnaire_saves_drafts_and_sends(bank):
    employer = factories.EmployerFactory()
    contact = factories.user_for_role(Role.employer, employer=employer)
    draft = services.save_questionnaire(employer, contact, {"roles_hard_to_fill": "Data analysts"})
    assert draft.format == InterviewFormat.questionnaire and draft.status == InterviewStatus.draft
    assert draft.questionnaire_submitted_at is None
    sent = services.save_questionnaire(employer, contact, {"roles_hard_to_fill": "Data analysts",
                                                            "non_negotiables": "Right to work"}, send=True)
    assert sent.id == draft.id, "one questionnaire per employer and bank version"
    assert sent.status == InterviewStatus.complete and sent.questionnaire_submitted_at is not None
    assert {a.question.key: a.answer for a in sent.answers} == {
        "roles_hard_to_fill": "Data analysts", "non_negotiables": "Right to work"}


def test_start_interview_is_prefilled_from_the_portal_questionnaire(bank, staff_user):
    employer = factories.EmployerFactory(status=EmployerStatus.prospect)
    contact = factories.user_for_role(Role.employer, employer=employer)
    services.save_questionnaire(employer, contact, {"recruitment_sources": "LinkedIn, referrals"}, send=True)
    interview = services.start_interview(employer, staff_user)
    assert interview.status == InterviewStatus.draft and interview.format == InterviewFormat.video
    assert interview.interviewer_id == staff_user.id and interview.held_on == date.today()
    assert {a.question.key: a.answer for a in interview.answers} == {"recruitment_sources": "LinkedIn, referrals"}
    assert employer.status == EmployerStatus.in_discovery, "a first interview moves a prospect into discovery"


def test_start_interview_without_a_questionnaire_is_empty(bank, staff_user):
    interview = services.start_interview(factories.EmployerFactory(), staff_user)
    assert interview.answers == []


def test_interview_answers_are_saved_changed_and_cleared(bank):
    interview = factories.DiscoveryInterviewFactory()
    services.save_interview_answers(interview, {"top_challenges": "Growth", "ideal_candidate": "Curious"})
    services.save_interview_answers(interview, {"top_challenges": "Hiring", "ideal_candidate": "  "})
    assert {a.question.key: a.answer for a in interview.answers} == {"top_challenges": "Hiring"}
    with pytest.raises(ServiceError, match="no question"):
        services.save_interview_answers(interview, {"not_a_question": "x"})


def test_update_and_complete_an_interview(bank):
    interview = factories.DiscoveryInterviewFactory(held_on=None, summary="", status=InterviewStatus.draft)
    with pytest.raises(ServiceError) as refused:
        services.update_interview(interview, answers={}, held_on=None, format="phone", attendees="",
                                  summary="", pain_points=[], complete=True)
    assert refused.value.field == "held_on"
    services.update_interview(interview, answers={"top_challenges": "Churn"}, held_on=date(2026, 3, 2),
                              format="phone", attendees="Ada (CTO)", summary="Needs analysts",
                              pain_points=["Slow hiring", "slow hiring ", "High turnover"], complete=True)
    assert interview.status == InterviewStatus.complete
    assert interview.pain_points == ["Slow hiring", "High turnover"]
    services.update_interview(interview, answers={}, held_on=date(2026, 3, 2), format="phone", attendees="",
                              summary="Needs analysts", pain_points=[], complete=False)
    assert interview.status == InterviewStatus.draft


# --- hiring needs --------------------------------------------------------------------------


def test_need_refs_count_up_and_duplicates_are_refused(staff_user):
    employer = factories.EmployerFactory()
    assert services.next_need_ref() == "HN-0001"
    first = services.create_hiring_need(employer, staff_user, role_title="Analyst", openings=2)
    second = services.create_hiring_need(employer, staff_user, role_title="Engineer")
    assert (first.ref, second.ref) == ("HN-0001", "HN-0002")
    factories.HiringNeedFactory(ref="HN-10000")
    assert services.next_need_ref() == "HN-10001", "numbers, not strings, decide what comes next"
    with pytest.raises(ServiceError) as refused:
        services.create_hiring_need(employer, staff_user, ref="hn-0001", role_title="Analyst")
    assert refused.value.field == "ref"
    assert audit_actions("hiring_need", first.id)[0][0] == "created"


@pytest.mark.parametrize("fields, field", [
    ({"role_title": " "}, "role_title"),
    ({"role_title": "Analyst", "openings": 0}, "openings"),
    ({"role_title": "Analyst", "salary_min": 60000, "salary_max": 50000}, "salary_max"),
])
def test_a_need_with_bad_details_is_refused(staff_user, fields, field):
    with pytest.raises(ServiceError) as refused:
        services.create_hiring_need(factories.EmployerFactory(), staff_user, **fields)
    assert refused.value.field == field
    assert db.session.scalar(select(db.func.count()).select_from(HiringNeed)) == 0


def test_update_need_refuses_a_stale_version(staff_user):
    need = factories.HiringNeedFactory(openings=1)
    with pytest.raises(ServiceError, match="Someone else changed"):
        services.update_hiring_need(need, staff_user, version=need.version + 1, openings=3)
    services.update_hiring_need(need, staff_user, version=need.version, openings=3)
    assert need.openings == 3
    assert audit_actions("hiring_need", need.id) == [("updated", {"openings": [1, 3]})]


def test_set_competencies_replaces_the_set():
    need = factories.HiringNeedFactory()
    sql, excel, python = (factories.SkillFactory(label=label) for label in ("SQL", "Excel", "Python"))
    services.set_competencies(need, [(sql, 3, "must"), (excel, 2, Importance.nice)])
    services.set_competencies(need, [(sql, 4, "must"), (python, 2, "nice")])
    assert sorted((c.skill.label, c.level, c.importance.value) for c in need.competencies) == [
        ("Python", 2, "nice"), ("SQL", 4, "must")]
    with pytest.raises(ServiceError, match="between 1 and 4"):
        services.set_competencies(need, [(sql, 5, "must")])
    with pytest.raises(ServiceError, match="twice"):
        services.set_competencies(need, [(sql, 2, "must"), (sql, 3, "nice")])


def test_add_competencies_skips_what_the_need_already_lists():
    need = factories.HiringNeedFactory()
    sql, excel = factories.SkillFactory(label="SQL"), factories.SkillFactory(label="Excel")
    services.set_competencies(need, [(sql, 4, "must")])
    assert services.add_competencies(need, [sql, excel], level=2, importance="nice") == 1
    assert sorted((c.skill.label, c.level) for c in need.competencies) == [("Excel", 2), ("SQL", 4)]


def test_need_from_answer_makes_a_linked_draft(bank, staff_user):
    employer = factories.EmployerFactory(region="Ottawa")
    interview = factories.DiscoveryInterviewFactory(employer=employer, held_on=date(2026, 2, 3))
    services.save_interview_answers(interview, {
        "roles_hard_to_fill": "Inside sales representatives. Also some SDRs.",
        "non_negotiables": "Clear spoken English"})
    need = services.need_from_answer(interview, "roles_hard_to_fill", staff_user)
    assert need.status == HiringNeedStatus.draft and need.source_interview_id == interview.id
    assert need.role_title == "Inside sales representatives" and need.region == "Ottawa"
    assert need.non_negotiables == "Clear spoken English"
    assert "2026-02-03" in need.stated_requirements and "SDRs" in need.stated_requirements
    with pytest.raises(ServiceError, match="no answer"):
        services.need_from_answer(interview, "ideal_candidate", staff_user)


def test_submit_for_review_needs_a_draft_with_competencies():
    need = factories.HiringNeedFactory(status=HiringNeedStatus.draft)
    contact = factories.user_for_role(Role.employer, employer=need.employer)
    with pytest.raises(ServiceError, match="at least one competency"):
        services.submit_need_for_review(need, contact)
    factories.HiringNeedSkillFactory(hiring_need=need)
    services.submit_need_for_review(need, contact)
    assert need.submitted_at is not None and need.status == HiringNeedStatus.draft
    services.change_need_status(need, "open", factories.user_for_role(Role.staff))
    with pytest.raises(ServiceError, match="Only a draft"):
        services.submit_need_for_review(need, contact)


@pytest.mark.parametrize("start, target, allowed", [
    ("draft", "open", True), ("draft", "filled", False), ("open", "filled", True), ("open", "closed", True),
    ("open", "draft", False), ("filled", "closed", False), ("closed", "open", True),
])
def test_need_status_transitions(staff_user, start, target, allowed):
    need = factories.HiringNeedFactory(status=HiringNeedStatus(start))
    if allowed:
        services.change_need_status(need, target, staff_user)
        assert need.status == HiringNeedStatus(target)
        assert audit_actions("hiring_need", need.id) == [("status_changed", {"status": [start, target]})]
    else:
        with pytest.raises(ServiceError, match="cannot become"):
            services.change_need_status(need, target, staff_user)
        assert need.status == HiringNeedStatus(start)


def test_services_flush_but_never_commit(staff_user):
    """The route commits once: a service's work is gone when the transaction rolls back."""
    employer = services.create_employer(staff_user, name="Rolled Back Ltd")
    assert db.session.get(Employer, employer.id) is employer
    db.session.rollback()
    assert db.session.scalar(select(Employer).where(Employer.name == "Rolled Back Ltd")) is None
    assert db.session.scalar(select(DiscoveryInterview)) is None
