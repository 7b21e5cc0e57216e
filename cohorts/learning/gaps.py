"""A participant's competency gaps against their target hiring needs, and the resources ranked to close them.

Target needs: the demand basis of every cohort the participant is enrolled in (or accepted into, or
completed), and every need they are a live candidate for. A gap is a competency those needs require
above the participant's latest assessed level (exit, else baseline, else 0). Five queries whatever
the number of needs, gaps or resources.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from sqlalchemy import case, func, select, union
from sqlalchemy.orm import contains_eager

from app.extensions import db
from app.models import Skill
from cohorts.learning.services import is_poorly_rated
from cohorts.models import (
    AssessmentStage,
    Candidacy,
    CandidacyStage,
    CohortHiringNeed,
    Enrolment,
    EnrolmentStatus,
    LearningResource,
    ProgressStatus,
    ResourceProgress,
    ResourceSkill,
    ResourceStatus,
    SkillAssessment,
)
from employers.models import Employer, HiringNeed, HiringNeedSkill

#: enrolments whose cohort's demand a participant is working towards
TARGET_ENROLMENTS = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)
#: candidacies that are over: their need is no longer a target
CLOSED_CANDIDACIES = (CandidacyStage.not_selected, CandidacyStage.withdrawn)
#: how many resources each gap offers
RESOURCES_PER_GAP = 5


@dataclass(frozen=True)
class Stats:
    """A resource's ratings and completion, as the community left them."""

    average: float | None = None
    raters: int = 0
    started: int = 0
    done: int = 0

    @property
    def poor(self) -> bool:
        return is_poorly_rated(self.average, self.raters)

    @property
    def completion_rate(self) -> float | None:
        return self.done / self.started if self.started else None


@dataclass(frozen=True)
class Offer:
    """One resource offered for one gap, with why it ranks where it does."""

    resource: LearningResource
    level: int
    stats: Stats
    reason: str


@dataclass
class Gap:
    skill_id: int
    label: str
    required: int
    current: int
    #: "Account manager at Northwind" for each need asking for it
    wanted_by: list[str] = field(default_factory=list)
    offers: list[Offer] = field(default_factory=list)


def describe_cost(cost: Decimal, currency: str) -> str:
    if not cost:
        return "free"
    amount = f"{cost:,.2f}".removesuffix(".00")
    return f"costs {amount} {currency}"


def describe_hours(hours: Decimal | None) -> str:
    if hours is None:
        return "length not given"
    text = f"{Decimal(str(hours)).normalize():f}"
    return f"{text} hour" if text == "1" else f"{text} hours"


def reason_for(skill_label: str, level: int, current: int, resource: LearningResource, stats: Stats) -> str:
    """'teaches Negotiation to level 3; you are at 2; free; 4 hours; rated 4.5 by 6 people'."""
    parts = [f"teaches {skill_label} to level {level}", f"you are at {current}",
             describe_cost(resource.cost, resource.currency), describe_hours(resource.hours)]
    if stats.raters:
        people = "person" if stats.raters == 1 else "people"
        parts.append(f"rated {stats.average:.1f} by {stats.raters} {people}")
    else:
        parts.append("not rated yet")
    if stats.poor:
        parts.append("poorly rated: under review")
    if resource.link_broken_since is not None:
        parts.append("its link may be broken")
    return "; ".join(parts)


def fit_key(required: int, current: int, level: int, resource: LearningResource, stats: Stats) -> tuple:
    """Sort key, best first: sound resources, reaching the required level (closest), free/cheap, short, well rated."""
    reaches = level >= required
    return (
        stats.poor or resource.link_broken_since is not None,  # sinks
        not reaches,
        required - level if not reaches else level - required,  # nearest the need, from below or above
        resource.cost,
        resource.hours if resource.hours is not None else Decimal("1e9"),
        -(stats.average or 0.0) if stats.raters else 0.0,
        resource.title.lower(),
    )


def rank_offers(gap: Gap, candidates: list[tuple[LearningResource, int]], stats: dict[int, Stats]) -> list[Offer]:
    """The resources that teach the gap's competency above the current level, best fit first."""
    useful = [(r, level) for r, level in candidates if level > gap.current]
    useful.sort(key=lambda rl: fit_key(gap.required, gap.current, rl[1], rl[0], stats.get(rl[0].id, Stats())))
    return [Offer(r, level, stats.get(r.id, Stats()), reason_for(gap.label, level, gap.current, r,
                                                                 stats.get(r.id, Stats())))
            for r, level in useful[:RESOURCES_PER_GAP]]


