"""What the coach-matching pages list: model versions, coaches with their profiles and caseloads."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy.orm import defer, joinedload

from app.extensions import db
from app.models import Role, User
from cohorts.coaching.features import caseloads
from cohorts.models import CoachMatchModel, CoachProfile

PER_PAGE = 20


def model_versions(page: int) -> Pagination:
    """The trained versions, newest first, without their artifacts."""
    query = (sa.select(CoachMatchModel).options(defer(CoachMatchModel.artifact), joinedload(CoachMatchModel.trained_by))
             .order_by(CoachMatchModel.version.desc()))
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)


@dataclass(frozen=True)
class CoachRow:
    coach: User
    profile: CoachProfile | None
    caseload: int


def coaches(page: int) -> tuple[Pagination, list[CoachRow]]:
    """Every active staff or admin login with their profile (if any) and live caseload, by name."""
    query = (sa.select(User).where(User.role.in_((Role.staff, Role.admin)), User.active.is_(True))
             .order_by(User.full_name, User.id))
    pagination = db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
    ids = [u.id for u in pagination.items]
    profiles = {p.user_id: p for p in db.session.scalars(sa.select(CoachProfile).where(CoachProfile.user_id.in_(ids)))}
    load = caseloads()
    return pagination, [CoachRow(u, profiles.get(u.id), load.get(u.id, 0)) for u in pagination.items]


def coach_choices() -> list[tuple[int, str]]:
    """Every active staff or admin login: any of them may be chosen."""
    return [(u.id, u.display_name) for u in db.session.scalars(
        sa.select(User).where(User.role.in_((Role.staff, Role.admin)), User.active.is_(True))
        .order_by(User.full_name, User.id))]
