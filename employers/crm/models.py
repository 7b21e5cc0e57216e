"""What staff did with an employer (activities) and what they plan to do next (follow-ups)."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from app.models import User
from employers.models import Contact, Employer


class ActivityKind(StrEnum):
    call = "call"
    email = "email"
    meeting = "meeting"
    event = "event"
    note = "note"


class Activity(TimestampMixin, Base):
    """One contact with an employer: a call, an email, a meeting, an event, or a note."""

    __tablename__ = "employer_activities"
    __repr_attr__ = "kind"
    __table_args__ = (
        #: the employer page's newest-first list and the "no contact in 60 days" filter
        sa.Index("ix_employer_activities_employer_occurred", "employer_id", "occurred_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer it was with; activities go with their employer
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"))
    #: the person spoken to, one of the employer's contacts; NULL = the employer in general
    contact_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("contacts.id", ondelete="SET NULL"), index=True
    )
    #: call, email, meeting, event or note
    kind: Mapped[ActivityKind] = mapped_column(enum_column(ActivityKind, "activity_kind"))
    #: when it happened, UTC (entered in the programme's local time)
    occurred_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: what was said or agreed, free text; "" when none
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the staff user who logged it; NULL once that user is deleted
    staff_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    employer: Mapped[Employer] = relationship()
    contact: Mapped[Contact | None] = relationship()
    staff: Mapped[User | None] = relationship()


class FollowUp(TimestampMixin, Base):
    """Something a staff user plans to do with an employer by a date; done when done_at is set."""

    __tablename__ = "employer_follow_ups"
    __repr_attr__ = "due_on"
    __table_args__ = (
        #: "My follow-ups": a user's open ones by due date
        sa.Index("ix_employer_follow_ups_owner_open", "owner_id", "done_at", "due_on"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer to follow up with; follow-ups go with their employer
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    #: the staff user who will do it; NULL once that user is deleted (shown as "nobody")
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: the programme-local day it is due by
    due_on: Mapped[date]
    #: what to do, e.g. "send the cohort dates"
    text: Mapped[str] = mapped_column(sa.String(500))
    #: when it was marked done, UTC; NULL = still open
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employer: Mapped[Employer] = relationship()
    owner: Mapped[User | None] = relationship()

    def is_overdue(self, today: date) -> bool:
        return self.done_at is None and self.due_on < today


__all__ = ["Activity", "ActivityKind", "FollowUp"]
