"""Reads for the mentoring pages, eager-loaded and paginated: a fixed number of queries a page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import User
from cohorts.mentoring.matching import open_counts
from cohorts.models import (
    Cohort,
    Enrolment,
    MentorConversation,
    MentorPairing,
    MentorProfile,
    MentorStatus,
    PairingStatus,
    Participant,
)

PER_PAGE = 25


def profile_of(user_id: int) -> MentorProfile | None:
    """The login's own mentor profile, with its skills; None when they do not mentor."""
    return db.session.scalar(sa.select(MentorProfile).where(MentorProfile.user_id == user_id)
                             .options(joinedload(MentorProfile.user), selectinload(MentorProfile.skills)))


def _pairing_options():
    return (joinedload(MentorPairing.mentor).options(joinedload(MentorProfile.user),
                                                     selectinload(MentorProfile.skills)),
            joinedload(MentorPairing.participant).joinedload(Participant.user),
            selectinload(MentorPairing.conversations))


def mentor_pairings(mentor_id: int) -> list[MentorPairing]:
    """The mentor's requests and mentees, open ones first, newest first."""
    return list(db.session.scalars(
        sa.select(MentorPairing).where(MentorPairing.mentor_id == mentor_id).options(*_pairing_options())
        .order_by(sa.case((MentorPairing.status == PairingStatus.requested, 0),
                          (MentorPairing.status == PairingStatus.active, 1), else_=2),
                  MentorPairing.requested_at.desc(), MentorPairing.id.desc())).unique())


def participant_pairings(participant_id: int) -> list[MentorPairing]:
    """The participant's asks and mentors, open ones first."""
    return list(db.session.scalars(
        sa.select(MentorPairing).where(MentorPairing.participant_id == participant_id).options(*_pairing_options())
        .order_by(sa.case((MentorPairing.status == PairingStatus.active, 0),
                          (MentorPairing.status == PairingStatus.requested, 1), else_=2),
                  MentorPairing.requested_at.desc(), MentorPairing.id.desc())).unique())


def pairing(pairing_id: int) -> MentorPairing | None:
    return db.session.scalar(sa.select(MentorPairing).where(MentorPairing.id == pairing_id)
                             .options(*_pairing_options()))


def conversation(conversation_id: int) -> MentorConversation | None:
    return db.session.scalar(sa.select(MentorConversation).where(MentorConversation.id == conversation_id)
                             .options(joinedload(MentorConversation.pairing).options(*_pairing_options())))


def upcoming_conversations(pairings: list[MentorPairing], now: datetime) -> list[MentorConversation]:
    """Booked, not cancelled, not yet ended conversations of these (already loaded) pairings, soonest first."""
    rows = [c for p in pairings for c in p.conversations if c.cancelled_at is None and c.ends_at > now]
    return sorted(rows, key=lambda c: (c.starts_at, c.id))


def zone_of(participant_id: int) -> str | None:
    """The clock a participant's conversations are typed and shown on: their latest cohort's programme zone."""
    cohort = db.session.scalar(sa.select(Cohort).join(Enrolment, Enrolment.cohort_id == Cohort.id)
                               .where(Enrolment.participant_id == participant_id)
                               .options(joinedload(Cohort.programme))
                               .order_by(Cohort.starts_on.desc(), Cohort.id.desc()).limit(1))
    return cohort.time_zone if cohort is not None else None


def directory(page: int) -> Pagination:
    """Active mentors who chose to be listed, by name (the alumni directory)."""
    query = (sa.select(MentorProfile).join(User, User.id == MentorProfile.user_id)
             .where(MentorProfile.status == MentorStatus.active, MentorProfile.visible_in_directory.is_(True))
             .options(joinedload(MentorProfile.user), selectinload(MentorProfile.skills))
             .order_by(User.full_name, MentorProfile.id))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


@dataclass(frozen=True)
class MentorRow:
    mentor: MentorProfile
    open_pairings: int


def mentors(page: int) -> tuple[Pagination, list[MentorRow]]:
    """Every mentor profile for staff, by status then name, with the places taken."""
    query = (sa.select(MentorProfile).join(User, User.id == MentorProfile.user_id)
             .options(joinedload(MentorProfile.user))
             .order_by(MentorProfile.status, User.full_name, MentorProfile.id))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    counts = open_counts([m.id for m in pagination.items])
    return pagination, [MentorRow(m, counts.get(m.id, 0)) for m in pagination.items]


@dataclass(frozen=True)
class PairRow:
    pairing: MentorPairing
    conversations: int
    last_conversation_at: datetime | None
    participant_rating: float | None
    mentor_rating: float | None


def _activity():
    return (sa.select(MentorConversation.pairing_id,
                      sa.func.count(MentorConversation.id).label("held"),
                      sa.func.max(MentorConversation.starts_at).label("last_at"),
                      sa.func.avg(MentorConversation.participant_rating).label("p_rating"),
                      sa.func.avg(MentorConversation.mentor_rating).label("m_rating"))
            .where(MentorConversation.cancelled_at.is_(None)).group_by(MentorConversation.pairing_id).subquery())


def pairs_select(status: str | None = None):
    """Pairings with their activity (conversations, the last one, average ratings), newest first."""
    activity = _activity()
    query = (sa.select(MentorPairing, activity.c.held, activity.c.last_at, activity.c.p_rating, activity.c.m_rating)
             .outerjoin(activity, activity.c.pairing_id == MentorPairing.id)
             .options(joinedload(MentorPairing.mentor).joinedload(MentorProfile.user),
                      joinedload(MentorPairing.participant))
             .order_by(MentorPairing.requested_at.desc(), MentorPairing.id.desc()))
    if status:
        query = query.where(MentorPairing.status == status)
    return query


def _pair_row(row) -> PairRow:
    pairing, held, last_at, p_rating, m_rating = row
    return PairRow(pairing, held or 0, last_at, float(p_rating) if p_rating is not None else None,
                   float(m_rating) if m_rating is not None else None)


def pairs(page: int, status: str | None = None) -> tuple[int, list[PairRow]]:
    """One page of pairings with their activity, and how many pages there are."""
    query = pairs_select(status)
    total = db.session.scalar(sa.select(sa.func.count()).select_from(
        sa.select(MentorPairing.id).where(*([MentorPairing.status == status] if status else [])).subquery()))
    rows = db.session.execute(query.limit(PER_PAGE).offset((max(page, 1) - 1) * PER_PAGE)).unique().all()
    return max(1, -(-total // PER_PAGE)), [_pair_row(r) for r in rows]


def all_pairs(status: str | None = None) -> list[PairRow]:
    """Every pairing with its activity (the CSV download)."""
    return [_pair_row(r) for r in db.session.execute(pairs_select(status)).unique().all()]


def mentor_choices() -> list[tuple[int, str]]:
    """Active mentors by name (the direct pairing form)."""
    return [(mid, f"{name or email} ({kind.label})") for mid, name, email, kind in db.session.execute(
        sa.select(MentorProfile.id, User.full_name, User.email, MentorProfile.kind)
        .join(User, User.id == MentorProfile.user_id).where(MentorProfile.status == MentorStatus.active)
        .order_by(User.full_name))]
