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
        #: a person's marks, latest session last: their two latest marks (the caseload's absences) are the
        #: index's last entries, read without their sessions; it also serves lookups by participant
        sa.Index("ix_attendance_participant_latest", "participant_id", "session_starts_at", "status"),
    )

    #: the session marked; with participant_id the primary key (one mark each)
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    #: the participant marked; only someone on the session's register (enrolment check)
    participant_id: Mapped[int] = mapped_column(
        sa.ForeignKey("participants.id", ondelete="CASCADE"), primary_key=True
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

    #: its session's start (UTC), copied by the database on every write of the mark or the session's start
    #: (session_start_ddl below); read in SQL only: the app never writes it, and an object it just added holds None
    session_starts_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    session: Mapped[CohortSession] = relationship()
    participant: Mapped[Participant] = relationship()


# --- attendance.session_starts_at, kept by the database ----------------------------------------------------
# Ordering a person's marks by their sessions' starts joined every mark to its session: ~17 lookups a person,
# ~40 ms for a national coach's 1,000 people on every caseload view. Triggers copy the start onto the mark, so
# the order is an index's; they catch every writer (pages, imports' bulk inserts, seed-scale's COPY).
# PostgreSQL: the copy takes FOR SHARE on the session, so a reschedule waits for a mark being written (and the
# other way round) and never misses it under READ COMMITTED. SQLite has one writer at a time.

SESSION_START_FUNCTIONS = ("attendance_take_session_start", "session_start_to_attendance")

_SESSION_START = "(SELECT starts_at FROM sessions WHERE id = NEW.session_id)"
#: SQLite's triggers cannot change a row as it is written: they write the NEW mark's start again after it
_SQLITE_COPY = f"""UPDATE attendance SET session_starts_at = {_SESSION_START}
        WHERE session_id = NEW.session_id AND participant_id = NEW.participant_id; END"""

_SQLITE_SESSION_START = [
    f"""CREATE TRIGGER attendance_session_start_insert AFTER INSERT ON attendance BEGIN
        {_SQLITE_COPY}""",
    f"""CREATE TRIGGER attendance_session_start_move AFTER UPDATE OF session_id, session_starts_at ON attendance
        WHEN NEW.session_starts_at IS NOT {_SESSION_START} BEGIN
        {_SQLITE_COPY}""",
    """CREATE TRIGGER session_start_to_attendance AFTER UPDATE OF starts_at ON sessions BEGIN
        UPDATE attendance SET session_starts_at = NEW.starts_at WHERE session_id = NEW.id; END""",
]

_PG_SESSION_START = [
    """CREATE OR REPLACE FUNCTION attendance_take_session_start() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        NEW.session_starts_at := (SELECT starts_at FROM sessions WHERE id = NEW.session_id FOR SHARE);
        RETURN NEW;
        END $body$""",
    """CREATE OR REPLACE FUNCTION session_start_to_attendance() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        UPDATE attendance SET session_starts_at = NEW.starts_at WHERE session_id = NEW.id;
        RETURN NULL;
        END $body$""",
    """CREATE TRIGGER attendance_session_start BEFORE INSERT OR UPDATE OF session_id, session_starts_at
        ON attendance FOR EACH ROW EXECUTE FUNCTION attendance_take_session_start()""",
    """CREATE TRIGGER session_start_to_attendance AFTER UPDATE OF starts_at ON sessions
        FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at)
        EXECUTE FUNCTION session_start_to_attendance()""",
]


def session_start_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers (and PostgreSQL's functions) keeping session_starts_at."""
    if dialect == "postgresql":
        return list(_PG_SESSION_START)
    if dialect == "sqlite":
        return list(_SQLITE_SESSION_START)
    raise NotImplementedError(f"attendance.session_starts_at needs triggers written for {dialect}")


@sa.event.listens_for(Base.metadata, "after_create")
def _create_session_start_triggers(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same triggers as the migration."""
    if Attendance.__table__ in kw.get("tables", ()):
        for statement in session_start_ddl(connection.dialect.name):
            connection.exec_driver_sql(statement)


@sa.event.listens_for(Base.metadata, "after_drop")
def _drop_session_start_functions(target, connection, **kw) -> None:
    """PostgreSQL's trigger functions outlive their tables; drop them with the schema."""
    if connection.dialect.name == "postgresql":
        for name in SESSION_START_FUNCTIONS:
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}() CASCADE")


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
