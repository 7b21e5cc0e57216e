"""Talent services: opting in and out (new handles), listing rules, reach-outs and the answers."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.audit import AuditEvent
from app.extensions import db
from cohorts.errors import CohortRuleError
from cohorts.models import AssessmentStage, CandidacyStage, ReachOutStatus
from cohorts.talent import queries, services
from employers.models import HiringNeedStatus
from tests import factories
from tests.cohorts.talent.helpers import listed_participant, sent_reach_out


def test_opting_out_and_in_again_changes_the_handle_and_expires_pending_requests():
    participant, need, profile = listed_participant()
    first = profile.handle
    assert first.startswith("T-") and len(first) == 10
    request = sent_reach_out(profile, need)
    services.opt_out(participant, None)
    assert request.status == ReachOutStatus.expired and request.decided_at is not None
    assert queries.listed_profile(first) is None
    services.opt_in(participant, None, None)
    assert profile.handle != first and queries.listed_profile(profile.handle) is not None
    assert request.handle == first  # the employer's record keeps the handle it saw


def test_a_profile_with_fewer_than_three_assessed_skills_is_not_listed():
    _, _, thin = listed_participant(skills=2)
    _, _, full = listed_participant(skills=3)
    handles = {p.handle for p in queries.search(queries.TalentFilters()).items}
    assert full.handle in handles and thin.handle not in handles
    assert queries.listed_profile(thin.handle) is None


def test_levels_assessed_at_the_start_neither_show_nor_count_only_exit_levels_do():
    participant, _, profile = listed_participant(skills=2, level=2)
    exit_skill = participant.assessments[0].skill
    factories.SkillAssessmentFactory(participant=participant, skill=exit_skill, stage=AssessmentStage.baseline,
                                     level=4)
    for _ in range(3):  # baseline-only skills, high levels: none may show, count or match a filter
        factories.SkillAssessmentFactory(participant=participant, stage=AssessmentStage.baseline, level=3)
    baseline_skill = participant.assessments[-1].skill
    db.session.flush()
    assert queries.assessed_skill_count(participant.id) == 2
    assert queries.listed_profile(profile.handle) is None
    factories.SkillAssessmentFactory(participant=participant, skill=baseline_skill, stage=AssessmentStage.exit,
                                     level=1)
    db.session.flush()
    shown = queries.listed_profile(profile.handle)
    assert shown is not None and queries.assessed_skill_count(participant.id) == 3
    levels = {s.label: s.level for s in queries.skill_levels(shown)}
    assert levels == {exit_skill.label: 2, participant.assessments[1].skill.label: 2, baseline_skill.label: 1}
    assert queries.search(queries.TalentFilters(skill_ids=(baseline_skill.id,), min_level=2)).items == []
    assert queries.search(queries.TalentFilters(skill_ids=(exit_skill.id,), min_level=3)).items == []
    assert queries.search(queries.TalentFilters(skill_ids=(exit_skill.id,), min_level=2)).items == [shown]


def test_an_anonymised_participant_is_not_listed():
    participant, _, profile = listed_participant()
    participant.anonymised_at = participant.created_at
    db.session.flush()
    assert queries.listed_profile(profile.handle) is None


def test_search_filters_by_skill_level_region_availability_and_band():
    _, _, strong = listed_participant(level=4, region="Ottawa")
    _, _, weak = listed_participant(level=1, region="Toronto")
    skill_id = strong.participant.assessments[0].skill_id
    found = queries.search(queries.TalentFilters(skill_ids=(skill_id,), min_level=3)).items
    assert [p.handle for p in found] == [strong.handle]
    assert queries.search(queries.TalentFilters(skill_ids=(skill_id,), min_level=4)).items == [strong]
    assert [p.handle for p in queries.search(queries.TalentFilters(region="toronto")).items
            if p.handle in (strong.handle, weak.handle)] == [weak.handle]
    weak.learnability_band = "high"
    db.session.flush()
    assert queries.search(queries.TalentFilters(band="high")).items == [weak]


def test_accepting_introduces_the_person_through_a_candidacy_and_is_audited():
    participant, need, profile = listed_participant()
    request = sent_reach_out(profile, need)
    services.accept(request, participant.user)
    assert request.status == ReachOutStatus.accepted and request.candidacy.stage == CandidacyStage.introduced
    assert request.candidacy.participant_id == participant.id and request.candidacy.hiring_need_id == need.id
    actions = set(db.session.scalars(sa.select(AuditEvent.action).where(AuditEvent.entity == "reach_out")))
    assert {"sent", "accepted"} <= actions


def test_accepting_without_consent_to_share_is_refused_and_keeps_the_request():
    participant, need, profile = listed_participant(consent_to_share=False)
    request = sent_reach_out(profile, need)
    with pytest.raises(CohortRuleError, match="share your profile"):
        services.accept(request, participant.user)
    assert request.status == ReachOutStatus.sent and request.candidacy is None


def test_an_existing_shortlisting_is_introduced_and_a_later_stage_is_kept():
    participant, need, profile = listed_participant()
    candidacy = factories.CandidacyFactory(participant=participant, hiring_need=need, stage=CandidacyStage.interviewing)
    request = services.accept(sent_reach_out(profile, need), participant.user)
    assert request.candidacy == candidacy and candidacy.stage == CandidacyStage.interviewing


def test_declining_and_withdrawing_close_the_request_once():
    participant, need, profile = listed_participant()
    declined = services.decline(sent_reach_out(profile, need), participant.user)
    assert declined.status == ReachOutStatus.declined and declined.candidacy is None
    with pytest.raises(CohortRuleError):
        services.accept(declined, participant.user)
    withdrawn = services.withdraw(sent_reach_out(profile, need), None)
    assert withdrawn.status == ReachOutStatus.withdrawn


def test_a_reach_out_needs_an_open_need_of_the_employer_a_message_and_few_pending():
    _, need, profile = listed_participant()
    other = factories.HiringNeedFactory()
    with pytest.raises(CohortRuleError, match="open hiring needs"):
        services.reach_out(profile, need.employer, other, None, message="Hi")
    with pytest.raises(CohortRuleError, match="short message"):
        services.reach_out(profile, need.employer, need, None, message="   ")
    for _ in range(services.MAX_PENDING):
        sent_reach_out(profile, need)
    with pytest.raises(CohortRuleError, match="awaiting an answer"):
        sent_reach_out(profile, need)
    need.status = HiringNeedStatus.filled
    with pytest.raises(CohortRuleError, match="open hiring needs"):
        sent_reach_out(profile, need)


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
# no NUL: requests holding one are refused before any view (app/security/requests.py); no lone
# surrogates: no UTF-8 request can carry one, and no database can store it
@given(message=st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=1200))
def test_any_message_is_kept_trimmed_or_refused_next_to_its_field(message):
    _, need, profile = listed_participant()
    try:
        row = services.reach_out(profile, need.employer, need, None, message=message)
    except CohortRuleError as error:
        assert error.problems[0][0] == "message"
    else:
        assert row.message == message.strip() and 0 < len(row.message) <= services.MESSAGE_MAX
