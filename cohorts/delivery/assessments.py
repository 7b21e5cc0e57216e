"""Skill assessments: baseline and exit levels (0–4) for what the curriculum teaches, and the gain."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache

from sqlalchemy import Date, String, and_, bindparam, cast, func, literal_column, null, select, type_coerce, union_all
from sqlalchemy.orm import aliased

from app.dates import local_today
from app.extensions import db
from app.models import Skill, User
from cohorts.delivery.attendance import STARTER_STATUSES
from cohorts.errors import CohortRuleError
from cohorts.models import (
    AssessmentStage,
    CohortHiringNeed,
    Enrolment,
    EnrolmentStatus,
    Module,
    ModuleSkill,
    Participant,
    SkillAssessment,
)
from employers.models import HiringNeedSkill

LEVELS = range(5)
#: enrolments whose participant is assessed against the cohort's curriculum
ASSESSED_STATUSES = (EnrolmentStatus.accepted, *STARTER_STATUSES)


def taught_levels(cohort_ids: Iterable[int]) -> dict[int, int]:
    """{skill id: highest level taught} across the cohorts' curriculum modules."""
    rows = db.session.execute(
        select(ModuleSkill.skill_id, func.max(ModuleSkill.level))
        .join(Module, Module.id == ModuleSkill.module_id)
        .where(Module.cohort_id.in_(list(cohort_ids)))
        .group_by(ModuleSkill.skill_id)
    )
    return dict(rows.all())


def demanded_levels(cohort_ids: Iterable[int]) -> dict[int, int]:
    """{skill id: highest level the cohorts' hiring needs ask for}."""
    rows = db.session.execute(
        select(HiringNeedSkill.skill_id, func.max(HiringNeedSkill.level))
        .join(CohortHiringNeed, CohortHiringNeed.hiring_need_id == HiringNeedSkill.hiring_need_id)
        .where(CohortHiringNeed.cohort_id.in_(list(cohort_ids)))
        .group_by(HiringNeedSkill.skill_id)
    )
    return dict(rows.all())


def assessed_cohort_ids(participant_id: int) -> list[int]:
    return list(db.session.scalars(
        select(Enrolment.cohort_id).where(
            Enrolment.participant_id == participant_id, Enrolment.status.in_(ASSESSED_STATUSES)
        )
    ))


def _check_level(level) -> int:
    if isinstance(level, bool) or not isinstance(level, int) or level not in LEVELS:
        raise CohortRuleError(f"Levels run from 0 to 4; “{level}” is out of range. Nothing was saved.")
    return level


def _check_stage(stage) -> AssessmentStage:
    try:
        return AssessmentStage(stage)
    except ValueError:
        raise CohortRuleError(f"“{stage}” is not an assessment stage (baseline or exit).") from None


def _upsert(existing: SkillAssessment | None, participant_id: int, skill_id: int,
            stage: AssessmentStage, level: int, assessor: User | None, on: date) -> SkillAssessment:
    if existing is None:
        existing = SkillAssessment(participant_id=participant_id, skill_id=skill_id, stage=stage)
        db.session.add(existing)
    existing.level = level
    existing.assessor_id = assessor.id if assessor else None
    existing.assessed_on = on
    return existing


def record_assessment(
    participant: Participant, skill: Skill, stage: AssessmentStage | str, level: int,
    assessor: User | None, assessed_on: date | None = None,
) -> SkillAssessment:
    """Record (or correct) one level; only for skills the participant's cohort teaches."""
    level, stage = _check_level(level), _check_stage(stage)
    if skill.id not in taught_levels(assessed_cohort_ids(participant.id)):
        raise CohortRuleError(f"{skill.label} is not taught in {participant.full_name}'s cohort, so it is not assessed.")
    existing = db.session.scalar(select(SkillAssessment).filter_by(
        participant_id=participant.id, skill_id=skill.id, stage=stage
    ))
    row = _upsert(existing, participant.id, skill.id, stage, level, assessor, assessed_on or local_today())
    db.session.flush()
    return row


