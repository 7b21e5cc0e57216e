"""Programmes, cohorts, their demand basis and consortium, curriculum and sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from app.models import Skill, User
from employers.models import Employer, HiringNeed, new_token

if TYPE_CHECKING:
    from cohorts.models.participants import Enrolment, Participant


#: a new programme's salary range (whole units a year): a typo guard, set per programme
PROGRAMME_SALARY_RANGE = (5_000, 500_000)


def _default_time_zone() -> str:
    return current_app.config["LOCAL_TIMEZONE"]


def _default_currency() -> str:
    return current_app.config["DEFAULT_CURRENCY"]


class Programme(TimestampMixin, Base):
    __tablename__ = "programmes"
    __repr_attr__ = "name"
    __table_args__ = (
        sa.CheckConstraint("length(currency) = 3 AND currency = upper(currency)", name="currency_iso_code"),
        sa.CheckConstraint("salary_min >= 0 AND salary_max > salary_min", name="salary_range_ordered"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unique name, e.g. "SalesCamp" (also refused when it differs only in case)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    #: the occupation it prepares people for, shown on the public application page; "" if none
    target_occupation: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: the sector it trains for ("Technology"); coach matching compares it with coaches' sectors
    sector: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    #: staff's free-text description; "" when none
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: IANA zone where it runs (e.g. "America/Toronto"): session times are entered and shown in it,
    #: and its "today" is the date there; new programmes take LOCAL_TIMEZONE
    time_zone: Mapped[str] = mapped_column(
        sa.String(64), default=_default_time_zone, server_default="Europe/London"
    )
    #: ISO 4217 code its salaries are in (e.g. "CAD"), upper case (check); new ones take DEFAULT_CURRENCY
    currency: Mapped[str] = mapped_column(sa.String(3), default=_default_currency, server_default="GBP")
    #: the lowest annual salary a placement may record, in the currency (a typo guard, not a wage floor)
    salary_min: Mapped[int] = mapped_column(default=PROGRAMME_SALARY_RANGE[0], server_default="5000")
    #: the highest annual salary a placement may record, > salary_min (check salary_range_ordered)
    salary_max: Mapped[int] = mapped_column(default=PROGRAMME_SALARY_RANGE[1], server_default="500000")

    cohorts: Mapped[list[Cohort]] = relationship(back_populates="programme")


class CohortStatus(StrEnum):
    design = "design"
    recruiting = "recruiting"
    training = "training"
    placement = "placement"
    closed = "closed"


class Cohort(TimestampMixin, Base):
    __tablename__ = "cohorts"
    __repr_attr__ = "code"
    __table_args__ = (
        sa.CheckConstraint("ends_on >= starts_on", name="dates_ordered"),
        sa.CheckConstraint("capacity IS NULL OR capacity >= 1", name="capacity_positive"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unique code (e.g. "SC-2026-01"); session refs start with it; the workbook's cohort key
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: the programme the cohort runs; RESTRICT: a programme with cohorts cannot be deleted
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    #: optional display name shown after the code ("code — name"); "" when none
    name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: free text shown with the cohort (public page, reports); "" when not given
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    #: first day of training; sessions may not start before it
    starts_on: Mapped[date]
    #: last day of training, ≥ starts_on (check dates_ordered); the outcomes' 90/180-day windows start here
    ends_on: Mapped[date]
    #: places (accepted + enrolled) at most; NULL = no limit; ≥ 1 (check); when full, acceptance waitlists
    capacity: Mapped[int | None]
    #: design → recruiting → training → placement → closed, moved by staff; recruiting needs modules
    status: Mapped[CohortStatus] = mapped_column(
        enum_column(CohortStatus, "cohort_status"), default=CohortStatus.design, index=True
    )
    #: shown on the public application page; "" when none
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: secret part of the cohort's iCalendar feed URL
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: optimistic-lock counter (version_id_col): bumped on every UPDATE; edit forms send it back
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    programme: Mapped[Programme] = relationship(back_populates="cohorts")
    demand: Mapped[list[CohortHiringNeed]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )
    hiring_needs: Mapped[list[HiringNeed]] = relationship(
        secondary="cohort_hiring_needs", viewonly=True, order_by="HiringNeed.ref"
    )
    consortium: Mapped[list[ConsortiumMember]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan"
    )
    modules: Mapped[list[Module]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="Module.position"
    )
    sessions: Mapped[list[CohortSession]] = relationship(
        back_populates="cohort", cascade="all, delete-orphan", order_by="CohortSession.starts_at"
    )
    enrolments: Mapped[list[Enrolment]] = relationship(back_populates="cohort")

    @property
    def display_name(self) -> str:
        return self.label_for(self.code, self.name)

    @property
    def time_zone(self) -> str:
        """Its programme's IANA zone: session times are entered and shown in it."""
        return self.programme.time_zone

    @property
    def currency(self) -> str:
        """Its programme's ISO 4217 currency."""
        return self.programme.currency

    @staticmethod
    def label_for(code: str, name: str | None) -> str:
        """A cohort's display name from its columns (lists that load no Cohort objects)."""
        return f"{code} — {name}" if name else code


class CohortHiringNeed(Base):
    """A hiring need the cohort is designed to meet (its demand basis)."""

    __tablename__ = "cohort_hiring_needs"
    __repr_attr__ = "hiring_need_id"

    #: the cohort designed from the need
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    #: a need chosen by staff while open; RESTRICT: a need in a cohort's demand cannot be deleted
    hiring_need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("hiring_needs.id", ondelete="RESTRICT"), primary_key=True, index=True
    )

    cohort: Mapped[Cohort] = relationship(back_populates="demand")
    hiring_need: Mapped[HiringNeed] = relationship()


