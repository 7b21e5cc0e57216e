"""Reads for the learning pages: the library with filters, the review queue, a participant's progress."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import contains_eager, joinedload, selectinload

from app.extensions import db
from app.models import Skill
from cohorts.learning.gaps import Stats, resource_stats
from cohorts.learning.services import POOR_RATING, POOR_RATING_MIN_RATERS
from cohorts.models import (
    Cohort,
    Enrolment,
    LearningResource,
    Programme,
    ResourceProgress,
    ResourceSkill,
    ResourceStatus,
)

PER_PAGE = 25


@dataclass(frozen=True)
class LibraryFilters:
    q: str = ""
    status: str = ""
    format: str = ""
    free: bool = False
    flagged: bool = False


def _library_select(filters: LibraryFilters):
    stmt = select(LearningResource).options(
        selectinload(LearningResource.skills).joinedload(ResourceSkill.skill),
        joinedload(LearningResource.suggested_by),
    )
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        stmt = stmt.where(or_(
            func.lower(LearningResource.title).like(like), func.lower(LearningResource.provider).like(like),
            LearningResource.id.in_(select(ResourceSkill.resource_id).join(Skill, Skill.id == ResourceSkill.skill_id)
                                    .where(Skill.label_key.like(like))),
        ))
    if filters.status:
        stmt = stmt.where(LearningResource.status == filters.status)
    if filters.format:
        stmt = stmt.where(LearningResource.format == filters.format)
    if filters.free:
        stmt = stmt.where(LearningResource.cost == 0)
    if filters.flagged:
        stmt = stmt.where(or_(LearningResource.review_flagged_at.is_not(None),
                              LearningResource.link_broken_since.is_not(None)))
    return stmt.order_by(func.lower(LearningResource.title), LearningResource.id)


def library_page(filters: LibraryFilters, page: int = 1):
    """One page of the library, with each resource's competencies, suggester and community stats."""
    pagination = db.paginate(_library_select(filters), page=page, per_page=PER_PAGE, error_out=False)
    return pagination, resource_stats([r.id for r in pagination.items])


def library_rows(filters: LibraryFilters) -> tuple[list[LearningResource], dict[int, Stats]]:
    """Every filtered resource (the CSV export)."""
    resources = list(db.session.scalars(_library_select(filters)).unique())
    return resources, resource_stats([r.id for r in resources])


def review_queue() -> dict:
    """Suggestions awaiting a decision, and approved resources flagged by ratings or the link check."""
    base = select(LearningResource).options(
        selectinload(LearningResource.skills).joinedload(ResourceSkill.skill),
        joinedload(LearningResource.suggested_by))
    suggested = list(db.session.scalars(base.where(LearningResource.status == ResourceStatus.suggested)
                                        .order_by(LearningResource.created_at, LearningResource.id)).unique())
    flagged = list(db.session.scalars(
        base.where(LearningResource.status == ResourceStatus.approved,
                   or_(LearningResource.review_flagged_at.is_not(None),
                       LearningResource.link_broken_since.is_not(None)))
        .order_by(LearningResource.title, LearningResource.id)).unique())
    return {"suggested": suggested, "flagged": flagged,
            "stats": resource_stats([r.id for r in suggested + flagged]),
            "empty_stats": Stats(), "poor_rating": POOR_RATING, "poor_raters": POOR_RATING_MIN_RATERS}


def my_resources(participant_id: int) -> tuple[list[ResourceProgress], dict[int, Stats]]:
    """The participant's started and done resources, latest first, with each resource's stats."""
    rows = list(db.session.scalars(
        select(ResourceProgress).join(ResourceProgress.resource)
        .options(contains_eager(ResourceProgress.resource))
        .where(ResourceProgress.participant_id == participant_id)
        .order_by(ResourceProgress.updated_at.desc(), ResourceProgress.id.desc())
    ))
    return rows, resource_stats([p.resource_id for p in rows])


def my_suggestions(user_id: int) -> list[LearningResource]:
    return list(db.session.scalars(
        select(LearningResource).where(LearningResource.suggested_by_id == user_id)
        .order_by(LearningResource.created_at.desc(), LearningResource.id.desc()).limit(20)))


def participant_zone(participant_id: int) -> str | None:
    """The time zone of the participant's latest cohort (their programme's "today")."""
    return db.session.scalar(
        select(Programme.time_zone).join(Cohort, Cohort.programme_id == Programme.id)
        .join(Enrolment, Enrolment.cohort_id == Cohort.id)
        .where(Enrolment.participant_id == participant_id).order_by(Enrolment.id.desc()).limit(1))
