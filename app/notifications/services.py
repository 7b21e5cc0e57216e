"""Notify people of what happened, as each chose per kind; read, settings and unsubscribe.

``notify`` only adds rows to this session: a notification and its email outbox row commit or roll
back with the change that caused them, and SMTP delivery waits for the commit (app/mail.py).
Services flush and never commit.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import current_app

from app.db import utcnow
from app.extensions import db
from app.models import STAFF_ROLES, Role, User
from app.notifications.kinds import KINDS, Kind, kinds_for
from app.notifications.mailing import mail_notice
from app.notifications.models import Notification, NotificationPreference
from app.notifications.queries import forget_unread_count


@dataclass(frozen=True)
class Recipient:
    """Someone to tell: a login (portal and email), or only an address (email only)."""

    email: str
    name: str = ""
    user: User | None = None


@dataclass(frozen=True)
class Choice:
    """By email, in the portal, both or neither."""

    email: bool
    portal: bool


def site_path(endpoint: str, **values: Any) -> str:
    """A page's path for a notification's link, built without a request (the CLI jobs notify too)."""
    return current_app.url_map.bind("", script_name="/").build(endpoint, values)


def staff_users() -> list[User]:
    """Every active programme staff member and admin."""
    return list(db.session.scalars(
        sa.select(User).where(User.role.in_(list(STAFF_ROLES)), User.active.is_(True)).order_by(User.id)))


def employer_users(employer_id: int | None) -> list[User]:
    """The active logins of one employer."""
    if employer_id is None:
        return []
    return list(db.session.scalars(
        sa.select(User).where(User.role == Role.employer, User.employer_id == employer_id, User.active.is_(True))
        .order_by(User.id)))


def choices_of(user_ids: Iterable[int], kind: Kind) -> dict[int, Choice]:
    """Each user's choice for one kind, the kind's defaults where they made none (one query)."""
    info, ids = KINDS[kind], list(user_ids)
    chosen = {user_id: Choice(email, portal) for user_id, email, portal in db.session.execute(
        sa.select(NotificationPreference.user_id, NotificationPreference.email, NotificationPreference.portal)
        .where(NotificationPreference.kind == kind.value, NotificationPreference.user_id.in_(ids)))} if ids else {}
    return {user_id: chosen.get(user_id, Choice(info.email, info.portal)) for user_id in ids}


def _recipients(people: Iterable[User | Recipient]) -> list[Recipient]:
    """Recipients once each, leaving out deactivated logins."""
    seen, result = set(), []
    for person in people:
        if isinstance(person, User):
            person = Recipient(person.email, person.display_name, person)
        if person.user is not None and not person.user.active:
            continue
        key = person.user.id if person.user is not None else person.email
        if key not in seen:
            seen.add(key)
            result.append(person)
    return result


def notify(
    people: Iterable[User | Recipient], kind: Kind, title: str, body: str = "", *, link: str = "",
    about: str | None = None, subject: str | None = None,
) -> int:
    """Tell each person in the portal and by email, as they chose for ``kind``; how many were told.

    ``about`` names the event ("enrolment:12") for notices a repeated job raises again: each
    person then gets it once only, however often the job runs. ``subject`` names the person a
    notice to someone else is about ("participant:12"): ``forget_subject`` deletes it on erasure.
    """
    recipients = _recipients(people)
    choices = choices_of([r.user.id for r in recipients if r.user is not None], kind)
    told = 0
    for person in recipients:
        user = person.user
        choice = choices[user.id] if user is not None else Choice(email=KINDS[kind].email, portal=False)
        key = f"{kind.value}:{about}:{user.id if user is not None else person.email}" if about else None
        added = bool(choice.portal and user is not None and _add_to_list(user, kind, title, body, link, key, subject))
        mailed = choice.email and mail_notice(email=person.email, name=person.name, user=user, kind=kind,
                                              title=title, body=body, link=link, dedupe_key=key) is not None
        told += added or mailed
        if added:
            forget_unread_count()
    db.session.flush()
    return told


def _add_to_list(user: User, kind: Kind, title: str, body: str, link: str, key: str | None,
                 subject: str | None) -> bool:
    if key is not None and db.session.scalar(sa.select(Notification.id).where(Notification.dedupe_key == key)):
        return False
    db.session.add(Notification(user_id=user.id, kind=kind.value, title=title[:300], body=body, link=link,
                                dedupe_key=key, subject=subject))
    return True


def forget_subject(subject: str) -> int:
    """Delete every notice naming this person for someone else (erasure); how many there were."""
    result = db.session.execute(sa.delete(Notification).where(Notification.subject == subject)
                                .execution_options(synchronize_session=False))
    forget_unread_count()
    return result.rowcount


def mark_read(notification: Notification) -> None:
    if notification.read_at is None:
        notification.read_at = utcnow()
        db.session.flush()
        forget_unread_count()


def mark_all_read(user: User) -> int:
    """Mark every unread notification of the user read; how many there were."""
    result = db.session.execute(
        sa.update(Notification).where(Notification.user_id == user.id, Notification.read_at.is_(None))
        .values(read_at=utcnow()).execution_options(synchronize_session=False))
    forget_unread_count()
    return result.rowcount


def settings_of(user: User) -> dict[Kind, Choice]:
    """The user's choice for every kind their role may get, defaults filled in."""
    rows = {row.kind: row for row in db.session.scalars(
        sa.select(NotificationPreference).where(NotificationPreference.user_id == user.id))}
    return {kind: Choice(rows[kind.value].email, rows[kind.value].portal) if kind.value in rows
            else Choice(KINDS[kind].email, KINDS[kind].portal) for kind in kinds_for(user.role)}


def save_settings(user: User, choices: dict[Kind, Choice]) -> None:
    """Store the user's choices for the kinds of their role (others are ignored)."""
    allowed = set(kinds_for(user.role))
    for kind, choice in choices.items():
        if kind in allowed:
            _choose(user, kind, email=choice.email, portal=choice.portal)
    db.session.flush()


def unsubscribe(user: User, kind: Kind) -> bool:
    """Turn email off for one kind (the link in every such email); False when it already was."""
    if not choices_of([user.id], kind)[user.id].email:
        return False
    _choose(user, kind, email=False)
    db.session.flush()
    return True


def _choose(user: User, kind: Kind, **values: bool) -> None:
    row = db.session.get(NotificationPreference, (user.id, kind.value))
    if row is None:
        info = KINDS[kind]
        row = NotificationPreference(user_id=user.id, kind=kind.value, email=info.email, portal=info.portal)
        db.session.add(row)
    for name, value in values.items():
        setattr(row, name, value)
