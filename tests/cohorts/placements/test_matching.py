"""Competency ranking: exit over baseline, must-haves weigh more, reasons, deterministic ties."""

from __future__ import annotations

import pandas as pd

from cohorts.placements.matching import rank_candidates, rank_needs_for_participant, score_fits
from cohorts.models import AssessmentStage, EnrolmentStatus
from employers.models import HiringNeedStatus, Importance
from tests import factories as f


def need_with(skills: list[tuple[str, int, Importance]], **fields):
    need = f.HiringNeedFactory(**fields)
    made = {}
    for label, level, importance in skills:
        made[label] = f.SkillFactory(label=label)
        f.HiringNeedSkillFactory(hiring_need=need, skill=made[label], level=level, importance=importance)
    return need, made


def candidate(cohort, levels: dict, stage=AssessmentStage.exit, status=EnrolmentStatus.completed):
    participant = f.EnrolmentFactory(cohort=cohort, status=status).participant
    for skill, level in levels.items():
        f.SkillAssessmentFactory(participant=participant, skill=skill, stage=stage, level=level)
    return participant


def test_ranks_by_fit_with_must_haves_weighing_more_and_reasons():
    need, s = need_with([("Prospecting", 3, Importance.must), ("Negotiation", 3, Importance.must),
                         ("CRM", 2, Importance.nice)])
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    strong = candidate(cohort, {s["Prospecting"]: 3, s["Negotiation"]: 2, s["CRM"]: 2})
    nice_only = candidate(cohort, {s["Prospecting"]: 3, s["Negotiation"]: 0, s["CRM"]: 4})
    perfect = candidate(cohort, {s["Prospecting"]: 4, s["Negotiation"]: 3, s["CRM"]: 0})
    outsider = f.EnrolmentFactory().participant  # another cohort: not a candidate

    fits = rank_candidates(need)
    assert [fit.participant_id for fit in fits] == [perfect.id, strong.id, nice_only.id]
    assert outsider.id not in {fit.participant_id for fit in fits}
    best, second, third = fits
    # (2·1 + 2·1 + 1·0) / 5 and (2·1 + 2·⅔ + 1·1) / 5
    assert best.score == 0.8 and second.score == round((2 + 4 / 3 + 1) / 5, 6)
    assert best.missing_musts == () and second.missing_musts == ("Negotiation",)
    assert second.reasons == "meets 1 of 2 must-haves; below on Negotiation (2 of 3); meets 1 of 1 nice-to-haves"
    assert best.reasons == "meets 2 of 2 must-haves; meets 0 of 1 nice-to-haves"
    assert third.must_met == 1 and best.cohort_id == cohort.id


def test_exit_level_is_used_before_baseline():
    need, s = need_with([("Discovery calls", 3, Importance.must)])
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    grown = candidate(cohort, {s["Discovery calls"]: 1}, stage=AssessmentStage.baseline)
    f.SkillAssessmentFactory(participant=grown, skill=s["Discovery calls"], stage=AssessmentStage.exit, level=3)
    only_baseline = candidate(cohort, {s["Discovery calls"]: 2}, stage=AssessmentStage.baseline)

    fits = {fit.participant_id: fit for fit in rank_candidates(need)}
    assert fits[grown.id].score == 1.0
    assert fits[only_baseline.id].reasons == "meets 0 of 1 must-haves; below on Discovery calls (2 of 3)"


def test_ties_are_broken_by_participant_id_and_withdrawn_are_left_out():
    need, s = need_with([("Listening", 2, Importance.must)])
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    twins = [candidate(cohort, {s["Listening"]: 2}) for _ in range(3)]
    candidate(cohort, {s["Listening"]: 4}, status=EnrolmentStatus.withdrawn)
    fits = rank_candidates(need)
    assert [fit.participant_id for fit in fits] == sorted(p.id for p in twins)


def test_rank_needs_for_a_participant():
    skill = f.SkillFactory(label="Cold calling")
    fitting, _ = need_with([], status=HiringNeedStatus.open)
    f.HiringNeedSkillFactory(hiring_need=fitting, skill=skill, level=2)
    stretch, _ = need_with([], status=HiringNeedStatus.open)
    f.HiringNeedSkillFactory(hiring_need=stretch, skill=skill, level=4)
    closed, _ = need_with([], status=HiringNeedStatus.closed)
    f.HiringNeedSkillFactory(hiring_need=closed, skill=skill, level=1)
    person = f.ParticipantFactory()
    f.SkillAssessmentFactory(participant=person, skill=skill, stage=AssessmentStage.exit, level=2)

    fits = rank_needs_for_participant(person)
    ids = [fit.hiring_need_id for fit in fits]
    assert ids.index(fitting.id) < ids.index(stretch.id)
    assert closed.id not in ids


def test_score_fits_is_pure_and_handles_a_need_without_competencies():
    pairs = pd.DataFrame({"participant_id": [1, 2], "hiring_need_id": [9, 9]})
    requirements = pd.DataFrame(columns=["hiring_need_id", "skill_id", "label", "level", "must"])
    levels = pd.DataFrame(columns=["participant_id", "skill_id", "level"])
    fits = score_fits(pairs, requirements, levels)
    assert list(fits["participant_id"]) == [1, 2]
    assert set(fits["reasons"]) == {"the hiring need lists no competencies"}
    assert set(fits["score"]) == {0.0}


def test_ranking_runs_a_fixed_number_of_queries(count_queries):
    need, s = need_with([("Objection handling", 3, Importance.must)])
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    candidate(cohort, {s["Objection handling"]: 2})
    with count_queries() as few:
        rank_candidates(need)
    for level in range(5):
        candidate(cohort, {s["Objection handling"]: level % 4})
    with count_queries() as many:
        assert len(rank_candidates(need)) == 6
    assert few.count == many.count == 3