def cohort_assessed_participants(cohort_id: int) -> list[Participant]:
    return list(db.session.scalars(
        select(Participant)
        .join(Enrolment, Enrolment.participant_id == Participant.id)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.status.in_(ASSESSED_STATUSES))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    ))


def record_cohort_assessments(
    cohort_id: int, levels: Mapping[tuple[int, int, str], int | None], assessor: User | None,
    assessed_on: date | None = None,
) -> int:
    """Save a cohort's assessment grid {(participant, skill, stage): level}; all or nothing.

    A blank (None) cell leaves what is recorded alone. Returns how many levels changed.
    """
    taught = taught_levels([cohort_id])
    roster = {p.id for p in cohort_assessed_participants(cohort_id)}
    wanted = {}
    for (pid, skill_id, stage), level in levels.items():
        if level is None:
            continue
        if pid not in roster:
            raise CohortRuleError(f"Participant #{pid} is not in this cohort. Nothing was saved.")
        if skill_id not in taught:
            raise CohortRuleError(f"Skill #{skill_id} is not taught in this cohort. Nothing was saved.")
        wanted[(pid, skill_id, _check_stage(stage))] = _check_level(level)
    existing = {
        (a.participant_id, a.skill_id, a.stage): a
        for a in db.session.scalars(select(SkillAssessment).where(
            SkillAssessment.participant_id.in_(roster), SkillAssessment.skill_id.in_(taught)
        ))
    }
    changed = 0
    for (pid, skill_id, stage), level in wanted.items():
        row = existing.get((pid, skill_id, stage))
        if row is None or row.level != level:
            _upsert(row, pid, skill_id, stage, level, assessor, assessed_on or local_today())
            changed += 1
    db.session.flush()
    return changed


@dataclass(frozen=True)
class SkillName:
    """What the progress table shows of a skill (read as columns, not as a Skill)."""

    id: int
    label: str


@dataclass(frozen=True)
class SkillProgress:
    skill: SkillName
    baseline: int | None
    exit: int | None
    taught_level: int | None
    demanded_level: int | None

    @property
    def gain(self) -> int | None:
        return None if self.baseline is None or self.exit is None else self.exit - self.baseline

    @property
    def latest(self) -> int | None:
        return self.exit if self.exit is not None else self.baseline

    @property
    def meets_demand(self) -> bool | None:
        if self.demanded_level is None or self.latest is None:
            return None
        return self.latest >= self.demanded_level


@cache
def _progress_select():
    """What :participant_id's cohorts teach and their needs ask for, and the participant's assessments (one
    UNION ALL, by the skills' labels); built once per process."""
    participant_id = bindparam("participant_id")
    # a parameter per status, compiled with the statement: an IN of a list is expanded anew on every run
    statuses = [bindparam(None, status, type_=Enrolment.status.type) for status in ASSESSED_STATUSES]
    cohort_ids = select(Enrolment.cohort_id).where(Enrolment.participant_id == participant_id,
                                                   Enrolment.status.in_(statuses))
    rows = union_all(
        select(literal_column("'taught'").label("kind"), ModuleSkill.skill_id.label("skill_id"),
               func.max(ModuleSkill.level).label("level"), cast(null(), Date).label("assessed_on"))
        .join(Module, Module.id == ModuleSkill.module_id)
        .where(Module.cohort_id.in_(cohort_ids))
        .group_by(ModuleSkill.skill_id),
        select(literal_column("'demanded'"), HiringNeedSkill.skill_id, func.max(HiringNeedSkill.level),
               cast(null(), Date))
        .join(CohortHiringNeed, CohortHiringNeed.hiring_need_id == HiringNeedSkill.hiring_need_id)
        .where(CohortHiringNeed.cohort_id.in_(cohort_ids))
        .group_by(HiringNeedSkill.skill_id),
        select(type_coerce(SkillAssessment.stage, String), SkillAssessment.skill_id, SkillAssessment.level,
               SkillAssessment.assessed_on)
        .where(SkillAssessment.participant_id == participant_id),
    ).subquery()
    return (select(rows.c.kind, rows.c.skill_id, rows.c.level, rows.c.assessed_on, Skill.label)
            .join(Skill, Skill.id == rows.c.skill_id).order_by(Skill.label, Skill.id))


