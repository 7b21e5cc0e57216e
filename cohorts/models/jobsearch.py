"""A participant's own job search beyond the programme's demand: postings they saved, and how each application went."""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from cohorts.models.participants import Participant
from cohorts.models.placements import Placement
from employers.jobs.models import JobPosting


class ApplicationStage(StrEnum):
    saved = "saved"
    applied = "applied"
    interviewing = "interviewing"
    offer = "offer"
    hired = "hired"
    unsuccessful = "unsuccessful"
    withdrawn = "withdrawn"


class SavedPosting(TimestampMixin, Base):
    """A posting a participant saved, and their application to it (tracked by them, seen by their coach)."""

    __tablename__ = "saved_postings"
    __repr_attr__ = "stage"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "posting_id"),
        #: the caseload's stalled-application alert: open applications by when they last moved
        sa.Index("ix_saved_postings_stage_changed", "stage", "stage_changed_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose search it is; saved postings go with the person
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: the posting saved; kept while saved even once it expires
    posting_id: Mapped[int] = mapped_column(sa.ForeignKey("job_postings.id", ondelete="CASCADE"), index=True)
    #: saved → applied → interviewing → offer → hired | unsuccessful | withdrawn
    stage: Mapped[ApplicationStage] = mapped_column(
        enum_column(ApplicationStage, "application_stage"), default=ApplicationStage.saved
    )
    #: the day they applied (their word); NULL until they apply
    applied_on: Mapped[date | None]
    #: when the stage last changed (UTC): an open application that has not moved raises a caseload alert
    stage_changed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the participant's own notes on the outcome ("no reply", "second interview Tuesday"); blanked on erasure
    notes: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the placement recorded from a hire here; NULL until then
    placement_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("placements.id", ondelete="SET NULL"), unique=True
    )

    participant: Mapped[Participant] = relationship()
    posting: Mapped[JobPosting] = relationship()
    placement: Mapped[Placement | None] = relationship()
