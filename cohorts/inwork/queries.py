"""Reads for the in-work pages, eager-loaded and paginated: a fixed number of queries a page."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import joinedload

from app.extensions import db
from cohorts.models import WORRIES, CheckIn, Cohort, Participant, Placement, RiskFlag, RiskFlagStatus

PER_PAGE = 25


def _check_in_options():
    return (joinedload(CheckIn.placement).options(joinedload(Placement.employer),
                                                  joinedload(Placement.cohort).joinedload(Cohort.programme)),
            joinedload(CheckIn.participant), joinedload(CheckIn.flag), joinedload(CheckIn.recorded_by))


def check_in(check_in_id: int) -> CheckIn | None:
    return db.session.scalar(sa.select(CheckIn).where(CheckIn.id == check_in_id).options(*_check_in_options()))


def _due_first():
    """Unanswered first (soonest due first), then answered, newest first."""
    return (sa.case((CheckIn.answered_at.is_(None), 0), else_=1), sa.case(
        (CheckIn.answered_at.is_(None), CheckIn.due_on)), CheckIn.due_on.desc(), CheckIn.id.desc())


def participant_check_ins(participant_id: int, today: date) -> list[CheckIn]:
    """The participant's check-ins that are due (not future ones), unanswered first."""
    return list(db.session.scalars(
        sa.select(CheckIn).where(CheckIn.participant_id == participant_id, CheckIn.due_on <= today)
        .options(joinedload(CheckIn.placement).joinedload(Placement.employer)).order_by(*_due_first())))


def check_ins_of(*, participant_id: int | None = None, placement_id: int | None = None) -> list[CheckIn]:
    """Every check-in of a participant or a placement, for staff, with their flags."""
    query = sa.select(CheckIn).options(*_check_in_options()).order_by(*_due_first())
    if participant_id is not None:
        query = query.where(CheckIn.participant_id == participant_id)
    if placement_id is not None:
        query = query.where(CheckIn.placement_id == placement_id)
    return list(db.session.scalars(query).unique())


def _flag_options():
    return (joinedload(RiskFlag.participant), joinedload(RiskFlag.resolved_by),
            joinedload(RiskFlag.check_in).joinedload(CheckIn.placement).joinedload(Placement.employer))


def flags(page: int, coach_id: int | None, status: str | None = None) -> Pagination:
    """Risk flags, open first then newest; of one coach's caseload, or everyone's."""
    query = (sa.select(RiskFlag).join(Participant, Participant.id == RiskFlag.participant_id)
             .where(Participant.anonymised_at.is_(None)).options(*_flag_options())
             .order_by(sa.case((RiskFlag.status == RiskFlagStatus.open, 0), else_=1), RiskFlag.raised_at.desc(),
                       RiskFlag.id.desc()))
    if coach_id is not None:
        query = query.where(Participant.coach_id == coach_id)
    if status is not None:
        query = query.where(RiskFlag.status == status)
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


def flag(flag_id: int) -> RiskFlag | None:
    return db.session.scalar(sa.select(RiskFlag).where(RiskFlag.id == flag_id).options(*_flag_options()))


def all_check_ins(answered_only: bool = False) -> list[CheckIn]:
    """Every check-in of living records, for the staff's CSV export."""
    query = (sa.select(CheckIn).join(Participant, Participant.id == CheckIn.participant_id)
             .where(Participant.anonymised_at.is_(None)).options(*_check_in_options())
             .order_by(CheckIn.due_on, CheckIn.id))
    if answered_only:
        query = query.where(CheckIn.answered_at.is_not(None))
    return list(db.session.scalars(query).unique())


def worry_words(keys) -> str:
    """The worries ticked, in the words the participant saw (templates get it from the views)."""
    return ", ".join(WORRIES.get(key, key) for key in keys or []) or "None"