class ConsortiumMember(Base):
    """An employer in a cohort's hiring consortium, with what it committed to."""

    __tablename__ = "consortium_members"
    __repr_attr__ = "employer_id"
    __table_args__ = (
        sa.CheckConstraint("co_delivery_sessions >= 0", name="co_delivery_non_negative"),
        sa.CheckConstraint("interviews_guaranteed >= 0", name="interviews_non_negative"),
    )

    #: the cohort whose consortium this is
    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    #: an employer behind the cohort's hiring needs; members follow the demand staff choose
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: sessions the employer committed to co-deliver
    co_delivery_sessions: Mapped[int] = mapped_column(default=0, server_default="0")
    #: interviews the employer guaranteed to the cohort's graduates
    interviews_guaranteed: Mapped[int] = mapped_column(default=0, server_default="0")
    #: staff's free-text notes on the commitment; "" when none
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    cohort: Mapped[Cohort] = relationship(back_populates="consortium")
    employer: Mapped[Employer] = relationship()


class Module(TimestampMixin, Base):
    __tablename__ = "modules"
    __repr_attr__ = "title"
    __table_args__ = (sa.CheckConstraint("hours > 0", name="hours_positive"),)

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the cohort whose curriculum this is; modules go with their cohort
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    #: order in the cohort's curriculum, 1…n, renumbered by staff reordering
    position: Mapped[int] = mapped_column(default=1)
    #: the module's name, never blank
    title: Mapped[str] = mapped_column(sa.String(200))
    #: teaching hours, whole and > 0 (check hours_positive); a design proposal splits a chosen total by demand
    hours: Mapped[int] = mapped_column(default=6)
    #: staff's free-text description; "" when none
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: optimistic-lock counter (version_id_col): bumped on every UPDATE; edit forms send it back
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    cohort: Mapped[Cohort] = relationship(back_populates="modules")
    skills: Mapped[list[ModuleSkill]] = relationship(
        back_populates="module", cascade="all, delete-orphan"
    )


class ModuleSkill(Base):
    """A competency a module teaches, and to what level."""

    __tablename__ = "module_skills"
    __repr_attr__ = "skill_id"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),)

    #: the module that teaches the skill
    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True
    )
    #: the competency taught; RESTRICT: a taught skill cannot leave the vocabulary
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: level taught, 1–4 (check level_range); covers a demanded competency at or below it
    level: Mapped[int] = mapped_column(default=2)

    module: Mapped[Module] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class SessionKind(StrEnum):
    training = "training"
    employer_session = "employer_session"
    workshop = "workshop"
    mock_interview = "mock_interview"
    networking = "networking"
    assessment = "assessment"


class CohortSession(TimestampMixin, Base):
    """A scheduled session of a cohort (the domain's "Session")."""

    __tablename__ = "sessions"
    __repr_attr__ = "ref"
    __table_args__ = (
        sa.CheckConstraint("ends_at IS NULL OR ends_at > starts_at", name="times_ordered"),
        sa.Index("ix_sessions_cohort_starts_at", "cohort_id", "starts_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unique, "<cohort code>-S01" numbering or as imported; the iCalendar UID is built from it
    ref: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: the cohort the session belongs to; its sessions go with it
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    #: the curriculum module it teaches (same cohort); NULL = none or the module was removed
    module_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="SET NULL"), index=True
    )
    #: the session's name, never blank
    title: Mapped[str] = mapped_column(sa.String(200))
    #: what the session is; an employer_session needs a co-delivering employer
    kind: Mapped[SessionKind] = mapped_column(
        enum_column(SessionKind, "session_kind"), default=SessionKind.training
    )
    #: start (UTC), within the cohort's dates; its date is the session's date in the outcomes
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: end (UTC), after starts_at (check times_ordered); NULL = no end time (clash checks assume 1 h)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: a room and address, or a meeting link
    location: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: the employer co-delivering the session, if any
    employer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="SET NULL"), index=True
    )
    #: the active staff or admin user who runs it; NULL = none
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: free text added to the calendar event; "" when none
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: sessions created together as a weekly series share this id
    series_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    #: iCalendar SEQUENCE: bumped on every change so calendar programs update the event
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")
    module: Mapped[Module | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
    facilitator: Mapped[User | None] = relationship()


# --- participants' ratings of the sessions they attended (the designer reads them per module and employer)

#: the rating scale, lowest to highest (check rating_range)
RATING_SCALE = (1, 2, 3, 4, 5)


class SessionRating(TimestampMixin, Base):
    """One participant's rating of one session: 1–5 and an optional comment, editable for a while."""

    __tablename__ = "session_ratings"
    __repr_attr__ = "rating"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "session_id"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: who rated: a participant of the session's cohort not marked absent; one rating each (the unique key,
    #: led by this column, also serves "my ratings")
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: the session rated, once it has started; ratings go with their session
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    #: 1 (poor) to 5 (excellent) (check rating_range); kept after an erasure, it names no one
    rating: Mapped[int]
    #: the participant's own words; "" when none, and blanked when their personal data is erased
    comment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    participant: Mapped[Participant] = relationship()
    session: Mapped[CohortSession] = relationship()
