"""Interview days an employer holds for introduced candidates, their slots, and scored feedback.

A day belongs to one employer and is held for one of its hiring needs or for a cohort (then every
introduced candidacy of that cohort for the employer's needs may book). Slots are cut from the day
when it is created; a booking is a slot that names a candidacy. After the interview the employer
scores the candidate on each competency of the candidacy's hiring need (docs/INTERVIEWS.md).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import Skill, User
from cohorts.models.placements import Candidacy
from cohorts.models.programmes import Cohort
from employers.models import Employer, HiringNeed


class InterviewDayStatus(StrEnum):
    scheduled = "scheduled"
    cancelled = "cancelled"


class InterviewDay(TimestampMixin, Base):
    """An employer's interview event: a date, a place or link, interviewers and bookable slots."""

    __tablename__ = "interview_days"
    __repr_attr__ = "title"
    __table_args__ = (
        sa.CheckConstraint("hiring_need_id IS NOT NULL OR cohort_id IS NOT NULL", name="for_need_or_cohort"),
        sa.CheckConstraint("slot_minutes BETWEEN 5 AND 240", name="slot_length"),
        sa.CheckConstraint("gap_minutes BETWEEN 0 AND 120", name="gap_length"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("booking_closes_at <= starts_at", name="cut_off_before_start"),
        sa.CheckConstraint("break_starts_at IS NULL OR (break_ends_at > break_starts_at)", name="break_ordered"),
        sa.Index("ix_interview_days_employer_starts", "employer_id", "starts_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer interviewing; its days go with it
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"))
    #: the hiring need interviewed for; NULL for a day held for a cohort (check for_need_or_cohort)
    hiring_need_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("hiring_needs.id", ondelete="CASCADE"), index=True
    )
    #: the cohort whose candidates are invited; NULL when held for a need across cohorts
    cohort_id: Mapped[int | None] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    #: what candidates see, e.g. "Northwind interview day"
    title: Mapped[str] = mapped_column(sa.String(200))
    #: first slot starts (UTC); typed and shown on the programme's clock
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: no slot runs past this (UTC)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: minutes each interview lasts
    slot_minutes: Mapped[int] = mapped_column(default=30)
    #: minutes between one slot and the next
    gap_minutes: Mapped[int] = mapped_column(default=0, server_default="0")
    #: an optional break (e.g. lunch) no slot overlaps (UTC)
    break_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    break_ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the address, or "" for an online day
    location: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: the video link, or "" for an in-person day
    meeting_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    #: who interviews, as the employer writes it ("Dana Lee (Sales manager), Sam Ortiz")
    interviewers: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: candidates book, swap and cancel until then (UTC); afterwards only staff change bookings
    booking_closes_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: scheduled or cancelled
    status: Mapped[InterviewDayStatus] = mapped_column(
        enum_column(InterviewDayStatus, "interview_day_status"), default=InterviewDayStatus.scheduled
    )
    #: the user (staff or employer) who created it
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: bumped by every change that calendar programs should see (the feeds' SEQUENCE)
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    employer: Mapped[Employer] = relationship()
    hiring_need: Mapped[HiringNeed | None] = relationship()
    cohort: Mapped[Cohort | None] = relationship()
    created_by: Mapped[User | None] = relationship()
    slots: Mapped[list[InterviewSlot]] = relationship(
        back_populates="day", cascade="all, delete-orphan", order_by="InterviewSlot.starts_at"
    )


class InterviewAttendance(StrEnum):
    attended = "attended"
    no_show = "no_show"
    cancelled_late = "cancelled_late"


class InterviewSlot(Base):
    """One bookable interview: free while candidacy_id is NULL."""

    __tablename__ = "interview_slots"
    __repr_attr__ = "starts_at"
    __table_args__ = (
        sa.UniqueConstraint("interview_day_id", "starts_at"),
        #: one booking per candidacy on a day: a swap moves it, never doubles it
        sa.UniqueConstraint("interview_day_id", "candidacy_id"),
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the day it belongs to
    interview_day_id: Mapped[int] = mapped_column(sa.ForeignKey("interview_days.id", ondelete="CASCADE"))
    #: start and end (UTC)
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the candidacy booked into it; NULL = free. SET NULL: a deleted candidacy frees it (any attendance
    #: recorded stays, naming no one; the services record attendance only on a booked slot)
    candidacy_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("candidacies.id", ondelete="SET NULL"), index=True
    )
    #: when it was booked (UTC)
    booked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: attended, no_show or cancelled_late, recorded after the slot; NULL = not recorded
    attendance: Mapped[InterviewAttendance | None] = mapped_column(
        enum_column(InterviewAttendance, "interview_attendance")
    )
    #: the day before reminder went to both sides (UTC); NULL = not yet
    reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the employer was reminded to give feedback, 3 days after an attended slot (UTC)
    feedback_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: optimistic-lock counter: two people taking the same slot cannot both win
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    day: Mapped[InterviewDay] = relationship(back_populates="slots")
    candidacy: Mapped[Candidacy | None] = relationship()


class InterviewDecision(StrEnum):
    advance = "advance"
    not_now = "not_now"
    no = "no"


class InterviewFeedback(TimestampMixin, Base):
    """The employer's scored view of one interview: levels per competency, strengths, concerns, decision."""

    __tablename__ = "interview_feedback"
    __repr_attr__ = "decision"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the interview it is about; one feedback per interview (unique)
    slot_id: Mapped[int] = mapped_column(sa.ForeignKey("interview_slots.id", ondelete="CASCADE"), unique=True)
    #: the candidacy scored (kept even if the slot is later freed)
    candidacy_id: Mapped[int] = mapped_column(sa.ForeignKey("candidacies.id", ondelete="CASCADE"), index=True)
    #: advance, not_now or no
    decision: Mapped[InterviewDecision] = mapped_column(enum_column(InterviewDecision, "interview_decision"))
    #: what went well; blanked on erasure
    strengths: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: what held the candidate back; blanked on erasure
    concerns: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: words the employer writes for the candidate to read; "" = nothing shared; blanked on erasure
    message_to_candidate: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the candidate may see the levels they were given
    share_scores: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: the candidate may see the decision
    share_decision: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: who gave it
    given_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: when the interview took place (UTC): the date of the evidence in matching
    interviewed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    slot: Mapped[InterviewSlot] = relationship()
    candidacy: Mapped[Candidacy] = relationship()
    given_by: Mapped[User | None] = relationship()
    scores: Mapped[list[InterviewScore]] = relationship(back_populates="feedback", cascade="all, delete-orphan")


class InterviewScore(Base):
    """A level the candidate demonstrated in one competency of the hiring need, 1–4 as the need asks."""

    __tablename__ = "interview_scores"
    __repr_attr__ = "level"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),)

    #: the feedback it belongs to
    feedback_id: Mapped[int] = mapped_column(
        sa.ForeignKey("interview_feedback.id", ondelete="CASCADE"), primary_key=True
    )
    #: the competency scored: one of the hiring need's
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True,
                                          index=True)
    #: 1–4, the scale the need's levels use
    level: Mapped[int]

    feedback: Mapped[InterviewFeedback] = relationship(back_populates="scores")
    skill: Mapped[Skill] = relationship()
