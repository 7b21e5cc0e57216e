"""Learning library rules: adding and suggesting, review moves, progress, ratings and the poor-rating flag, gaps."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.learning import gaps, services
from cohorts.learning.services import ResourceFields
from cohorts.models import AssessmentStage, CandidacyStage, EnrolmentStatus, ProgressStatus, ResourceStatus
from tests import factories

TODAY = date(2026, 12, 4)


@pytest.fixture
def skills():
    return {label: factories.SkillFactory(label=label) for label in ("Negotiation", "Customer service", "Excel")}


def _fields(**overrides) -> ResourceFields:
    values = {"title": "Negotiation basics", "url": "https://learn.example.test/neg", "skills": "Negotiation: 3",
              "cost": "0", "hours": "4"}
    return ResourceFields(**(values | overrides))


def test_staff_add_approved_and_audited_others_suggest(skills):
    staff, participant = factories.user_for_role(Role.staff), factories.user_for_role(Role.participant)
    added = services.add_resource(staff, _fields(skills="negotiation: 3; Excel: 2"))
    assert added.status == ResourceStatus.approved and added.approved_by_id == staff.id
    assert sorted((rs.skill.label, rs.level) for rs in added.skills) == [("Excel", 2), ("Negotiation", 3)]
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity_id == str(added.id))).action == "create"
    suggested = services.add_resource(participant, _fields(url="https://learn.example.test/other"))
    assert suggested.status == ResourceStatus.suggested and suggested.suggested_by_id == participant.id


@pytest.mark.parametrize(("overrides", "field"), [
    ({"title": ""}, "title"), ({"url": "javascript:alert(1)"}, "url"), ({"url": "learn.example.test"}, "url"),
    ({"cost": "-1"}, "cost"), ({"cost": "abc"}, "cost"), ({"hours": "0"}, "hours"), ({"format": "podcast"}, "format"),
    ({"skills": ""}, "skills"), ({"skills": "Negotiation"}, "skills"), ({"skills": "Negotiation: 5"}, "skills"),
    ({"skills": "Juggling: 2"}, "skills"), ({"currency": "dollars"}, "currency"),
])
def test_a_wrong_field_is_refused_next_to_it(skills, overrides, field):
    with pytest.raises(CohortRuleError) as refusal:
        services.add_resource(factories.user_for_role(Role.staff), _fields(**overrides))
    assert refusal.value.field == field


@given(text=st.text(max_size=60))
@settings(max_examples=60, deadline=None)
def test_parsing_competencies_never_crashes(text):
    try:
        pairs = services.parse_skill_levels(text)
    except CohortRuleError as refusal:
        assert refusal.field == "skills"
    else:
        assert all(1 <= level <= 4 for _, level in pairs)


def test_review_moves_are_audited_and_refuse_the_wrong_order(skills):
    staff = factories.user_for_role(Role.staff)
    resource = services.add_resource(factories.user_for_role(Role.participant), _fields())
    services.review_resource(staff, resource, "approve")
    assert resource.status == ResourceStatus.approved
    with pytest.raises(CohortRuleError):
        services.review_resource(staff, resource, "reject")
    services.review_resource(staff, resource, "retire")
    actions = db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity == "learning_resource",
                                                                   AuditEvent.entity_id == str(resource.id)))
    assert list(actions) == ["approve", "retire"]


def test_start_done_and_rate(skills):
    me, resource = factories.ParticipantFactory(), factories.LearningResourceFactory()
    progress = services.start_resource(me, resource, TODAY)
    assert (progress.status, progress.started_on) == (ProgressStatus.started, TODAY)
    services.finish_resource(me, resource, TODAY)
    assert (progress.status, progress.done_on) == (ProgressStatus.done, TODAY)
    services.rate_resource(me, resource, 5, " Clear ")
    assert (progress.rating, progress.comment) == (5, "Clear")
    with pytest.raises(CohortRuleError):
        services.rate_resource(me, resource, 6)
    with pytest.raises(CohortRuleError):
        services.rate_resource(factories.ParticipantFactory(), resource, 4)


def test_a_resource_not_approved_cannot_be_started():
    with pytest.raises(CohortRuleError):
        services.start_resource(factories.ParticipantFactory(),
                                factories.LearningResourceFactory(status=ResourceStatus.suggested), TODAY)


def test_poor_ratings_from_five_people_flag_the_resource():
    resource = factories.LearningResourceFactory()
    for rating in (2, 1, 3, 2):
        services.rate_resource(factories.ResourceProgressFactory(resource=resource).participant, resource, rating)
    assert resource.review_flagged_at is None  # four people are not enough
    services.rate_resource(factories.ResourceProgressFactory(resource=resource).participant, resource, 2)
    assert resource.review_flagged_at is not None  # average 2.0 from five people


@pytest.fixture
def learner(skills):
    """A participant in a cohort whose need asks Negotiation 3 and Excel 2; assessed Negotiation 1 → exit 2."""
    need = factories.HiringNeedFactory(role_title="Account manager")
    factories.HiringNeedSkillFactory(hiring_need=need, skill=skills["Negotiation"], level=3)
    factories.HiringNeedSkillFactory(hiring_need=need, skill=skills["Excel"], level=2)
    cohort = factories.CohortFactory()
    factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    me = factories.ParticipantFactory()
    factories.EnrolmentFactory(participant=me, cohort=cohort)
    factories.SkillAssessmentFactory(participant=me, skill=skills["Negotiation"], level=1)
    factories.SkillAssessmentFactory(participant=me, skill=skills["Negotiation"], level=2, stage=AssessmentStage.exit)
    factories.SkillAssessmentFactory(participant=me, skill=skills["Excel"], level=2)
    return me


def test_gaps_use_the_latest_level_and_the_cohort_demand(learner, skills):
    [gap] = gaps.participant_gaps(learner.id)
    assert (gap.label, gap.required, gap.current) == ("Negotiation", 3, 2)
    assert gap.wanted_by[0].startswith("Account manager at ")


def test_a_live_candidacy_adds_its_need_and_a_closed_one_does_not(learner, skills):
    need = factories.HiringNeedFactory()
    factories.HiringNeedSkillFactory(hiring_need=need, skill=skills["Customer service"], level=2)
    candidacy = factories.CandidacyFactory(participant=learner, hiring_need=need)
    assert {g.label for g in gaps.participant_gaps(learner.id)} == {"Negotiation", "Customer service"}
    candidacy.stage = CandidacyStage.withdrawn
    assert {g.label for g in gaps.participant_gaps(learner.id)} == {"Negotiation"}


def test_a_withdrawn_enrolment_has_no_target(learner):
    learner_enrolment = learner.enrolments[0]
    learner_enrolment.status = EnrolmentStatus.withdrawn
    db.session.flush()
    assert gaps.participant_gaps(learner.id) == []


def test_resources_are_ranked_by_fit_with_the_reason(learner, skills):
    neg = skills["Negotiation"]
    factories.ResourceSkillFactory(skill=neg, level=3, resource=factories.LearningResourceFactory(
        title="Paid course", cost=Decimal(49)))
    free = factories.ResourceSkillFactory(skill=neg, level=3, resource=factories.LearningResourceFactory(
        title="Free course", hours=Decimal(4))).resource
    too_low = factories.ResourceSkillFactory(skill=neg, level=2).resource  # teaches no more than they have
    poor = factories.ResourceSkillFactory(skill=neg, level=3, resource=factories.LearningResourceFactory(
        title="Poor course", hours=Decimal(1))).resource
    factories.ResourceSkillFactory(skill=neg, level=3, resource=factories.LearningResourceFactory(
        status=ResourceStatus.suggested))
    for rating in (5, 4, 5, 4, 5, 4):
        factories.ResourceProgressFactory(resource=free, rating=rating, status=ProgressStatus.done)
    for _ in range(5):
        factories.ResourceProgressFactory(resource=poor, rating=1)
    [gap] = gaps.participant_gaps(learner.id)
    assert [o.resource.title for o in gap.offers] == ["Free course", "Paid course", "Poor course"]
    assert too_low.id not in {o.resource.id for o in gap.offers}
    assert gap.offers[0].reason == "teaches Negotiation to level 3; you are at 2; free; 4 hours; rated 4.5 by 6 people"
    assert "costs 49 CAD" in gap.offers[1].reason
    assert "poorly rated" in gap.offers[2].reason
    assert gap.offers[0].stats.completion_rate == 1.0


def test_a_never_assessed_competency_counts_from_zero(skills):
    need = factories.HiringNeedFactory()
    factories.HiringNeedSkillFactory(hiring_need=need, skill=skills["Excel"], level=1)
    me = factories.ParticipantFactory()
    factories.CandidacyFactory(participant=me, hiring_need=need)
    [gap] = gaps.participant_gaps(me.id)
    assert (gap.required, gap.current) == (1, 0)


def test_staff_hear_of_a_suggestion_and_the_suggester_of_the_decision(skills):
    from app.notifications.models import Notification

    staff, participant = factories.user_for_role(Role.staff), factories.user_for_role(Role.participant)
    resource = services.add_resource(participant, _fields())
    told = db.session.scalars(sa.select(Notification.user_id).where(Notification.kind == "resource_suggested"))
    assert staff.id in set(told)
    services.review_resource(staff, resource, "approve")
    [notice] = db.session.scalars(sa.select(Notification).where(Notification.kind == "resource_reviewed"))
    assert notice.user_id == participant.id and "approved" in notice.title
