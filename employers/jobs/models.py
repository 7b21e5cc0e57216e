"""Job sources (feeds and pages people trust) and the postings read from them, outside the programme's demand.

A source is an RSS/Atom feed, a JSON Feed, or a web page carrying schema.org JobPosting JSON-LD. Staff
add programme-wide sources (no owner); a participant adds their own (owner = their login), which only
they see. Postings are deduplicated across sources by a fingerprint; one posting may be seen in
several sources (job_posting_sources). Competencies found in a posting's text are kept for matching.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import Skill, User


class JobSourceKind(StrEnum):
    feed = "feed"  # RSS or Atom (feedparser)
    json_feed = "json_feed"  # https://jsonfeed.org
    web_page = "web_page"  # schema.org JobPosting JSON-LD (extruct)


class JobSourceStatus(StrEnum):
    active = "active"
    paused = "paused"  # failed MAX_FAILURES times in a row: shown as broken until someone retries


class JobSource(TimestampMixin, Base):
    """A place postings are read from, polled politely on the task queue."""

    __tablename__ = "job_sources"
    __repr_attr__ = "url"
    __table_args__ = (
        sa.CheckConstraint("failure_count >= 0", name="failures_non_negative"),
        sa.CheckConstraint("poll_minutes BETWEEN 15 AND 10080", name="poll_interval"),
        #: one source per address for the programme, and one per address for each person
        sa.Index("uq_job_sources_shared_url", "url", unique=True,
                 sqlite_where=sa.text("owner_id IS NULL"), postgresql_where=sa.text("owner_id IS NULL")),
        sa.UniqueConstraint("owner_id", "url"),
        sa.Index("ix_job_sources_due", "status", "next_poll_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: what people call it ("City jobs board")
    name: Mapped[str] = mapped_column(sa.String(200))
    #: the feed or page address (http or https)
    url: Mapped[str] = mapped_column(sa.String(1000))
    #: feed, json_feed or web_page
    kind: Mapped[JobSourceKind] = mapped_column(enum_column(JobSourceKind, "job_source_kind"))
    #: the participant's login that added it for themselves; NULL = the programme's, added by staff
    owner_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), index=True)
    #: who added it
    added_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: active, or paused after repeated failures
    status: Mapped[JobSourceStatus] = mapped_column(
        enum_column(JobSourceStatus, "job_source_status"), default=JobSourceStatus.active
    )
    #: minutes between polls of this source
    poll_minutes: Mapped[int] = mapped_column(default=360, server_default="360")
    #: when it is next due (UTC); NULL = as soon as possible
    next_poll_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when it was last fetched (UTC), successfully or not
    last_polled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when a fetch last succeeded (UTC)
    last_success_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the validators of the last answer, sent back for a conditional GET
    etag: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    last_modified: Mapped[str] = mapped_column(sa.String(100), default="", server_default="")
    #: failures in a row; reset by a success
    failure_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: what went wrong last, in words a person can act on; "" when the last fetch worked
    last_error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    owner: Mapped[User | None] = relationship(foreign_keys=[owner_id])
    added_by: Mapped[User | None] = relationship(foreign_keys=[added_by_id])


job_posting_sources = sa.Table(
    "job_posting_sources",
    Base.metadata,
    sa.Column("posting_id", sa.ForeignKey("job_postings.id", ondelete="CASCADE"), primary_key=True),
    sa.Column("source_id", sa.ForeignKey("job_sources.id", ondelete="CASCADE"), primary_key=True, index=True),
)


class JobPosting(Base):
    """One job, normalised from whichever sources carried it."""

    __tablename__ = "job_postings"
    __repr_attr__ = "title"
    __table_args__ = (
        sa.CheckConstraint("salary_min IS NULL OR salary_min >= 0", name="salary_non_negative"),
        sa.CheckConstraint("salary_max IS NULL OR salary_min IS NULL OR salary_max >= salary_min",
                           name="salary_ordered"),
        sa.Index("ix_job_postings_live", "expired_at", "posted_on"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the duplicate key across sources: a hash of the normalised title, employer and location (or the
    #: canonical URL when those are missing); unique
    fingerprint: Mapped[str] = mapped_column(sa.String(64), unique=True)
    #: the job's title, as plain text
    title: Mapped[str] = mapped_column(sa.String(300))
    #: the hiring organisation as the posting names it ("" when it does not)
    employer_name: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: where the job is ("" when not given)
    location: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: yearly pay range in whole units of ``currency`` when the posting states it
    salary_min: Mapped[int | None]
    salary_max: Mapped[int | None]
    #: ISO 4217 code of the salary ("" when none)
    currency: Mapped[str] = mapped_column(sa.String(3), default="", server_default="")
    #: the day it was posted, and the closing day, when given
    posted_on: Mapped[date | None]
    closes_on: Mapped[date | None]
    #: where to read and apply: the posting's own link
    url: Mapped[str] = mapped_column(sa.String(1000))
    #: the description as sanitised text (nh3): no markup, scripts or styles survive
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: first and last time a source carried it (UTC)
    first_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it was found closed or gone (UTC); NULL = live. Expired postings are hidden, not deleted
    expired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    sources: Mapped[list[JobSource]] = relationship(secondary=job_posting_sources)
    skills: Mapped[list[JobPostingSkill]] = relationship(back_populates="posting", cascade="all, delete-orphan")


class JobPostingSkill(Base):
    """A competency found in a posting's title or description (a vocabulary label or ESCO alternative label)."""

    __tablename__ = "job_posting_skills"
    __repr_attr__ = "skill_id"

    #: the posting
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("job_postings.id", ondelete="CASCADE"), primary_key=True)
    #: the competency found
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True,
                                          index=True)
    #: the words that matched, shown in the reasons ("Salesforce")
    matched_text: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")

    posting: Mapped[JobPosting] = relationship(back_populates="skills")
    skill: Mapped[Skill] = relationship()


__all__ = ["JobPosting", "JobPostingSkill", "JobSource", "JobSourceKind", "JobSourceStatus", "job_posting_sources"]
