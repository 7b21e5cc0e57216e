"""Employers, their contacts, customer-discovery interviews and hiring needs."""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from app.models import EscoOccupation, Skill, User, count_rows


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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unique; whitespace collapsed, refused when it differs from another only in case
    name: Mapped[str] = mapped_column(sa.String(200), unique=True)
    #: free text set by staff or the employer's contact; filters the employer list; "" if unknown
    sector: Mapped[str] = mapped_column(sa.String(120), default="", server_default="", index=True)
    #: employee count band (1-9, 10-49, 50-249, 250+); NULL = not known
    size_band: Mapped[SizeBand | None] = mapped_column(enum_column(SizeBand, "size_band"))
    #: free text set by staff or the employer's contact; "" when not given
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="", index=True)
    #: full web address (the forms check it); "" when none
    website: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: prospect → in_discovery → hiring_partner → inactive; staff starting an interview ends prospect
    status: Mapped[EmployerStatus] = mapped_column(
        enum_column(EmployerStatus, "employer_status"), default=EmployerStatus.prospect, index=True
    )
    #: staff-only free text; employer contacts cannot see or edit it
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: secret part of the co-delivered sessions' iCalendar feed URL
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)
    #: the staff user who manages the relationship (employers/crm); NULL = nobody yet.
    #: use_alter: users.employer_id points back here, so create/drop order needs this key added last
    owner_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL", use_alter=True), index=True
    )

    contacts: Mapped[list[Contact]] = relationship(
        back_populates="employer", cascade="all, delete-orphan", order_by="Contact.name"
    )
    interviews: Mapped[list[DiscoveryInterview]] = relationship(back_populates="employer")
    hiring_needs: Mapped[list[HiringNeed]] = relationship(back_populates="employer")
    users: Mapped[list[User]] = relationship(back_populates="employer", foreign_keys="User.employer_id")
    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])