def target_need_ids(participant_id: int):
    """The ids of the participant's target hiring needs, as a subquery."""
    from_cohorts = (select(CohortHiringNeed.hiring_need_id.label("need_id"))
                    .join(Enrolment, Enrolment.cohort_id == CohortHiringNeed.cohort_id)
                    .where(Enrolment.participant_id == participant_id, Enrolment.status.in_(TARGET_ENROLMENTS)))
    from_candidacies = (select(Candidacy.hiring_need_id.label("need_id"))
                        .where(Candidacy.participant_id == participant_id,
                               Candidacy.stage.not_in(CLOSED_CANDIDACIES)))
    return union(from_cohorts, from_candidacies).subquery()


def current_levels(participant_id: int) -> dict[int, int]:
    """skill id → latest assessed level (exit, else baseline)."""
    levels: dict[int, tuple[int, int]] = {}
    for skill_id, stage, level in db.session.execute(
        select(SkillAssessment.skill_id, SkillAssessment.stage, SkillAssessment.level)
        .where(SkillAssessment.participant_id == participant_id)
    ):
        rank = 1 if stage == AssessmentStage.exit else 0
        if skill_id not in levels or rank > levels[skill_id][0]:
            levels[skill_id] = (rank, level)
    return {skill_id: level for skill_id, (_, level) in levels.items()}


def resource_stats(resource_ids) -> dict[int, Stats]:
    """resource id → its ratings and completion (one grouped query)."""
    if not resource_ids:
        return {}
    rows = db.session.execute(
        select(ResourceProgress.resource_id, func.avg(ResourceProgress.rating), func.count(ResourceProgress.rating),
               func.count(), func.sum(case((ResourceProgress.status == ProgressStatus.done, 1), else_=0)))
        .where(ResourceProgress.resource_id.in_(list(resource_ids)))
        .group_by(ResourceProgress.resource_id)
    )
    return {rid: Stats(float(avg) if avg is not None else None, raters, started, int(done or 0))
            for rid, avg, raters, started, done in rows}


def participant_gaps(participant_id: int) -> list[Gap]:
    """The participant's gaps, largest first, each with up to five resources ranked by fit."""
    needs = target_need_ids(participant_id)
    gaps: dict[int, Gap] = {}
    levels = current_levels(participant_id)
    for skill_id, label, level, role_title, employer in db.session.execute(
        select(HiringNeedSkill.skill_id, Skill.label, HiringNeedSkill.level, HiringNeed.role_title, Employer.name)
        .join(Skill, Skill.id == HiringNeedSkill.skill_id)
        .join(HiringNeed, HiringNeed.id == HiringNeedSkill.hiring_need_id)
        .join(Employer, Employer.id == HiringNeed.employer_id)
        .where(HiringNeedSkill.hiring_need_id.in_(select(needs.c.need_id)))
        .order_by(HiringNeed.id)
    ):
        current = levels.get(skill_id, 0)
        if level <= current:
            continue
        gap = gaps.setdefault(skill_id, Gap(skill_id, label, level, current))
        gap.required = max(gap.required, level)
        if (wanted := f"{role_title} at {employer}") not in gap.wanted_by:
            gap.wanted_by.append(wanted)
    if not gaps:
        return []
    candidates: dict[int, list[tuple[LearningResource, int]]] = {}
    for rs in db.session.scalars(
        select(ResourceSkill).join(ResourceSkill.resource)
        .options(contains_eager(ResourceSkill.resource))
        .where(ResourceSkill.skill_id.in_(list(gaps)), LearningResource.status == ResourceStatus.approved)
    ):
        candidates.setdefault(rs.skill_id, []).append((rs.resource, rs.level))
    stats = resource_stats({r.id for offers in candidates.values() for r, _ in offers})
    for gap in gaps.values():
        gap.offers = rank_offers(gap, candidates.get(gap.skill_id, []), stats)
    return sorted(gaps.values(), key=lambda g: (-(g.required - g.current), g.label.lower()))
