"""A job: one piece of long work a person started, with its state, progress and outcome."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, UTCDateTime, enum_column, utcnow
from app.models import User


class JobState(StrEnum):
    queued = "queued"
    running = "running"
    done = "done"
    failed = "failed"


#: the states a job can still leave without someone retrying it
ACTIVE_STATES = (JobState.queued, JobState.running)


class Job(Base):
    """A row per enqueued piece of work; the queue carries only its id (docs/JOBS.md)."""

    __tablename__ = "jobs"
    __repr_attr__ = "kind"
    __table_args__ = (
        sa.CheckConstraint("progress BETWEEN 0 AND 100", name="progress_percent"),
        sa.CheckConstraint("attempts >= 1", name="attempts_positive"),
        #: "my jobs", newest first; and the lease sweep reads the running ones
        sa.Index("ix_jobs_started_by_created", "started_by_id", "created_at"),
        sa.Index("ix_jobs_state", "state"),
    )

    #: primary key; the only thing the task queue carries
    id: Mapped[int] = mapped_column(primary_key=True)
    #: what the job does: a registered kind ("workbook_import" …), see app.tasks.kinds
    kind: Mapped[str] = mapped_column(sa.String(60))
    #: who started it; NULL when the user was deleted (the job's record stays) or a schedule started it
    started_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"))
    #: the kind's inputs as plain JSON values (ids, tokens, file names), never ORM objects
    parameters: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    #: queued → running → done or failed; a failed job may be queued again (retry)
    state: Mapped[JobState] = mapped_column(enum_column(JobState, "job_state"), default=JobState.queued)
    #: per cent done, 0–100, as last recorded (a running job's live figure is in the queue's store)
    progress: Mapped[int] = mapped_column(default=0, server_default="0")
    #: what the job is doing now, or how it ended, in one line ("Writing participants…"); "" = nothing yet
    message: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: how many times it has been started: 1, then one more per retry
    attempts: Mapped[int] = mapped_column(default=1, server_default="1")
    #: when it was enqueued (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when a worker last picked it up (UTC); NULL while it waits in the queue
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when it ended, done or failed (UTC); NULL while queued or running
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the worker's last sign of life written to this row (UTC): set when it starts; the live beats go to
    #: the queue's store (app.tasks.progress). NULL = never started
    heartbeat_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the kind's summary when it ends (counts, or the problems that stopped it); NULL = none yet
    result: Mapped[dict[str, Any] | None] = mapped_column(sa.JSON)
    #: why it failed, for admins (an exception's text, or a lost worker); "" = no failure
    error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: a site path to what it produced (a download, the record it made); "" = none
    output_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")

    started_by: Mapped[User | None] = relationship(lazy="joined")

    @property
    def finished(self) -> bool:
        return self.state in (JobState.done, JobState.failed)
