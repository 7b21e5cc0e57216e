"""Participants, their enrolments, attendance, skill assessments and case notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import Skill, User
from employers.models import new_token

if TYPE_CHECKING:
    from cohorts.models.placements import Candidacy, Placement
    from cohorts.models.programmes import Cohort, CohortSession


class Participant(TimestampMixin, Base):
    __tablename__ = "participants"
    __repr_attr__ = "email"
    __table_args__ = (
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        #: the participants list's order and keyset pages, and its counts, over live records only
        sa.Index("ix_participants_live_name", "last_name", "first_name", "id",
                 sqlite_where=sa.text("anonymised_at IS NULL"), postgresql_where=sa.text("anonymised_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(sa.String(100))
    last_name: Mapped[str] = mapped_column(sa.String(100), index=True)
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    phone: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    referral_source: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    # person-centred intake, in the participant's own words
    needs: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    barriers: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    strengths: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    interests: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    goals: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: key life areas (housing, caring, transport …) as short tags
    key_life_areas: Mapped[list] = mapped_column(sa.JSON, default=list)
    coach_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the participant's own login, once invited
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    #: consent to share the profile with employers; withdrawing hides it at once
    consent_to_share: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    consent_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the participant asked for no reminder emails
    nudges_opt_out: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: secret part of the participant's iCalendar feed URL
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: set when personal data was irreversibly anonymised (right to erasure)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    user: Mapped[User | None] = relationship(back_populates="participant", foreign_keys=[user_id])
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="participant")
    assessments: Mapped[list[SkillAssessment]] = relationship(back_populates="participant")
    candidacies: Mapped[list[Candidacy]] = relationship(back_populates="participant")
    placements: Mapped[list[Placement]] = relationship(back_populates="participant")
    case_notes: Mapped[list[CaseNote]] = relationship(
        back_populates="participant", order_by="CaseNote.written_at.desc()"
    )

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


class CaseNote(Base):
    """A dated coaching note; staff only, never shown to the participant or employers."""

    __tablename__ = "case_notes"
    __repr_attr__ = "id"

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    body: Mapped[str] = mapped_column(sa.Text)

    participant: Mapped[Participant] = relationship(back_populates="case_notes")
    author: Mapped[User | None] = relationship()


class EnrolmentStatus(StrEnum):
    applied = "applied"
    accepted = "accepted"
    enrolled = "enrolled"
    completed = "completed"
    withdrawn = "withdrawn"
    not_accepted = "not_accepted"


class ExclusionReason(StrEnum):
    """Reasons that take an enrolment out of the outcome counts (WIOA exclusions)."""

    death = "death"
    incarceration = "incarceration"
    military_duty = "military_duty"
    serious_illness = "serious_illness"


class Enrolment(TimestampMixin, Base):
    __tablename__ = "enrolments"
    __repr_attr__ = "status"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "cohort_id"),
        sa.CheckConstraint(
            "exited_on IS NULL OR enrolled_on IS NULL OR exited_on >= enrolled_on",
            name="exit_after_enrolment",
        ),
        sa.Index("ix_enrolments_cohort_status", "cohort_id", "status"),
        # covers the outcome measures: a cohort's enrolments summed, or one looked up per placement,
        # from the index alone
        sa.Index("ix_enrolments_outcomes", "cohort_id", "participant_id", "status", "enrolled_on",
                 "exclusion_reason", "job_seeking"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE")
    )
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    status: Mapped[EnrolmentStatus] = mapped_column(
        enum_column(EnrolmentStatus, "enrolment_status"), default=EnrolmentStatus.applied
    )
    applied_on: Mapped[date | None]
    enrolled_on: Mapped[date | None]
    exited_on: Mapped[date | None]
    withdrawal_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: completers not seeking work leave the placement denominator
    job_seeking: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    exclusion_reason: Mapped[ExclusionReason | None] = mapped_column(
        enum_column(ExclusionReason, "exclusion_reason")
    )
    #: position on the waitlist when the cohort was full at acceptance; None otherwise
    waitlist_position: Mapped[int | None]

    participant: Mapped[Participant] = relationship(back_populates="enrolments")
    cohort: Mapped[Cohort] = relationship(back_populates="enrolments")


class AttendanceStatus(StrEnum):
    present = "present"
    late = "late"
    absent = "absent"
    excused = "excused"


class Attendance(Base):
    __tablename__ = "attendance"
    __repr_attr__ = "status"
    __table_args__ = (
        #: covering index: per-session tallies by status for the outcomes are index-only
        sa.Index("ix_attendance_session_status_participant", "session_id", "status", "participant_id"),
    )

    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus, "attendance_status")
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    recorded_by_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )

    session: Mapped[CohortSession] = relationship()
    participant: Mapped[Participant] = relationship()


class AssessmentStage(StrEnum):
    baseline = "baseline"
    exit = "exit"


class SkillAssessment(Base):
    __tablename__ = "skill_assessments"
    __repr_attr__ = "level"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "skill_id", "stage"),
        sa.CheckConstraint("level BETWEEN 0 AND 4", name="level_range"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE")
    )
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="RESTRICT"), index=True
    )
    stage: Mapped[AssessmentStage] = mapped_column(enum_column(AssessmentStage, "assessment_stage"))
    level: Mapped[int]
    assessor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    assessed_on: Mapped[date | None]

    participant: Mapped[Participant] = relationship(back_populates="assessments")
    skill: Mapped[Skill] = relationship()
    assessor: Mapped[User | None] = relationship()
