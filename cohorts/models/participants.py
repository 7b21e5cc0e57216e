"""Participants, their enrolments, attendance, skill assessments and case notes."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import Skill, User
from cohorts.models.referrals import DeclineReason, ReferralPartner
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
        #: the participants list filtered by consent: its count over live records, from the index alone
        sa.Index("ix_participants_live_consent", "consent_to_share",
                 sqlite_where=sa.text("anonymised_at IS NULL"), postgresql_where=sa.text("anonymised_at IS NULL")),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: given name; erasure overwrites it with "Erased"
    first_name: Mapped[str] = mapped_column(sa.String(100))
    #: family name; the participants list sorts by it (erasure: "participant")
    last_name: Mapped[str] = mapped_column(sa.String(100), index=True)
    #: unique and lower-case (check email_lower_case); erasure sets erased-<id>@erased.invalid
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    #: free text as given at intake or on the public application; "" when not given
    phone: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    #: free text as given at intake or on the public application; "" when not given
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    #: who pointed them to the programme (job centre, charity …); free text, "" if not given
    referral_source: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    #: the referral partner who sent them (set from a referral link or by staff); NULL = none known
    referral_partner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referral_partners.id", ondelete="SET NULL"), index=True
    )
    # person-centred intake, in the participant's own words
    #: what they need from the programme; written at intake by staff with the participant
    needs: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: what could get in the way of training or work; intake free text
    barriers: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: intake free text; "" when not given
    strengths: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: intake free text; "" when not given
    interests: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: intake free text, also asked on the public application form
    goals: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: key life areas (housing, caring, transport …) as short tags
    key_life_areas: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: the staff or admin user coaching them (their caseload); NULL = no coach yet
    coach_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the participant's own login, once invited
    user_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), unique=True
    )
    #: consent to share the profile with employers; withdrawing hides it at once
    consent_to_share: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: when consent_to_share last changed, by the participant or staff (UTC); NULL = never
    consent_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the participant asked for no reminder emails
    nudges_opt_out: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: secret part of the participant's iCalendar feed URL
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: set when personal data was irreversibly anonymised (right to erasure)
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: optimistic-lock counter (version_id_col): bumped on every UPDATE; edit forms send it back
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    coach: Mapped[User | None] = relationship(foreign_keys=[coach_id])
    referral_partner: Mapped[ReferralPartner | None] = relationship()
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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the participant the note is about; their notes are deleted with them and on erasure
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), index=True
    )
    #: the staff or admin user who wrote it; NULL once that user row is deleted
    author_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: when the note was written (UTC); notes list newest first
    written_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the note itself, never empty (the service refuses blank notes)
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
    """Reasons that take an enrolment out of the outcome counts (exclusions)."""

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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the participant; one enrolment per participant and cohort (unique key)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE")
    )
    #: the cohort applied to or enrolled in
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    #: applied → accepted → enrolled → completed | withdrawn | not_accepted; accepted and enrolled hold a place
    status: Mapped[EnrolmentStatus] = mapped_column(
        enum_column(EnrolmentStatus, "enrolment_status"), default=EnrolmentStatus.applied
    )
    #: day of the public application; NULL when the enrolment came another way (e.g. the workbook)
    applied_on: Mapped[date | None]
    #: day the participant started (staff enrol them); a starter needs it; NULL before that
    enrolled_on: Mapped[date | None]
    #: day the participant left (withdrawal, exclusion, or as imported); NULL while current
    exited_on: Mapped[date | None]
    #: staff's reason for a withdrawal, or "Excluded: <reason>"; blanked on erasure
    withdrawal_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: completers not seeking work leave the placement denominator
    job_seeking: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: exclusion recorded by staff; not NULL takes the enrolment out of the outcome counts
    exclusion_reason: Mapped[ExclusionReason | None] = mapped_column(
        enum_column(ExclusionReason, "exclusion_reason")
    )
    #: position on the waitlist when the cohort was full at acceptance; None otherwise
    waitlist_position: Mapped[int | None]
    #: the referral partner whose link the application came through, or staff's correction; NULL = none
    referral_partner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("referral_partners.id", ondelete="SET NULL"), index=True
    )
    #: where the applicant found the cohort (?source= on the application link: atom, jsonld …); "" = unknown
    source: Mapped[str] = mapped_column(sa.String(60), default="", server_default="")
    #: staff's reason when the application was not accepted; NULL otherwise or when not given
    decline_reason: Mapped[DeclineReason | None] = mapped_column(enum_column(DeclineReason, "decline_reason"))

    participant: Mapped[Participant] = relationship(back_populates="enrolments")
    referral_partner: Mapped[ReferralPartner | None] = relationship()
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

    #: the session marked; with participant_id the primary key (one mark each)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    #: the participant marked; only someone on the session's register (enrolment check)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: present and late count as attended, absent does not; excused rows leave the attendance rate
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus, "attendance_status")
    )
    #: when the mark was last saved (UTC; set on insert and on every change)
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    #: the staff user who last saved the mark; NULL for imports or a deleted user
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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the participant assessed
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE")
    )
    #: the competency assessed: only one the participant's cohort curriculum teaches
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="RESTRICT"), index=True
    )
    #: baseline (at the start) or exit (at the end); one level per participant, skill and stage
    stage: Mapped[AssessmentStage] = mapped_column(enum_column(AssessmentStage, "assessment_stage"))
    #: assessed level 0–4 (check level_range; 0 = none); matching uses exit, else baseline
    level: Mapped[int]
    #: the staff user who recorded the level; NULL for imports or a deleted user
    assessor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: day of the assessment; the service defaults it to the day it was recorded
    assessed_on: Mapped[date | None]

    participant: Mapped[Participant] = relationship(back_populates="assessments")
    skill: Mapped[Skill] = relationship()
    assessor: Mapped[User | None] = relationship()