class Contact(TimestampMixin, Base):
    """A person at an employer; an employer portal user is one of these with a login."""

    __tablename__ = "contacts"
    __repr_attr__ = "email"
    __table_args__ = (sa.UniqueConstraint("employer_id", "email"),)

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer the person works for; contacts go with their employer
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"))
    #: the person's name
    name: Mapped[str] = mapped_column(sa.String(200))
    #: lower-case, unique per employer; "" = none (one such contact per employer)
    email: Mapped[str] = mapped_column(sa.String(254), default="", server_default="")
    #: free text; "" when none
    phone: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    #: free text; "" when none
    job_title: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: the employer's main contact; marking one clears the others
    is_primary: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: when staff archived the person (left, wrong person); NULL = current. Archived ones are hidden
    archived_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the question bank version this row belongs to (new interviews use the current one)
    bank_version: Mapped[int] = mapped_column(default=1)
    #: order in which the question is asked, unique within its bank version
    position: Mapped[int]
    #: context (the business) or talent (hiring) part of the interview
    section: Mapped[QuestionSection] = mapped_column(enum_column(QuestionSection, "question_section"))
    #: stable slug, e.g. "roles_hard_to_fill", used by the insight views
    key: Mapped[str] = mapped_column(sa.String(60))
    #: the question as asked; rewording keeps the key
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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the employer interviewed; its interviews go with it
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True
    )
    #: the question bank version the answers belong to
    bank_version: Mapped[int] = mapped_column(default=1)
    #: day the interview was held (defaults to the day staff start it); required to complete
    held_on: Mapped[date | None]
    #: the staff user who started it; NULL for a portal questionnaire
    interviewer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: who took part, free text; for a questionnaire the contact's "name (email)"
    attendees: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: how it was held; questionnaire = filled in by the employer in their portal
    format: Mapped[InterviewFormat] = mapped_column(
        enum_column(InterviewFormat, "interview_format"), default=InterviewFormat.video
    )
    #: what was learnt, written by staff; required to complete
    summary: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: short tags such as "high turnover", "slow hiring"
    pain_points: Mapped[list] = mapped_column(sa.JSON, default=list)
    #: draft or complete (staff complete it; a questionnaire completes when the employer sends it)
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

    #: the interview answered; answers go with it
    interview_id: Mapped[int] = mapped_column(
        sa.ForeignKey("discovery_interviews.id", ondelete="CASCADE"), primary_key=True
    )
    #: the question of the interview's bank version; RESTRICT keeps answered questions
    question_id: Mapped[int] = mapped_column(
        sa.ForeignKey("discovery_questions.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: the answer as written; an emptied answer deletes the row
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

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: unique reference, "HN-0001" style unless staff type one; the workbook's key
    ref: Mapped[str] = mapped_column(sa.String(40), unique=True)
    #: the employer hiring; RESTRICT: an employer with hiring needs cannot be deleted
    employer_id: Mapped[int] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="RESTRICT"), index=True
    )
    #: the role as typed; the demand board groups titles case-insensitively
    role_title: Mapped[str] = mapped_column(sa.String(200), index=True)
    #: people to hire, ≥ 1 (check openings_positive); weighs the demand and the fill rate
    openings: Mapped[int] = mapped_column(default=1)
    #: free text; filters the demand board and needs list; "" when not given
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="", index=True)
    #: bottom of the pay range per year, whole units of the deployment's DEFAULT_CURRENCY; NULL = not given
    salary_min: Mapped[int | None]
    #: top of the pay range per year, ≥ salary_min (check salary_range_ordered); NULL = not given
    salary_max: Mapped[int | None]
    #: day the hires are needed by; NULL = no date ("no date" on the demand board)
    needed_by: Mapped[date | None]
    #: draft → open → filled | closed (both may reopen); employer contacts create drafts
    status: Mapped[HiringNeedStatus] = mapped_column(
        enum_column(HiringNeedStatus, "hiring_need_status"), default=HiringNeedStatus.open
    )
    #: what the employer says it asks for ("5 years in tech")
    stated_requirements: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: must-haves for a hire, free text (the interview's answer when drafted from one); "" if none
    non_negotiables: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the discovery interview the need was drafted from; NULL = entered directly
    source_interview_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("discovery_interviews.id", ondelete="SET NULL"), index=True
    )
    #: the ESCO occupation staff described the need from; NULL = none
    esco_occupation_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("esco_occupations.id", ondelete="SET NULL"), index=True
    )
    #: set when an employer contact submits a draft for staff review
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: optimistic-lock counter (version_id_col): bumped on every UPDATE; edit forms send it back
    version: Mapped[int] = mapped_column(default=1, server_default="1")

    __mapper_args__ = {"version_id_col": version}

    employer: Mapped[Employer] = relationship(back_populates="hiring_needs")
    source_interview: Mapped[DiscoveryInterview | None] = relationship()
    esco_occupation: Mapped[EscoOccupation | None] = relationship()
    competencies: Mapped[list[HiringNeedSkill]] = relationship(
        back_populates="hiring_need", cascade="all, delete-orphan"
    )

    @property
    def display_status(self) -> HiringNeedStatus | str:
        """What the employer reads: a draft they have submitted is "submitted for review" (staff see it
        as a draft awaiting review)."""
        if self.status == HiringNeedStatus.draft and self.submitted_at is not None:
            return "submitted_for_review"
        return self.status


#: the staff needs list's order, soonest needed first and undated last (employers.queries.hiring_needs_page):
#: a page walks this index instead of sorting every need (expression index; created by create_all too)
sa.Index("ix_hiring_needs_list_order", HiringNeed.needed_by.is_(None), HiringNeed.needed_by, HiringNeed.ref)


class HiringNeedSkill(Base):
    """A required competency of a hiring need: the skill, the level and must/nice."""

    __tablename__ = "hiring_need_skills"
    __repr_attr__ = "skill_id"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),)

    #: the hiring need; its competencies go with it
    hiring_need_id: Mapped[int] = mapped_column(
        sa.ForeignKey("hiring_needs.id", ondelete="CASCADE"), primary_key=True
    )
    #: the competency required; RESTRICT: a required skill cannot leave the vocabulary
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True, index=True
    )
    #: level required, 1–4 (check level_range); 2 unless set
    level: Mapped[int] = mapped_column(default=2)
    #: must or nice; a must weighs twice a nice in curriculum design and matching
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


# the staff lists' unfiltered totals, kept by triggers (app.models.count_rows)
count_rows("employers", "employers")
count_rows("hiring_needs", "hiring_needs")
