"""Jobs for you: rank postings by the competencies a participant's target roles ask for, and explain why.

A participant's *target needs* are the hiring needs their cohorts are designed from (the demand
basis, for enrolments accepted, enrolled or completed) and the needs they have a candidacy for. A
competency is *asked* when any target need lists it; the participant has *shown* it when their
assessment (the exit level, else the baseline) reaches the lowest level a target need asks for it.
A posting ranks by how many asked competencies it mentions, then by how many of those they have
shown, then newest posted first (no date last), then by id: the order is deterministic. The target
and levels are two small queries; the ranking itself is one SQL statement, so a page costs the same
however many postings exist.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa

from app.extensions import db
from app.models import Skill
from cohorts.models import AssessmentStage, Candidacy, CohortHiringNeed, Enrolment, EnrolmentStatus, SkillAssessment
from employers.jobs.models import JobPosting, JobPostingSkill
from employers.models import HiringNeedSkill

#: enrolments whose cohort's demand counts as the participant's target
TARGET_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)


@dataclass(frozen=True)
class Target:
    """What the participant's target roles ask for, and what they have shown of it."""

    #: skill id → its label, for every competency a target need asks for
    asked: dict[int, str] = field(default_factory=dict)
    #: skill ids whose level they have reached
    shown: frozenset[int] = frozenset()

    def reasons(self, mentioned: list[tuple[int, str]]) -> str:
        """"mentions Negotiation, CRM hygiene — both asked by your target roles; you have shown 1 of 2"."""
        hits = sorted({label for skill_id, label in mentioned if skill_id in self.asked}, key=str.casefold)
        if not hits:
            return "mentions none of the competencies your target roles ask for"
        shown = len({skill_id for skill_id, _ in mentioned if skill_id in self.asked and skill_id in self.shown})
        if len(hits) == 1:
            return (f"mentions {hits[0]} — asked by your target roles; "
                    + ("you have shown it" if shown else "you have not shown it yet"))
        both = "both" if len(hits) == 2 else f"all {len(hits)}"
        return f"mentions {', '.join(hits)} — {both} asked by your target roles; you have shown {shown} of {len(hits)}"


def target_needs(participant_id: int):
    """Select of the hiring need ids the participant is aiming at (demand basis and candidacies)."""
    from_cohorts = (
        sa.select(CohortHiringNeed.hiring_need_id)
        .join(Enrolment, Enrolment.cohort_id == CohortHiringNeed.cohort_id)
        .where(Enrolment.participant_id == participant_id, Enrolment.status.in_(TARGET_STATUSES))
    )
    from_candidacies = sa.select(Candidacy.hiring_need_id).where(Candidacy.participant_id == participant_id)
    return sa.union(from_cohorts, from_candidacies)


def target_for(participant_id: int) -> Target:
    """The asked competencies (one query) and the ones the participant has shown (one query)."""
    asked_rows = db.session.execute(
        sa.select(HiringNeedSkill.skill_id, Skill.label, sa.func.min(HiringNeedSkill.level))
        .join(Skill, Skill.id == HiringNeedSkill.skill_id)
        .where(HiringNeedSkill.hiring_need_id.in_(target_needs(participant_id)))
        .group_by(HiringNeedSkill.skill_id, Skill.label)
    ).all()
    if not asked_rows:
        return Target()
    required = {skill_id: level for skill_id, _, level in asked_rows}
    levels: dict[int, tuple[bool, int]] = {}
    for skill_id, stage, level in db.session.execute(
        sa.select(SkillAssessment.skill_id, SkillAssessment.stage, SkillAssessment.level)
        .where(SkillAssessment.participant_id == participant_id, SkillAssessment.skill_id.in_(list(required)))
    ):
        is_exit = stage == AssessmentStage.exit
        if skill_id not in levels or is_exit:  # the exit level, else the baseline
            levels[skill_id] = (is_exit, level)
    shown = frozenset(skill_id for skill_id, (_, level) in levels.items() if level >= required[skill_id])
    return Target({skill_id: label for skill_id, label, _ in asked_rows}, shown)


def ranked_ids_select(target: Target, candidates):
    """Posting ids of ``candidates`` (a select of posting ids) best first, per the module docstring."""
    asked, shown = list(target.asked), list(target.shown)
    hits = (
        sa.select(JobPostingSkill.posting_id,
                  sa.func.count().label("mentioned"),
                  sa.func.sum(sa.case((JobPostingSkill.skill_id.in_(shown or [-1]), 1), else_=0)).label("shown"))
        .where(JobPostingSkill.skill_id.in_(asked or [-1]))
        .group_by(JobPostingSkill.posting_id)
        .subquery()
    )
    return (
        sa.select(JobPosting.id)
        .outerjoin(hits, hits.c.posting_id == JobPosting.id)
        .where(JobPosting.id.in_(candidates))
        .order_by(sa.func.coalesce(hits.c.mentioned, 0).desc(), sa.func.coalesce(hits.c.shown, 0).desc(),
                  JobPosting.posted_on.is_(None), JobPosting.posted_on.desc(), JobPosting.id.desc())
    )
