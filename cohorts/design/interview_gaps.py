"""How interviewed candidates scored against what employers asked, per demanded competency.

Read from the interview models directly (design sits below cohorts.interviews). For each
competency the cohort's hiring needs demand: the candidates interviewed for any of those needs
(from any cohort), each counted once with their latest score, compared with the level the need
they were interviewed for asks. A gap many of them share is flagged for the next cohort's modules
(docs/INTERVIEW_FEEDBACK.md).
"""

from __future__ import annotations

import statistics
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from cohorts.design.curriculum import Demand
from cohorts.models import Candidacy, CohortHiringNeed, InterviewFeedback, InterviewScore
from employers.models import HiringNeedSkill

#: a gap is shared when at least this share of the scored candidates fall below the level asked …
SHARED_GAP_SHARE = 0.5
#: … and at least this many candidates were scored (fewer say too little to change a curriculum)
SHARED_GAP_MIN_SCORED = 3


@dataclass(frozen=True)
class CompetencyGap:
    """One demanded competency: what employers ask and how interviewed candidates scored."""

    skill_id: int
    label: str
    #: the highest level any of the cohort's needs asks
    required_level: int
    #: candidates scored on it at an interview for one of the needs
    scored: int
    #: of those, how many scored below the level their need asks
    below: int
    mean: float | None
    median: float | None

    @property
    def shared_gap(self) -> bool:
        return self.scored >= SHARED_GAP_MIN_SCORED and self.below >= SHARED_GAP_SHARE * self.scored


def interview_gaps(cohort_id: int, demand: Demand) -> list[CompetencyGap]:
    """Per demanded competency (demand's order), the interview scores against the levels asked (one query)."""
    needs = sa.select(CohortHiringNeed.hiring_need_id).where(CohortHiringNeed.cohort_id == cohort_id)
    rows = db.session.execute(
        sa.select(InterviewScore.skill_id, Candidacy.participant_id, InterviewScore.level, HiringNeedSkill.level,
                  InterviewFeedback.interviewed_at)
        .join(InterviewFeedback, InterviewFeedback.id == InterviewScore.feedback_id)
        .join(Candidacy, Candidacy.id == InterviewFeedback.candidacy_id)
        .join(HiringNeedSkill, sa.and_(HiringNeedSkill.hiring_need_id == Candidacy.hiring_need_id,
                                       HiringNeedSkill.skill_id == InterviewScore.skill_id))
        .where(Candidacy.hiring_need_id.in_(needs))
        .order_by(InterviewFeedback.interviewed_at, InterviewFeedback.id)
    ).all()
    latest: dict[int, dict[int, tuple[int, int]]] = {}
    for skill_id, participant_id, level, required, _ in rows:  # oldest first: the latest score wins
        latest.setdefault(skill_id, {})[participant_id] = (level, required)
    gaps = []
    for competency in demand.competencies:
        scores = list(latest.get(competency.skill_id, {}).values())
        levels = [level for level, _ in scores]
        gaps.append(CompetencyGap(
            competency.skill_id, competency.label, competency.max_level, len(scores),
            sum(level < required for level, required in scores),
            round(statistics.fmean(levels), 1) if levels else None,
            statistics.median(levels) if levels else None,
        ))
    return gaps
