"""Read-side queries for the admin pages: filtered, paginated, eager-loaded."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING

from flask import current_app
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.dates import local_zone
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, User

if TYPE_CHECKING:
    import pandas as pd


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _per_page() -> int:
    return current_app.config["ITEMS_PER_PAGE"]


def users_page(*, page: int, q: str = "", role: str = "", active: str = "") -> Pagination:
    """Users for the admin list, with the employer each contact speaks for."""
    stmt = select(User).options(joinedload(User.employer)).order_by(User.email)
    if q:
        pattern = f"%{_escape_like(q.strip().lower())}%"
        stmt = stmt.where(
            or_(User.email.like(pattern, escape="\\"), func.lower(User.full_name).like(pattern, escape="\\"))
        )
    if role:
        stmt = stmt.where(User.role == Role(role))
    if active in ("yes", "no"):
        stmt = stmt.where(User.active.is_(active == "yes"))
    return db.paginate(stmt, page=page, per_page=_per_page(), error_out=False)


def user_with_links(user_id: int) -> User | None:
    """One user with the employer and participant record the detail page shows."""
    return db.session.scalar(
        select(User)
        .options(joinedload(User.employer), selectinload(User.participant))
        .where(User.id == user_id)
    )


def recent_user_events(user_id: int, limit: int = 20) -> list[AuditEvent]:
    """The latest audit events about one account, for its detail page."""
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.entity == "user", AuditEvent.entity_id == str(user_id))
            .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def _local_midnight_utc(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=local_zone())


def audit_page(*, page: int, **filters) -> Pagination:
    """A page of audit events (filters as audit_events_query)."""
    return db.paginate(audit_events_query(**filters), page=page, per_page=_per_page(), error_out=False)


def audit_events_query(
    *,
    entity: str = "",
    action: str = "",
    actor: str = "",
    date_from: date | None = None,
    date_to: date | None = None,
):
    """Audit events newest first; dates are local days, inclusive at both ends."""
    stmt = select(AuditEvent).order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
    if entity:
        stmt = stmt.where(AuditEvent.entity == entity.strip().lower())
    if action:
        stmt = stmt.where(AuditEvent.action == action.strip().lower())
    if actor:
        pattern = f"%{_escape_like(actor.strip().lower())}%"
        stmt = stmt.where(func.lower(AuditEvent.actor_label).like(pattern, escape="\\"))
    if date_from:
        stmt = stmt.where(AuditEvent.at >= _local_midnight_utc(date_from))
    if date_to:
        stmt = stmt.where(AuditEvent.at < _local_midnight_utc(date_to + timedelta(days=1)))
    return stmt


def outbox_page(*, page: int, recipient: str = "") -> Pagination:
    """Every mail the app queued, newest first (the development outbox)."""
    stmt = select(OutboxMessage).order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
    if recipient:
        pattern = f"%{_escape_like(recipient.strip().lower())}%"
        stmt = stmt.where(func.lower(OutboxMessage.recipient).like(pattern, escape="\\"))
    return db.paginate(stmt, page=page, per_page=_per_page(), error_out=False)


def audit_frame(events) -> "pd.DataFrame":
    """Audit events as a table: one row each, the changes as JSON (for the CSV export)."""
    import json

    import pandas as pd

    rows = [
        {"at_utc": event.at.isoformat(), "actor": event.actor_label, "actor_id": event.actor_id,
         "entity": event.entity, "entity_id": event.entity_id, "action": event.action,
         "changes": json.dumps(event.changes or {}, ensure_ascii=False, sort_keys=True, default=str)}
        for event in events
    ]
    columns = ["at_utc", "actor", "actor_id", "entity", "entity_id", "action", "changes"]
    return pd.DataFrame(rows, columns=columns)
