"""Learning resources (courses, videos, books…) that teach competencies, and participants' progress through them."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column
from app.models import Skill, User
from cohorts.models.participants import Participant


class ResourceFormat(StrEnum):
    course = "course"
    video = "video"
    article = "article"
    book = "book"
    workshop = "workshop"
    other = "other"


class ResourceStatus(StrEnum):
    suggested = "suggested"
    approved = "approved"
    rejected = "rejected"
    retired = "retired"


class ProgressStatus(StrEnum):
    started = "started"
    done = "done"


class LearningResource(TimestampMixin, Base):
    """One resource in the library: what it is, what it costs, and whether staff approved it."""

    __tablename__ = "learning_resources"
    __repr_attr__ = "title"
    __table_args__ = (
        sa.CheckConstraint("cost >= 0", name="cost_not_negative"),
        sa.CheckConstraint("hours IS NULL OR hours > 0", name="hours_positive"),
        sa.Index("ix_learning_resources_status_title", "status", "title"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the name shown ("Negotiation fundamentals")
    title: Mapped[str] = mapped_column(sa.String(200))
    #: where it lives (http or https); the weekly link check visits it
    url: Mapped[str] = mapped_column(sa.String(2000))
    #: who offers it ("Coursera", "Public library"); "" when unknown
    provider: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: course, video, article, book, workshop or other
    format: Mapped[ResourceFormat] = mapped_column(
        enum_column(ResourceFormat, "resource_format"), default=ResourceFormat.course
    )
    #: the price in whole units of `currency` with 2 decimals; 0 = free (check cost_not_negative)
    cost: Mapped[Decimal] = mapped_column(sa.Numeric(10, 2), default=Decimal(0), server_default="0")
    #: ISO 4217 code of the cost ("CAD")
    currency: Mapped[str] = mapped_column(sa.String(3), default="CAD", server_default="CAD")
    #: the hours it takes to finish, as the provider says; NULL when unknown (check hours_positive)
    hours: Mapped[Decimal | None] = mapped_column(sa.Numeric(6, 1))
    #: the language it is taught in, as a short code ("en", "fr")
    language: Mapped[str] = mapped_column(sa.String(10), default="en", server_default="en")
    #: suggested (awaiting staff) → approved | rejected; approved → retired; only approved ones are offered
    status: Mapped[ResourceStatus] = mapped_column(
        enum_column(ResourceStatus, "resource_status"), default=ResourceStatus.suggested, index=True
    )
    #: the login that suggested or added it (a participant, a mentor or staff); NULL for imports or once erased
    suggested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: the staff user who approved, rejected or retired it; NULL while suggested
    approved_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: when the weekly check last visited the link (UTC); NULL before the first check
    link_checked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when the link was first found broken in a row of failed checks (UTC); NULL = the link works
    link_broken_since: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when staff review was asked for (poor ratings); NULL = not flagged; cleared when staff keep it
    review_flagged_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    skills: Mapped[list[ResourceSkill]] = relationship(
        back_populates="resource", cascade="all, delete-orphan", order_by="ResourceSkill.skill_id"
    )
    suggested_by: Mapped[User | None] = relationship(foreign_keys=[suggested_by_id])
    approved_by: Mapped[User | None] = relationship(foreign_keys=[approved_by_id])

    @property
    def is_free(self) -> bool:
        return not self.cost


class ResourceSkill(Base):
    """A competency a resource teaches, and to which level."""

    __tablename__ = "resource_skills"
    __repr_attr__ = "skill_id"
    __table_args__ = (sa.CheckConstraint("level BETWEEN 1 AND 4", name="level_range"),)

    #: the resource; its competencies go with it
    resource_id: Mapped[int] = mapped_column(
        sa.ForeignKey("learning_resources.id", ondelete="CASCADE"), primary_key=True
    )
    #: the competency taught; RESTRICT: a taught skill cannot leave the vocabulary
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True,
                                          index=True)
    #: the level it brings a learner to, 1–4 (check level_range), on the hiring needs' scale
    level: Mapped[int] = mapped_column(default=2)

    resource: Mapped[LearningResource] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


class ResourceProgress(TimestampMixin, Base):
    """A participant's progress through one resource: started, done, and their rating of it."""

    __tablename__ = "resource_progress"
    __repr_attr__ = "status"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "resource_id"),
        sa.CheckConstraint("rating IS NULL OR rating BETWEEN 1 AND 5", name="rating_range"),
        sa.CheckConstraint("done_on IS NULL OR started_on IS NULL OR done_on >= started_on",
                           name="done_after_start"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the learner; their progress goes with them (the unique key, led by this column, serves "my progress")
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: the resource followed; progress goes with the resource
    resource_id: Mapped[int] = mapped_column(sa.ForeignKey("learning_resources.id", ondelete="CASCADE"), index=True)
    #: started → done (the participant's word)
    status: Mapped[ProgressStatus] = mapped_column(
        enum_column(ProgressStatus, "progress_status"), default=ProgressStatus.started
    )
    #: the day they started, in the programme's time zone
    started_on: Mapped[date | None]
    #: the day they marked it done; NULL while started (check done_after_start)
    done_on: Mapped[date | None]
    #: their rating, 1 (poor) to 5 (excellent); NULL until they rate (check rating_range); kept after erasure
    rating: Mapped[int | None]
    #: their own words on the resource; "" when none, blanked on erasure
    comment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    participant: Mapped[Participant] = relationship()
    resource: Mapped[LearningResource] = relationship()
