"""The design page's interview gaps: scores against the levels asked, the shared-gap rule."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import Role
from cohorts.design.curriculum import aggregate_demand
from cohorts.design.interview_gaps import SHARED_GAP_MIN_SCORED, CompetencyGap, interview_gaps
from cohorts.design.queries import need_inputs
from cohorts.models import InterviewScore
from employers.models import Importance
from tests import factories as f


@pytest.fixture
def world():
    need = f.HiringNeedFactory()
    negotiation, crm = f.SkillFactory(label="Negotiation"), f.SkillFactory(label="CRM")
    f.HiringNeedSkillFactory(hiring_need=need, skill=negotiation, level=3, importance=Importance.must)
    f.HiringNeedSkillFactory(hiring_need=need, skill=crm, level=2, importance=Importance.nice)
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    db.session.flush()
    return {"need": need, "negotiation": negotiation, "crm": crm, "cohort": cohort}


def _scored(need, levels: dict, at=None, candidacy=None):
    slot = f.InterviewSlotFactory(day=f.InterviewDayFactory(employer=need.employer, hiring_need=need),
                                  **({"candidacy": candidacy} if candidacy else {}))
    feedback = f.InterviewFeedbackFactory(slot=slot, **({"interviewed_at": at} if at else {}))
    for skill, level in levels.items():
        feedback.scores.append(InterviewScore(skill_id=skill.id, level=level))
    db.session.flush()
    return feedback


def _gaps(world) -> dict[str, CompetencyGap]:
    demand = aggregate_demand(need_inputs(world["cohort"]))
    return {g.label: g for g in interview_gaps(world["cohort"].id, demand)}


def test_a_gap_most_candidates_share_is_flagged(world):
    for level in (1, 2, 3):
        _scored(world["need"], {world["negotiation"]: level, world["crm"]: 3})
    gaps = _gaps(world)
    assert (gaps["Negotiation"].scored, gaps["Negotiation"].below) == (3, 2)
    assert gaps["Negotiation"].mean == 2.0 and gaps["Negotiation"].median == 2
    assert gaps["Negotiation"].shared_gap and not gaps["CRM"].shared_gap
    assert gaps["CRM"].required_level == 2


def test_too_few_scored_candidates_never_flag_a_gap(world):
    for _ in range(SHARED_GAP_MIN_SCORED - 1):
        _scored(world["need"], {world["negotiation"]: 1})
    gap = _gaps(world)["Negotiation"]
    assert gap.below == gap.scored == SHARED_GAP_MIN_SCORED - 1 and not gap.shared_gap


def test_each_candidate_counts_once_with_their_latest_score(world):
    first = _scored(world["need"], {world["negotiation"]: 1}, at=datetime.now(UTC) - timedelta(days=10))
    _scored(world["need"], {world["negotiation"]: 4}, candidacy=first.candidacy)
    gap = _gaps(world)["Negotiation"]
    assert (gap.scored, gap.below, gap.mean) == (1, 0, 4.0)


def test_scores_for_other_needs_are_left_out_and_no_scores_read_as_none(world):
    other_need = f.HiringNeedFactory()
    f.HiringNeedSkillFactory(hiring_need=other_need, skill=world["negotiation"], level=4)
    _scored(other_need, {world["negotiation"]: 1})
    gap = _gaps(world)["Negotiation"]
    assert (gap.scored, gap.mean, gap.median, gap.shared_gap) == (0, None, None, False)


def test_the_proposal_page_shows_the_gap_table(client, login, world):
    for level in (1, 1, 3):
        _scored(world["need"], {world["negotiation"]: level})
    login(Role.staff)
    html = client.get(f"/staff/cohorts/{world['cohort'].id}/design/proposal").get_data(as_text=True)
    assert "How interviewed candidates scored" in html
    assert "teach this in the next cohort&#39;s modules" in html or "teach this in the next cohort's modules" in html


def test_the_proposal_page_without_scores_says_so(client, login, world):
    login(Role.staff)
    html = client.get(f"/staff/cohorts/{world['cohort'].id}/design/proposal").get_data(as_text=True)
    assert "No candidate has been scored at an interview for these hiring needs yet." in html
