"""Employers, their contacts, customer-discovery interviews and hiring needs."""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from app.models import EscoOccupation, Skill, User


def new_token() -> str:
    """An unguessable token for calendar feed URLs."""
    return secrets.token_urlsafe(24)


class EmployerStatus(StrEnum):
    prospect = "prospect"
    in_discovery = "in_discovery"
    hiring_partner = "hiring_partner"
    inactive = "inactive"


class SizeBand(StrEnum):
    micro = "1-9"
    small = "10-49"
    medium = "50-249"
    large = "250+"

    @property
    def label(self) -> str:
        return f"{self.value} employees"


class Employer(TimestampMixin, Base):
    __tablename__ = "employers"
    __repr_attr__ = "name"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    sector: Mapped[str] = mapped_column(sa.String(120), default="", server_default="", index=True)
    size_band: Mapped[SizeBand | None] = mapped_column(enum_column(SizeBand, "size_band"))
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="", index=True)
    website: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    status: Mapped[EmployerStatus] = mapped_column(
        enum_column(EmployerStatus, "employer_status"), default=EmployerStatus.prospect, index=True
    )
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: secret part of the co-delivered sessions' iCalendar feed URL
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", order_by="Contact.name"
    )
    interviews: Mapped[list[DiscoveryInterview]] = relationship(back_populates="employer")
    hiring_needs: Mapped[list[HiringNeed]] = relationship(back_populates="employer")
    users: Mapped[list[User]] = relationship(back_populates="employer")


