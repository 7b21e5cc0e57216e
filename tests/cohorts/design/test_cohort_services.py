"""Cohort services: programmes, cohorts, status flow, demand/consortium, curriculum, admissions."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, User
from cohorts.design import curriculum as design
from cohorts.design import services as design_services
from cohorts.participants import admissions as participants_admissions
from cohorts.design.queries import curriculum, need_inputs
from cohorts.errors import CohortRuleError
from cohorts.models import CohortStatus, ConsortiumMember, Enrolment, EnrolmentStatus, ExclusionReason, Participant
from employers.models import HiringNeedStatus, Importance
from tests import factories


def audit_actions(entity: str, entity_id) -> list[str]:
    return list(db.session.scalars(
        select(AuditEvent.action).where(AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id))
        .order_by(AuditEvent.id)
    ))


# -- programmes and cohorts ---------------------------------------------------------------------


def test_create_programme_refuses_a_duplicate_name():
    design_services.create_programme(name="SalesCamp", target_occupation="Sales")
    with pytest.raises(CohortRuleError, match="already exists"):
        design_services.create_programme(name=" salescamp ")


@pytest.mark.parametrize("first, again", [("École Vente", "École Vente"), ("İstanbul", "İstanbul"),
                                          ("Ünlü", " Ünlü ")])
def test_a_duplicate_name_beyond_ascii_is_refused_not_a_crash(first, again):
    # SQLite's lower() folds ASCII only; the exact match and the unique key must still answer
    design_services.create_programme(name=first)
    with pytest.raises(CohortRuleError, match="already exists"):
        design_services.create_programme(name=again)
    other = design_services.create_programme(name="Other")
    with pytest.raises(CohortRuleError, match="already exists"):
        design_services.update_programme(other, name=again)
    assert db.session.get(type(other), other.id).name == "Other"  # the savepoint kept the session usable


def test_create_cohort_starts_in_design_and_is_audited():
    programme = factories.ProgrammeFactory()
    cohort = design_services.create_cohort(programme, code="SC-01", name="Spring", starts_on=date(2026, 3, 2),
                                    ends_on=date(2026, 5, 29), capacity=12)
    assert cohort.status == CohortStatus.design and cohort.feed_token
    assert audit_actions("cohort", cohort.id) == ["created"]


@pytest.mark.parametrize("fields, message", [
    ({"starts_on": date(2026, 5, 1), "ends_on": date(2026, 4, 1)}, "end on or after"),
    ({"capacity": 0}, "at least 1"),
    ({"code": "TAKEN"}, "already used"),
])
def test_create_cohort_refuses_bad_input_and_saves_nothing(fields, message):
    factories.CohortFactory(code="TAKEN")
    values = {"code": "NEW-1", "starts_on": date(2026, 3, 1), "ends_on": date(2026, 4, 1), "capacity": 10} | fields
    before = db.session.scalar(select(db.func.count()).select_from(factories.Cohort))
    with pytest.raises(CohortRuleError, match=message):
        design_services.create_cohort(factories.ProgrammeFactory(), **values)
    assert db.session.scalar(select(db.func.count()).select_from(factories.Cohort)) == before


def test_update_cohort_refuses_capacity_below_places_taken_and_dates_that_strand_sessions():
    cohort = factories.CohortFactory(capacity=5)
    factories.EnrolmentFactory.create_batch(3, cohort=cohort, status=EnrolmentStatus.enrolled)
    with pytest.raises(CohortRuleError, match="3 places"):
        design_services.update_cohort(cohort, capacity=2)
    session = factories.CohortSessionFactory(cohort=cohort)
    with pytest.raises(CohortRuleError, match=session.ref):
        design_services.update_cohort(cohort, ends_on=cohort.starts_on)


def test_status_flow_allows_only_valid_transitions():
    cohort = factories.CohortFactory(status=CohortStatus.design)
    with pytest.raises(CohortRuleError, match="no modules"):
        design_services.change_cohort_status(cohort, CohortStatus.recruiting)
    factories.ModuleFactory(cohort=cohort)
    db.session.expire(cohort, ["modules"])
    with pytest.raises(CohortRuleError, match="cannot go from Design to Training"):
        design_services.change_cohort_status(cohort, "training")
    actor = factories.UserFactory()
    for status in ("recruiting", "training", "placement", "closed"):
        design_services.change_cohort_status(cohort, status, actor=actor)
    assert cohort.status == CohortStatus.closed
    with pytest.raises(CohortRuleError):
        design_services.change_cohort_status(cohort, "design")
    assert audit_actions("cohort", cohort.id).count("status_changed") == 4


# -- demand, consortium, curriculum -------------------------------------------------------------


def need_with(employer, *skills, openings=2):
    need = factories.HiringNeedFactory(employer=employer, openings=openings)
    for skill, level, importance in skills:
        factories.HiringNeedSkillFactory(hiring_need=need, skill=skill, level=level, importance=importance)
    return need


def test_set_cohort_demand_forms_the_consortium_and_keeps_commitments():
    cohort = factories.CohortFactory(status=CohortStatus.design)
    acme, beta, gone = factories.EmployerFactory(), factories.EmployerFactory(), factories.EmployerFactory()
    factories.ConsortiumMemberFactory(cohort=cohort, employer=acme, co_delivery_sessions=4, interviews_guaranteed=6)
    factories.ConsortiumMemberFactory(cohort=cohort, employer=gone)
    db.session.expire(cohort)
    needs = [factories.HiringNeedFactory(employer=acme), factories.HiringNeedFactory(employer=acme),
             factories.HiringNeedFactory(employer=beta)]
    design_services.set_cohort_demand(cohort, needs)
    members = {m.employer_id: m for m in cohort.consortium}
    assert set(members) == {acme.id, beta.id}
    assert (members[acme.id].co_delivery_sessions, members[acme.id].interviews_guaranteed) == (4, 6)
    assert sorted(n.ref for n in cohort.hiring_needs) == sorted(n.ref for n in needs)


def test_set_cohort_demand_accepts_only_open_needs():
    cohort = factories.CohortFactory()
    closed = factories.HiringNeedFactory(status=HiringNeedStatus.filled)
    with pytest.raises(CohortRuleError, match=closed.ref):
        design_services.set_cohort_demand(cohort, [closed])
    with pytest.raises(CohortRuleError, match="at least one"):
        design_services.set_cohort_demand(cohort, [])


def test_apply_design_proposal_creates_modules_that_cover_the_demand():
    cohort = factories.CohortFactory(status=CohortStatus.design)
    prospecting, crm = factories.SkillFactory(label="Prospecting"), factories.SkillFactory(label="CRM")
    employer = factories.EmployerFactory()
    design_services.set_cohort_demand(cohort, [
        need_with(employer, (prospecting, 3, Importance.must), (crm, 2, Importance.nice)),
    ])
    demand = design.aggregate_demand(need_inputs(cohort))
    modules = design_services.apply_design_proposal(cohort, design.propose_modules(demand, max_skills_per_module=1))
    assert [m.position for m in modules] == [1, 2]
    assert {(s.skill_id, s.level) for m in modules for s in m.skills} == {(prospecting.id, 3), (crm.id, 2)}
    coverage = design.coverage_matrix(demand, curriculum(modules))
    assert coverage.overall == 1.0
    with pytest.raises(CohortRuleError, match="no modules"):
        design_services.apply_design_proposal(cohort, [])


def test_edit_modules_titles_hours_order_and_skills():
    cohort = factories.CohortFactory()
    first, second = factories.ModuleFactory(cohort=cohort, position=1), factories.ModuleFactory(cohort=cohort, position=2)
    db.session.expire(cohort, ["modules"])
    design_services.update_module(first, title="Discovery calls", hours=9)
    assert (first.title, first.hours) == ("Discovery calls", 9)
    with pytest.raises(CohortRuleError, match="at least one hour"):
        design_services.update_module(first, title="x", hours=0)
    assert [m.id for m in design_services.reorder_modules(cohort, [second.id, first.id])] == [second.id, first.id]
    with pytest.raises(CohortRuleError, match="every module"):
        design_services.reorder_modules(cohort, [first.id])
    skill, other = factories.SkillFactory(), factories.SkillFactory()
    design_services.set_module_skills(first, {skill.id: 2, other.id: 4})
    design_services.set_module_skills(first, {skill.id: 3})
    assert [(s.skill_id, s.level) for s in first.skills] == [(skill.id, 3)]
    with pytest.raises(CohortRuleError, match="1 to 4"):
        design_services.set_module_skills(first, {skill.id: 5})


def test_update_commitments_checks_membership_and_numbers():
    member = factories.ConsortiumMemberFactory()
    cohort = member.cohort
    design_services.update_commitments(cohort, {member.employer_id: {"co_delivery_sessions": 3, "interviews_guaranteed": 8,
                                                              "notes": " Hosts the mock interviews "}})
    assert (member.co_delivery_sessions, member.interviews_guaranteed, member.notes) == (3, 8, "Hosts the mock interviews")
    with pytest.raises(CohortRuleError, match="not in this cohort"):
        design_services.update_commitments(cohort, {factories.EmployerFactory().id: {"co_delivery_sessions": 1}})
    with pytest.raises(CohortRuleError, match="zero or more"):
        design_services.update_commitments(cohort, {member.employer_id: {"interviews_guaranteed": -1}})
    assert db.session.get(ConsortiumMember, (cohort.id, member.employer_id)).interviews_guaranteed == 8


# -- admissions ---------------------------------------------------------------------------------


@pytest.fixture
def recruiting():
    return factories.CohortFactory(status=CohortStatus.recruiting, capacity=2)


def applicant(email="ada@example.test", **extra):
    return {"first_name": "Ada", "last_name": "Lovelace", "email": email} | extra


def test_apply_creates_participant_applied_enrolment_and_invitation(recruiting):
    enrolment = participants_admissions.apply_to_cohort(recruiting, **applicant("Ada@Example.test "))
    assert enrolment.status == EnrolmentStatus.applied and enrolment.applied_on == date.today()
    participant = enrolment.participant
    assert participant.email == "ada@example.test"
    user = db.session.scalar(select(User).where(User.email == "ada@example.test"))
    assert user.role == Role.participant and participant.user_id == user.id and user.password_hash is None
    kinds = set(db.session.scalars(select(OutboxMessage.kind).where(OutboxMessage.recipient == "ada@example.test")))
    assert "application" in kinds and len(kinds) == 2  # the confirmation and the login invitation
    assert audit_actions("enrolment", enrolment.id) == ["applied"]


def test_a_duplicate_application_changes_nothing(recruiting):
    participants_admissions.apply_to_cohort(recruiting, **applicant())
    assert participants_admissions.apply_to_cohort(recruiting, **applicant(first_name="Someone", last_name="Else")) is None
    participant = db.session.scalar(select(Participant).where(Participant.email == "ada@example.test"))
    assert participant.first_name == "Ada"
    assert db.session.scalar(select(db.func.count()).select_from(Enrolment).where(
        Enrolment.participant_id == participant.id)) == 1


def test_a_known_participant_applying_again_keeps_their_details(recruiting):
    known = factories.ParticipantFactory(email="known@example.test", first_name="Grace")
    enrolment = participants_admissions.apply_to_cohort(recruiting, **applicant("known@example.test", first_name="Mallory"))
    assert enrolment.participant is known and known.first_name == "Grace"


def test_applying_to_a_cohort_not_recruiting_is_refused():
    with pytest.raises(CohortRuleError):
        participants_admissions.apply_to_cohort(factories.CohortFactory(status=CohortStatus.design), **applicant())


def test_capacity_is_enforced_with_a_waitlist_and_promotion(recruiting):
    staff = factories.UserFactory()
    a, b, c, d = (factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.applied, enrolled_on=None)
                  for _ in range(4))
    participants_admissions.accept_application(a, actor=staff)
    participants_admissions.accept_application(b, actor=staff)
    participants_admissions.accept_application(c, actor=staff)
    participants_admissions.accept_application(d, actor=staff)
    assert (a.status, b.status) == (EnrolmentStatus.accepted, EnrolmentStatus.accepted)
    assert (c.status, c.waitlist_position, d.waitlist_position) == (EnrolmentStatus.applied, 1, 2)
    assert participants_admissions.places_taken(recruiting) == 2
    participants_admissions.enrol(a, actor=staff)
    participants_admissions.withdraw(a, "Found a job before the start", actor=staff)
    assert (a.status, a.withdrawal_reason) == (EnrolmentStatus.withdrawn, "Found a job before the start")
    assert (c.status, c.waitlist_position, d.waitlist_position) == (EnrolmentStatus.accepted, None, 1)
    participants_admissions.decline(b, actor=staff)
    assert (d.status, d.waitlist_position) == (EnrolmentStatus.accepted, None)
    assert audit_actions("enrolment", c.id) == ["waitlisted", "promoted_from_waitlist"]
    assert audit_actions("enrolment", a.id) == ["status_changed", "status_changed", "status_changed"]


def test_raising_capacity_promotes_the_waitlist(recruiting):
    staff = factories.UserFactory()
    enrolments = [factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.applied, enrolled_on=None)
                  for _ in range(3)]
    for e in enrolments:
        participants_admissions.accept_application(e, actor=staff)
    assert enrolments[2].waitlist_position == 1
    design_services.update_cohort(recruiting, capacity=3, actor=staff)
    assert enrolments[2].status == EnrolmentStatus.accepted


def test_screening_refuses_out_of_order_steps(recruiting):
    enrolment = factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.applied, enrolled_on=None)
    with pytest.raises(CohortRuleError, match="cannot be enrolled"):
        participants_admissions.enrol(enrolment, actor=None)
    with pytest.raises(CohortRuleError, match="reason"):
        participants_admissions.withdraw(enrolment, "  ", actor=None)
    with pytest.raises(CohortRuleError, match="cannot be excluded"):
        participants_admissions.exclude(enrolment, "death", actor=None)


def test_exclusion_ends_a_current_enrolment_and_keeps_the_reason(recruiting):
    enrolment = factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.enrolled,
                                           enrolled_on=date.today() - timedelta(days=3))
    waiting = factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.applied, enrolled_on=None,
                                         waitlist_position=1)
    factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.enrolled)
    participants_admissions.exclude(enrolment, ExclusionReason.serious_illness, actor=None)
    assert enrolment.status == EnrolmentStatus.withdrawn and enrolment.exited_on == date.today()
    assert enrolment.exclusion_reason == ExclusionReason.serious_illness
    assert waiting.status == EnrolmentStatus.accepted
    completed = factories.EnrolmentFactory(cohort=recruiting, status=EnrolmentStatus.completed)
    participants_admissions.exclude(completed, "incarceration", actor=None)
    assert completed.status == EnrolmentStatus.completed and completed.exclusion_reason == ExclusionReason.incarceration
    assert audit_actions("enrolment", completed.id) == ["excluded"]
