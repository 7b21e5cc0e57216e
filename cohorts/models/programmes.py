"""Programmes, cohorts, their demand basis and consortium, curriculum and sessions."""

from __future__ import annotations

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from app.models import Skill, User
from employers.models import Employer, HiringNeed, new_token

if TYPE_CHECKING:
    from cohorts.models.participants import Enrolment


class Programme(TimestampMixin, Base):
    __tablename__ = "programmes"
    __repr_attr__ = "name"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    target_occupation: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

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

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(sa.String(40), unique=True)
    programme_id: Mapped[int] = mapped_column(
        sa.ForeignKey("programmes.id", ondelete="RESTRICT"), index=True
    )
    name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    capacity: Mapped[int | None]
    status: Mapped[CohortStatus] = mapped_column(
        enum_column(CohortStatus, "cohort_status"), default=CohortStatus.design, index=True
    )
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: secret part of the cohort's iCalendar feed URL
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
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

    @staticmethod
    def label_for(code: str, name: str | None) -> str:
        """A cohort's display name from its columns (lists that load no Cohort objects)."""
        return f"{code} — {name}" if name else code


class CohortHiringNeed(Base):
    """A hiring need the cohort is designed to meet (its demand basis)."""

    __tablename__ = "cohort_hiring_needs"
    __repr_attr__ = "hiring_need_id"

    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
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

    cohort_id: Mapped[int] = mapped_column(
        sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True
    )
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: sessions the employer committed to co-deliver
    co_delivery_sessions: Mapped[int] = mapped_column(default=0, server_default="0")
    #: interviews the employer guaranteed to the cohort's graduates
    interviews_guaranteed: Mapped[int] = mapped_column(default=0, server_default="0")
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    cohort: Mapped[Cohort] = relationship(back_populates="consortium")
    employer: Mapped[Employer] = relationship()


class Module(TimestampMixin, Base):
    __tablename__ = "modules"
    __repr_attr__ = "title"
    __table_args__ = (sa.CheckConstraint("hours > 0", name="hours_positive"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(default=1)
    title: Mapped[str] = mapped_column(sa.String(200))
    hours: Mapped[int] = mapped_column(default=6)
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
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

    module_id: Mapped[int] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
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

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(sa.String(40), unique=True)
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"))
    module_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("modules.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(sa.String(200))
    kind: Mapped[SessionKind] = mapped_column(
        enum_column(SessionKind, "session_kind"), default=SessionKind.training
    )
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ends_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: a room and address, or a meeting link
    location: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: the employer co-delivering the session, if any
    employer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="SET NULL"), index=True
    )
    facilitator_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: sessions created together as a weekly series share this id
    series_id: Mapped[str | None] = mapped_column(sa.String(40), index=True)
    #: iCalendar SEQUENCE: bumped on every change so calendar programs update the event
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    cohort: Mapped[Cohort] = relationship(back_populates="sessions")
    module: Mapped[Module | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
    facilitator: Mapped[User | None] = relationship()