class Contact(TimestampMixin, Base):
    """A person at an employer; an employer portal user is one of these with a login."""

    __tablename__ = "contacts"
    __repr_attr__ = "email"
    __table_args__ = (sa.UniqueConstraint("employer_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(sa.String(200))
    email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    phone: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    job_title: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    is_primary: Mapped[bool] = mapped_column(default=False, server_default=sa.false())

    employer: Mapped[Employer] = relationship(back_populates="contacts")


class QuestionSection(StrEnum):
    context = "context"
    talent = "talent"


class DiscoveryQuestion(Base):
    """One question of a versioned customer-discovery question bank."""

    __tablename__ = "discovery_questions"
    __repr_attr__ = "key"
    __table_args__ = (
        sa.UniqueConstraint("bank_version", "key"),
        sa.UniqueConstraint("bank_version", "position"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    bank_version: Mapped[int] = mapped_column(default=1)
    position: Mapped[int]
    section: Mapped[QuestionSection] = mapped_column(enum_column(QuestionSection, "question_section"))
    #: stable slug, e.g. "roles_hard_to_fill", used by the insight views
    key: Mapped[str] = mapped_column(sa.String(60))
    text: Mapped[str] = mapped_column(sa.Text)


class InterviewStatus(StrEnum):
    draft = "draft"
    complete = "complete"


class InterviewFormat(StrEnum):
    in_person = "in_person"
    video = "video"
    phone = "phone"
    questionnaire = "questionnaire"


class DiscoveryInterview(TimestampMixin, Base):
    __tablename__ = "discovery_interviews"
    __repr_attr__ = "id"

    id: Mapped[int] = mapped_column(primary_key=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    #: the question bank version the answers belong to
    bank_version: Mapped[int] = mapped_column(default=1)
    held_on: Mapped[date | None]
    interviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    attendees: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    format: Mapped[InterviewFormat] = mapped_column(
        enum_column(InterviewFormat, "interview_format"), default=InterviewFormat.video
    )
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: short tags such as "high turnover", "slow hiring"
    pain_points: Mapped[list] = mapped_column(sa.JSON, default=list)
    status: Mapped[InterviewStatus] = mapped_column(
        enum_column(InterviewStatus, "interview_status"), default=InterviewStatus.draft
    )
    #: when the employer contact submitted the questionnaire from the portal
    questionnaire_submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    employer: Mapped[Employer] = relationship(back_populates="interviews")
    interviewer: Mapped[User | None] = relationship()
    answers: Mapped[list[InterviewAnswer]] = relationship(
        back_populates="interview", cascade="all, delete-orphan"
    )


class InterviewAnswer(Base):
    __tablename__ = "interview_answers"
    __repr_attr__ = "question_id"

    interview_id: Mapped[int] = mapped_column(
        sa.ForeignKey("discovery_interviews.id", ondelete="CASCADE"), primary_key=True
    )
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("discovery_questions.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    answer: Mapped[str] = mapped_column(sa.Text, default="")

    interview: Mapped[DiscoveryInterview] = relationship(back_populates="answers")
    question: Mapped[DiscoveryQuestion] = relationship()


class HiringNeedStatus(StrEnum):
    draft = "draft"
    open = "open"
    filled = "filled"
    closed = "closed"


class Importance(StrEnum):
    must = "must"
    nice = "nice"


class HiringNeed(TimestampMixin, Base):
    """A role an employer needs to fill, described by competencies rather than proxies."""

    __tablename__ = "hiring_needs"
    __repr_attr__ = "ref"
    __table_args__ = (
        sa.CheckConstraint("openings >= 1", name="openings_positive"),
        sa.CheckConstraint(
            "salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max",
            name="salary_range_ordered",
        ),
        #: the demand board's months, and open openings summed on the staff home: index-only
        sa.Index("ix_hiring_needs_status_needed_by_openings", "status", "needed_by", "openings"),
        sa.Index("ix_hiring_needs_status_openings", "status", "openings"),
        #: the demand board's role × region groups and employers per role: index-only
        sa.Index("ix_hiring_needs_demand", "status", "role_title", "region", "openings", "employer_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    ref: Mapped[str] = mapped_column(sa.String(40), unique=True)
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="RESTRICT"), index=True
    )
    role_title: Mapped[str] = mapped_column(sa.String(200), index=True)
    openings: Mapped[int] = mapped_column(default=1)
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="", index=True)
    salary_min: Mapped[int | None]
    salary_max: Mapped[int | None]
    needed_by: Mapped[date | None]
    status: Mapped[HiringNeedStatus] = mapped_column(
        enum_column(HiringNeedStatus, "hiring_need_status"), default=HiringNeedStatus.open
    )
    #: what the employer says it asks for ("5 years in tech")
    stated_requirements: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    non_negotiables: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    source_interview_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("discovery_interviews.id", ondelete="SET NULL"), index=True
    )
    esco_occupation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("esco_occupations.id", ondelete="SET NULL"), index=True
    )
    #: set when an employer contact submits a draft for staff review
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    employer: Mapped[Employer] = relationship(back_populates="hiring_needs")
    source_interview: Mapped[DiscoveryInterview | None] = relationship()
    esco_occupation: Mapped[EscoOccupation | None] = relationship()
    competencies: Mapped[list[HiringNeedSkill]] = relationship(
        back_populates="hiring_need", cascade="all, delete-orphan"
    )


class HiringNeedSkill(Base):
    """A required competency of a hiring need: the skill, the level and must/nice."""

    __tablename__ = "hiring_need_skills"
    __repr_attr__ = "skill_id"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),)

    hiring_need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("hiring_needs.id", ondelete="CASCADE"), primary_key=True
    )
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    level: Mapped[int] = mapped_column(default=2)
    importance: Mapped[Importance] = mapped_column(
        enum_column(Importance, "importance"), default=Importance.must
    )

    hiring_need: Mapped[HiringNeed] = relationship(back_populates="competencies")
    skill: Mapped[Skill] = relationship()

    @property
    def is_must(self) -> bool:
        return self.importance == Importance.must


__all__ = [
    "Contact", "DiscoveryInterview", "DiscoveryQuestion", "Employer", "EmployerStatus",
    "HiringNeed", "HiringNeedSkill", "HiringNeedStatus", "Importance", "InterviewAnswer",
    "InterviewFormat", "InterviewStatus", "QuestionSection", "SizeBand", "new_token",
]
