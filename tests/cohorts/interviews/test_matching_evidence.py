"""Matching counts interview evidence: the newest of assessment and interview score, its source in the reasons."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from app.extensions import db
from cohorts.models import AssessmentStage, EnrolmentStatus, InterviewScore
from cohorts.placements.matching import matching_page, rank_candidates, rank_needs_for_participant, score
from employers.models import HiringNeedStatus, Importance
from tests import factories as f

INTERVIEWED = datetime(2026, 12, 3, 10, 0, tzinfo=UTC)


def _setup():
    northwind = f.EmployerFactory(name="Northwind")
    need = f.HiringNeedFactory(employer=northwind, status=HiringNeedStatus.open)
    negotiation, crm = f.SkillFactory(label="Negotiation"), f.SkillFactory(label="CRM")
    f.HiringNeedSkillFactory(hiring_need=need, skill=negotiation, level=3, importance=Importance.must)
    f.HiringNeedSkillFactory(hiring_need=need, skill=crm, level=2, importance=Importance.nice)
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    return need, negotiation, crm, cohort


def _candidate(cohort, skill, level, assessed_on):
    participant = f.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.completed).participant
    f.SkillAssessmentFactory(participant=participant, skill=skill, stage=AssessmentStage.exit, level=level,
                             assessed_on=assessed_on)
    return participant


def _interview(need, participant, levels: dict, at=INTERVIEWED, candidacy=None):
    day = f.InterviewDayFactory(employer=need.employer, hiring_need=need, starts_at=at)
    candidacy = candidacy or f.CandidacyFactory(participant=participant, hiring_need=need)
    feedback = f.InterviewFeedbackFactory(slot=f.InterviewSlotFactory(day=day, candidacy=candidacy, starts_at=at),
                                          interviewed_at=at)
    for skill, level in levels.items():
        feedback.scores.append(InterviewScore(skill_id=skill.id, level=level))
    db.session.flush()
    return feedback


def test_a_newer_interview_score_replaces_the_assessment_and_is_named():
    need, negotiation, crm, cohort = _setup()
    someone = _candidate(cohort, negotiation, 3, date(2026, 11, 1))
    _interview(need, someone, {negotiation: 2, crm: 3})
    fit = {fit.participant_id: fit for fit in rank_candidates(need)}[someone.id]
    assert fit.must_met == 0 and fit.missing_musts == ("Negotiation",)
    assert fit.reasons == ("meets 0 of 1 must-haves; below on Negotiation (2 of 3, from an interview with "
                           "Northwind 3 Dec); meets 1 of 1 nice-to-haves; interview evidence: CRM 3 "
                           "(an interview with Northwind 3 Dec)")


def test_a_newer_assessment_wins_and_an_undated_one_loses():
    need, negotiation, _, cohort = _setup()
    reassessed = _candidate(cohort, negotiation, 3, date(2026, 12, 10))
    _interview(need, reassessed, {negotiation: 1})
    undated = _candidate(cohort, negotiation, 3, None)
    _interview(need, undated, {negotiation: 1})
    fits = {fit.participant_id: fit for fit in rank_candidates(need)}
    assert fits[reassessed.id].must_met == 1 and "interview" not in fits[reassessed.id].reasons
    assert fits[undated.id].must_met == 0 and "from an interview with Northwind" in fits[undated.id].reasons


def test_the_latest_of_several_interviews_counts():
    need, negotiation, _, cohort = _setup()
    someone = _candidate(cohort, negotiation, 1, date(2026, 10, 1))
    earlier = _interview(need, someone, {negotiation: 2}, at=INTERVIEWED - timedelta(days=5))
    _interview(need, someone, {negotiation: 4}, at=INTERVIEWED, candidacy=earlier.candidacy)
    fit = {fit.participant_id: fit for fit in rank_candidates(need)}[someone.id]
    assert fit.must_met == 1 and "Negotiation 4 (an interview with Northwind 3 Dec)" in fit.reasons


def test_interview_evidence_counts_for_a_participants_open_needs():
    need, negotiation, _, cohort = _setup()
    someone = _candidate(cohort, negotiation, 1, date(2026, 10, 1))
    _interview(need, someone, {negotiation: 3})
    fit = next(fit for fit in rank_needs_for_participant(someone) if fit.hiring_need_id == need.id)
    assert fit.must_met == 1 and "interview evidence: Negotiation 3 (an interview with Northwind 3 Dec)" in fit.reasons


def test_query_counts_stay_fixed_with_interview_evidence(count_queries):
    need, negotiation, crm, cohort = _setup()
    first = _candidate(cohort, negotiation, 2, date(2026, 10, 1))
    _interview(need, first, {negotiation: 3})
    with count_queries() as few:
        rank_candidates(need)
    for _ in range(4):
        _interview(need, _candidate(cohort, negotiation, 2, date(2026, 10, 1)), {negotiation: 3, crm: 1})
    with count_queries() as many:
        rank_candidates(need)
    with count_queries() as for_participant:
        rank_needs_for_participant(first)
    assert few.count == many.count == 3 and for_participant.count == 2


def test_score_stays_pure_and_names_sources_only_when_given():
    requirements = [(1, 10, "Negotiation", 3, True)]
    plain = score([(7, 1)], requirements, {(7, 10): 2})
    sourced = score([(7, 1)], requirements, {(7, 10): 2}, sources={(7, 10): "an interview with Acme 1 Dec"})
    assert plain[0].reasons == "meets 0 of 1 must-haves; below on Negotiation (2 of 3)"
    assert sourced[0].reasons == "meets 0 of 1 must-haves; below on Negotiation (2 of 3, from an interview with Acme 1 Dec)"
    assert plain[0].score == sourced[0].score


def test_the_matching_page_weighs_the_same_evidence_as_rank_candidates():
    """The page reads its candidates' evidence of every skill and keeps the need's: an interview and an
    assessment in a skill the need does not ask for change nothing, the need's own interview scores count."""
    need, negotiation, crm, cohort = _setup()
    unasked = f.SkillFactory(label="Forklift")
    interviewed = _candidate(cohort, negotiation, 1, date(2026, 10, 1))
    _interview(need, interviewed, {negotiation: 3, unasked: 4})
    assessed = _candidate(cohort, crm, 2, date(2026, 10, 1))
    f.SkillAssessmentFactory(participant=assessed, skill=unasked, stage=AssessmentStage.exit, level=4)
    _candidate(cohort, negotiation, 4, None)
    db.session.flush()

    page = matching_page(need.id)
    assert [row.fit for row in page["rows"]] == rank_candidates(need)
    fits = {row.fit.participant_id: row.fit for row in page["rows"]}
    assert fits[interviewed.id].must_met == 1 and "Forklift" not in " ".join(fits[interviewed.id].reasons)
    assert fits[assessed.id].must_met == 0
