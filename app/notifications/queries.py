"""Reads for the notifications pages, and the unread count every portal page shows."""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa
from flask import g, has_app_context, has_request_context
from flask_login import current_user
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import User
from app.notifications.models import Notification

PER_PAGE = 20


def notifications_page(user: User, page: int):
    """The user's notifications, newest first (one query for the rows, one for the total)."""
    return db.paginate(
        sa.select(Notification).where(Notification.user_id == user.id)
        .order_by(Notification.created_at.desc(), Notification.id.desc()),
        page=page, per_page=PER_PAGE, error_out=False,
    )


def unread_count(user_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None))) or 0


@cache
def _user_and_unread(employer: bool, participant: bool) -> sa.Select:
    """The user by id with their unread count, and the employer or participant record the portals'
    layouts and guards read (a lazy load each: a round trip on every employer and participant page).
    Built on first use, once the feature packages have mapped those classes; one per combination."""
    unread = sa.select(sa.func.count()).select_from(Notification).where(
        Notification.user_id == User.id, Notification.read_at.is_(None)).correlate(User).scalar_subquery()
    stmt = sa.select(User, unread).where(User.id == sa.bindparam("user_id"))
    if employer:
        stmt = stmt.options(joinedload(User.employer))
    if participant:
        stmt = stmt.options(joinedload(User.participant))
    return stmt


def user_with_unread_count(user_id: int, *, employer: bool = True, participant: bool = True) -> User | None:
    """The user by id, with their unread count kept for the layouts (``unread_context``): logging a
    user in for a page and counting their notices cost two round trips, now one. ``employer`` and
    ``participant``: load the user's employer or participant record with them (a page of that portal
    reads it); left out, it is read if and when something asks for it."""
    found = db.session.execute(_user_and_unread(employer, participant), {"user_id": user_id}).one_or_none()
    if found is None:
        return None
    user, unread = found
    g.unread_notifications = unread
    return user


def forget_unread_count() -> None:
    """The current request's unread count is out of date (a notice added or read): count again when shown."""
    if has_app_context():
        g.pop("unread_notifications", None)


def unread_context() -> dict[str, int | None]:
    """``unread_notifications`` for the layouts: counted once per request, only for a logged-in user."""
    if not has_request_context() or not current_user.is_authenticated:
        return {"unread_notifications": None}
    if "unread_notifications" not in g:
        try:
            g.unread_notifications = unread_count(current_user.id)
        except sa.exc.SQLAlchemyError:  # an error page after a failed transaction: show no count
            g.unread_notifications = None
    return {"unread_notifications": g.unread_notifications}
