"""A person's notifications and their choices per kind (see kinds.py for the catalogue)."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, UTCDateTime, utcnow


class Notification(Base):
    """One line in a person's notifications list; email copies live in the outbox."""

    __tablename__ = "notifications"
    __repr_attr__ = "kind"
    __table_args__ = (
        #: the list, newest first, and the unread count: both read one user's rows from the index
        sa.Index("ix_notifications_user_created", "user_id", "created_at"),
        sa.Index("ix_notifications_user_unread", "user_id", "read_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose list it is in; a deleted user's notifications go with them
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"))
    #: a value of app.notifications.kinds.Kind ("application", "need_submitted" …)
    kind: Mapped[str] = mapped_column(sa.String(40))
    #: one line saying what happened; also the email's subject
    title: Mapped[str] = mapped_column(sa.String(300))
    #: a sentence or two of detail; "" when the title says it all
    body: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the site path of the page to act on ("/participant/applications"); "" = none
    link: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    #: when it was created (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when the person opened it or marked it read (UTC); NULL = unread
    read_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: "<kind>:<what it is about>:<user id>" for notices a repeated job must not add twice; NULL = none
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    #: the person it names for someone else ("participant:12"): erasing them deletes it; NULL = none
    subject: Mapped[str | None] = mapped_column(sa.String(80), index=True)


class NotificationPreference(Base):
    """A person's choice for one kind; no row means the kind's defaults (kinds.KINDS)."""

    __tablename__ = "notification_preferences"
    __repr_attr__ = "kind"

    #: whose choice it is; it goes with the user
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    #: a value of app.notifications.kinds.Kind; one row per user and kind (the primary key)
    kind: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    #: send this kind by email (the unsubscribe link turns it off)
    email: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: show this kind in the portal's notifications list
    portal: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
