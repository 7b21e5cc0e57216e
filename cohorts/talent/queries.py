"""Listed profiles (searchable, eager-loaded, paginated), the anonymous view of one, and reach-out lists.

A profile is listed while opted in, with at least MIN_ASSESSED_SKILLS skills assessed at exit, for a
participant not anonymised. Only exit levels count and show (the highest if a skill was assessed at exit
more than once); levels assessed at the start of training never do (docs/TALENT_PROFILES.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Skill
from cohorts.models import (
    AssessmentStage,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    Participant,
    ReachOut,
    ReachOutStatus,
    SkillAssessment,
    TalentProfile,
)
from cohorts.models.talent import MIN_ASSESSED_SKILLS
from employers.models import HiringNeed, HiringNeedStatus

PER_PAGE = 20


@dataclass(frozen=True)
class SkillLevel:
    label: str
    level: int


@dataclass(frozen=True)
class TalentFilters:
    skill_ids: tuple[int, ...] = ()
    min_level: int = 0
    region: str = ""
    available_by: date | None = None
    band: str = ""


def _levels() -> sa.Subquery:
    """(participant, skill, level): the highest exit level of each skill assessed at exit."""
    return (sa.select(SkillAssessment.participant_id, SkillAssessment.skill_id,
                      sa.func.max(SkillAssessment.level).label("level"))
            .where(SkillAssessment.stage == AssessmentStage.exit)
            .group_by(SkillAssessment.participant_id, SkillAssessment.skill_id).subquery())


def _listed() -> sa.Select:
    levels = _levels()
    enough = (sa.select(levels.c.participant_id).group_by(levels.c.participant_id)
              .having(sa.func.count() >= MIN_ASSESSED_SKILLS))
    return (sa.select(TalentProfile).join(Participant, Participant.id == TalentProfile.participant_id)
            .where(TalentProfile.opted_out_at.is_(None), Participant.anonymised_at.is_(None),
                   TalentProfile.participant_id.in_(enough)))


def _card_options():
    return (joinedload(TalentProfile.participant).selectinload(Participant.assessments)
            .joinedload(SkillAssessment.skill),
            joinedload(TalentProfile.participant).selectinload(Participant.enrolments)
            .joinedload(Enrolment.cohort).joinedload(Cohort.programme))


def search(filters: TalentFilters, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    """Listed profiles matching every filter, newest opt-in first."""
    query = _listed()
    levels = _levels()
    for skill_id in filters.skill_ids:
        query = query.where(TalentProfile.participant_id.in_(sa.select(levels.c.participant_id).where(
            levels.c.skill_id == skill_id, levels.c.level >= filters.min_level)))
    if filters.region:
        query = query.where(sa.func.lower(TalentProfile.region) == filters.region.lower())
    if filters.available_by:
        query = query.where(sa.or_(TalentProfile.available_from.is_(None),
                                   TalentProfile.available_from <= filters.available_by))
    if filters.band:
        query = query.where(TalentProfile.learnability_band == filters.band)
    query = query.options(*_card_options()).order_by(TalentProfile.opted_in_at.desc(), TalentProfile.id.desc())
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def listed_profile(handle: str) -> TalentProfile | None:
    """The listed profile with that handle; None for an unknown, switched-off or too-thin one."""
    return db.session.scalar(_listed().where(TalentProfile.handle == handle).options(*_card_options()))


def regions() -> list[str]:
    """The regions of listed profiles (the search form's choices)."""
    return sorted(set(db.session.scalars(_listed().with_only_columns(TalentProfile.region).distinct())) - {""})


def skill_choices() -> list[tuple[int, str]]:
    """The skills assessed at exit among listed profiles (the search form's choices)."""
    listed = _listed().with_only_columns(TalentProfile.participant_id)
    levels = _levels()
    return [(i, label) for i, label in db.session.execute(
        sa.select(Skill.id, Skill.label).where(Skill.id.in_(sa.select(levels.c.skill_id).where(
            levels.c.participant_id.in_(listed)))).order_by(Skill.label))]


def skill_levels(profile: TalentProfile) -> list[SkillLevel]:
    """The skills assessed at exit with their highest exit level, best first (from eager-loaded assessments)."""
    best: dict[int, SkillLevel] = {}
    for a in profile.participant.assessments:
        seen = best.get(a.skill_id)
        if a.stage == AssessmentStage.exit and (seen is None or a.level > seen.level):
            best[a.skill_id] = SkillLevel(a.skill.label, a.level)
    return sorted(best.values(), key=lambda s: (-s.level, s.label))


def programme_name(profile: TalentProfile) -> str:
    """The programme of their latest enrolled or completed cohort ("" if none)."""
    enrolments = [e for e in profile.participant.enrolments
                  if e.status in (EnrolmentStatus.enrolled, EnrolmentStatus.completed)]
    return max(enrolments, key=lambda e: e.id).cohort.programme.name if enrolments else ""


def assessed_skill_count(participant_id: int) -> int:
    """How many skills the participant has assessed at exit (what the listing rule counts)."""
    levels = _levels()
    return db.session.scalar(sa.select(sa.func.count()).select_from(levels)
                             .where(levels.c.participant_id == participant_id)) or 0


def open_needs(employer_id: int) -> list[HiringNeed]:
    return list(db.session.scalars(sa.select(HiringNeed).where(
        HiringNeed.employer_id == employer_id, HiringNeed.status == HiringNeedStatus.open).order_by(HiringNeed.ref)))


def _reach_out_options():
    return (joinedload(ReachOut.employer), joinedload(ReachOut.hiring_need),
            joinedload(ReachOut.candidacy), joinedload(ReachOut.profile).joinedload(TalentProfile.participant))


def reach_out(reach_out_id: int) -> ReachOut | None:
    return db.session.scalar(sa.select(ReachOut).where(ReachOut.id == reach_out_id).options(*_reach_out_options()))


def participant_reach_outs(participant_id: int) -> list[ReachOut]:
    """Every request made to their profile, awaiting ones first (a person gets a handful, so no pages)."""
    return list(db.session.scalars(
        sa.select(ReachOut).join(TalentProfile).where(TalentProfile.participant_id == participant_id)
        .options(*_reach_out_options())
        .order_by((ReachOut.status == ReachOutStatus.sent).desc(), ReachOut.sent_at.desc())))


def employer_reach_outs(employer_id: int, page: int = 1, per_page: int = PER_PAGE) -> Pagination:
    query = (sa.select(ReachOut).where(ReachOut.employer_id == employer_id).options(*_reach_out_options())
             .order_by(ReachOut.sent_at.desc(), ReachOut.id.desc()))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def staff_reach_outs(status: str = "", employer_id: int | None = None, page: int = 1,
                     per_page: int = PER_PAGE) -> Pagination:
    query = sa.select(ReachOut).options(*_reach_out_options()).order_by(ReachOut.sent_at.desc(), ReachOut.id.desc())
    if status:
        query = query.where(ReachOut.status == status)
    if employer_id:
        query = query.where(ReachOut.employer_id == employer_id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