def skill_record(participant_id: int) -> tuple[list[SkillProgress], list[tuple]]:
    """The participant's skills progress (as skill_progress) and their assessments as (participant_id, skill_id,
    stage, level, assessed_on) tuples (learnability reads them too); one query of plain rows."""
    asked: dict[str, dict[int, int]] = {"taught": {}, "demanded": {}}
    skills: dict[int, SkillName] = {}
    levels: dict[int, dict[AssessmentStage, int]] = {}
    assessments = []
    for kind, skill_id, level, assessed_on, label in db.session.connection().execute(
            _progress_select(), {"participant_id": participant_id}):
        if skill_id not in skills:
            skills[skill_id] = SkillName(skill_id, label)
        if kind in asked:
            asked[kind][skill_id] = level
        else:
            stage = AssessmentStage(kind)
            levels.setdefault(skill_id, {})[stage] = level
            assessments.append((participant_id, skill_id, stage, level, assessed_on))
    taught, demanded = asked["taught"], asked["demanded"]
    progress = [
        SkillProgress(
            skill=s,
            baseline=levels.get(s.id, {}).get(AssessmentStage.baseline),
            exit=levels.get(s.id, {}).get(AssessmentStage.exit),
            taught_level=taught.get(s.id),
            demanded_level=demanded.get(s.id),
        )
        for s in skills.values() if s.id in taught or s.id in levels
    ]
    return progress, assessments


def skill_progress(participant: Participant) -> list[SkillProgress]:
    """Each skill taught to (or assessed for) the participant: baseline, exit, gain, employers' ask.

    One query (plain rows): what the participant's cohorts teach, their hiring needs ask for and
    their assessments, with the skills' labels (one UNION ALL).
    """
    return skill_record(participant.id)[0]


def mean_gain(progress: Iterable[SkillProgress]) -> float | None:
    gains = [p.gain for p in progress if p.gain is not None]
    return round(sum(gains) / len(gains), 2) if gains else None


def cohort_skill_gain(cohort_id: int) -> dict:
    """Mean gain (exit − baseline) per taught skill and overall, over the cohort's assessed participants.

    One GROUP BY over baseline/exit pairs; participants without both levels are left out.
    """
    base, exit_ = aliased(SkillAssessment), aliased(SkillAssessment)
    taught = select(ModuleSkill.skill_id).join(Module).where(Module.cohort_id == cohort_id)
    gain = exit_.level - base.level
    rows = db.session.execute(
        select(base.skill_id, func.count(), func.sum(gain))
        .join(exit_, and_(
            exit_.participant_id == base.participant_id, exit_.skill_id == base.skill_id,
            exit_.stage == AssessmentStage.exit,
        ))
        .join(Enrolment, Enrolment.participant_id == base.participant_id)
        .where(
            base.stage == AssessmentStage.baseline,
            Enrolment.cohort_id == cohort_id,
            Enrolment.status.in_(ASSESSED_STATUSES),
            base.skill_id.in_(taught),
        )
        .group_by(base.skill_id)
    ).all()
    pairs = sum(count for _, count, _ in rows)
    total = sum(total or 0 for _, _, total in rows)
    return {
        "by_skill": {sid: {"pairs": count, "mean_gain": round(total / count, 2)} for sid, count, total in rows},
        "pairs": pairs,
        "mean_gain": round(total / pairs, 2) if pairs else None,
    }
