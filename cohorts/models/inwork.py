"""In-work support after a placement: check-ins, the risk flags they raise, and the work history.

A check-in is one scheduled question to a placed participant (week 1, 2, 4, 8, 13, 26, 52 after
the start by default, CHECKIN_WEEKS): how it is going (1–5), their words, the worries they tick,
whether they are still in that job and what they earn now. The scorer (cohorts/inwork/risk.py)
reads each answer; a score at or above the threshold raises a RiskFlag for the coach's triage list,
with the reasons that raised it. A placement can end, and later jobs extend the work history that
the outcomes beyond 180 days read (docs/OUTCOMES.md). Check-in texts are sensitive: staff only,
never shown to employers, erased with the person.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import User
from cohorts.models.participants import Participant
from cohorts.models.placements import JobEndReason, Placement
from employers.models import Employer

#: the worries a participant can tick, in form order, with the words they see
WORRIES: dict[str, str] = {
    "travel": "Travel to work",
    "hours": "Hours or shifts",
    "pay": "Pay",
    "manager": "My manager",
    "colleagues": "Colleagues",
    "workload": "Workload",
    "health": "Health",
    "caring": "Caring responsibilities",
    "money": "Money worries",
    "confidence": "Confidence",
}


class CheckInChannel(StrEnum):
    email_link = "email_link"  # the signed link in the email, no login
    portal = "portal"  # the participant's portal
    call = "call"  # the coach recorded it from a call


class WorkStatus(StrEnum):
    same_job = "same_job"  # still in the placement's job
    new_job = "new_job"  # moved to another job (a LaterJob records it)
    not_working = "not_working"


class CheckIn(TimestampMixin, Base):
    """One scheduled in-work check-in of a placement; answered once (by link, portal or a coach's call)."""

    __tablename__ = "check_ins"
    __repr_attr__ = "week"
    __table_args__ = (
        sa.UniqueConstraint("placement_id", "week"),
        sa.CheckConstraint("week > 0", name="week_positive"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        sa.CheckConstraint("annual_salary IS NULL OR annual_salary >= 0", name="salary_non_negative"),
        sa.CheckConstraint("(answered_at IS NULL) = (channel IS NULL)", name="answered_has_channel"),
        #: the caseload's missed check-ins and the sender's due list
        sa.Index("ix_check_ins_due", "answered_at", "due_on"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the placement it follows; its check-ins go with it
    placement_id: Mapped[int] = mapped_column(sa.ForeignKey("placements.id", ondelete="CASCADE"))
    #: the placed participant (the placement's, kept here for the caseload and erasure)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    #: weeks after the placement's start date (one of CHECKIN_WEEKS when scheduled); one per week
    week: Mapped[int]
    #: start_date + week weeks: the day it is asked
    due_on: Mapped[date]
    #: when the email with the signed link went out (UTC); NULL = not sent (no login email, or opted out)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when it was answered (UTC); NULL = not yet. Unanswered CHECKIN_MISSED_AFTER_DAYS after due_on = missed
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: how it was answered; NULL while unanswered (check answered_has_channel)
    channel: Mapped[CheckInChannel | None] = mapped_column(enum_column(CheckInChannel, "check_in_channel"))
    #: how it is going, 1 (badly) – 5 (very well); NULL if not given
    rating: Mapped[int | None]
    #: their own words; sensitive (staff only, never employers); blanked on erasure
    text: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the worries ticked, keys of WORRIES
    worries: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: still in this job, moved to a new one, or not working; NULL if not answered
    work_status: Mapped[WorkStatus | None] = mapped_column(enum_column(WorkStatus, "work_status"))
    #: pay per year now, in whole units of the programme's currency (wage progression); NULL = not given
    annual_salary: Mapped[int | None]
    #: the coach who recorded it from a call; NULL when the participant answered
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: the scorer's score (0–1) of the answer; NULL until answered
    risk_score: Mapped[float | None]

    placement: Mapped[Placement] = relationship()
    participant: Mapped[Participant] = relationship()
    recorded_by: Mapped[User | None] = relationship()
    flag: Mapped[RiskFlag | None] = relationship(back_populates="check_in", uselist=False)


class RiskFlagStatus(StrEnum):
    open = "open"
    handled = "handled"  # the coach followed it up
    false_alarm = "false_alarm"  # nothing was wrong; the reason is kept for evaluation


class RiskFlag(Base):
    """A check-in answer the scorer judged worrying, with why, on the coach's triage list."""

    __tablename__ = "risk_flags"
    __repr_attr__ = "status"
    __table_args__ = (
        sa.CheckConstraint("(status = 'open') = (resolved_at IS NULL)", name="resolved_when_closed"),
        sa.Index("ix_risk_flags_status_raised", "status", "raised_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the answer that raised it; one flag per check-in
    check_in_id: Mapped[int] = mapped_column(sa.ForeignKey("check_ins.id", ondelete="CASCADE"), unique=True)
    #: the participant (for the triage list by coach, and erasure)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True)
    #: when it was raised (UTC)
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the score (0–1) and the threshold it met
    score: Mapped[float]
    threshold: Mapped[float]
    #: why: [{"signal": "text"|"rating"|"rating_drop"|"worry"|"phrase", "detail": "...", "weight": 0.2}, …]
    reasons: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: the scorer's version, so an evaluation can tell flags of different rules apart
    scorer_version: Mapped[str] = mapped_column(sa.String(40))
    #: open → handled | false_alarm
    status: Mapped[RiskFlagStatus] = mapped_column(
        enum_column(RiskFlagStatus, "risk_flag_status"), default=RiskFlagStatus.open
    )
    #: the coach's reason when closing it (required for a false alarm); blanked on erasure
    resolution_note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: who closed it, and when (UTC); NULL while open
    resolved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    check_in: Mapped[CheckIn] = relationship(back_populates="flag")
    participant: Mapped[Participant] = relationship()
    resolved_by: Mapped[User | None] = relationship()


class LaterJob(TimestampMixin, Base):
    """A job after (or beside) a placement, in the person's work history; not a placement of the measures."""

    __tablename__ = "later_jobs"
    __repr_attr__ = "role_title"
    __table_args__ = (
        sa.CheckConstraint("ended_on IS NULL OR ended_on >= started_on", name="ends_after_start"),
        sa.CheckConstraint("(ended_on IS NULL) = (end_reason IS NULL)", name="end_has_reason"),
        sa.CheckConstraint("annual_salary IS NULL OR annual_salary >= 0", name="salary_non_negative"),
        sa.CheckConstraint(
            "hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 168)", name="hours_in_week"
        ),
        sa.Index("ix_later_jobs_participant_started", "participant_id", "started_on"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose job; deleted with the person on erasure
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: the placement it followed, if any
    placement_id: Mapped[int | None] = mapped_column(sa.ForeignKey("placements.id", ondelete="SET NULL"), index=True)
    #: a hiring partner when it is one; else the name as told
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id", ondelete="SET NULL"), index=True)
    employer_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    role_title: Mapped[str] = mapped_column(sa.String(200))
    started_on: Mapped[date]
    #: NULL while current; with an end_reason (check end_has_reason)
    ended_on: Mapped[date | None]
    end_reason: Mapped[JobEndReason | None] = mapped_column(enum_column(JobEndReason, "job_end_reason"))
    #: pay per year at the start of the job; NULL = not known
    annual_salary: Mapped[int | None]
    hours_per_week: Mapped[Decimal | None] = mapped_column(sa.Numeric(5, 2))
    #: the staff user who recorded it
    recorded_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)

    participant: Mapped[Participant] = relationship()
    placement: Mapped[Placement | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
