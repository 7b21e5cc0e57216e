"""Documents a participant hands the programme: CV versions, and signed enrolment papers."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, UTCDateTime, enum_column, utcnow
from cohorts.models.participants import Enrolment, Participant


class DocumentKind(StrEnum):
    cv = "cv"
    learning_agreement = "learning_agreement"
    consent = "consent"


class ParticipantDocument(Base):
    """One uploaded file, kept in the database so every server reads it; never swept (not an Upload)."""

    __tablename__ = "participant_documents"
    __repr_attr__ = "filename"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "kind", "version"),
        sa.CheckConstraint("size > 0", name="size_positive"),
        sa.CheckConstraint("version >= 1", name="version_positive"),
        sa.CheckConstraint("kind = 'cv' OR NOT shared", name="only_cvs_shared"),
        #: a CV belongs to the person, a signed paper to one of their enrolments
        sa.CheckConstraint("(kind = 'cv') = (enrolment_id IS NULL)", name="papers_on_enrolments"),
        #: at most one shared CV per participant: the version an introduction hands the employer
        sa.Index("uq_participant_documents_shared_cv", "participant_id", unique=True,
                 sqlite_where=sa.text("shared"), postgresql_where=sa.text("shared")),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: whose document it is; deleted with the person (CASCADE, and erasure deletes them outright)
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: cv, learning_agreement or consent
    kind: Mapped[DocumentKind] = mapped_column(enum_column(DocumentKind, "document_kind"))
    #: the enrolment a signed agreement or consent belongs to; NULL for a CV
    enrolment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("enrolments.id", ondelete="CASCADE"), index=True
    )
    #: 1, 2, 3… per participant and kind, in upload order (unique key)
    version: Mapped[int]
    #: the client's file name, shown and offered as the download name only (never a path)
    filename: Mapped[str] = mapped_column(sa.String(255))
    #: the MIME type found by reading the content (PDF or DOCX), not the one the browser sent
    content_type: Mapped[str] = mapped_column(sa.String(100))
    #: bytes; at most DOCUMENT_MAX_BYTES when uploaded
    size: Mapped[int]
    #: the file itself (bytea on PostgreSQL); deferred: lists never load it
    data: Mapped[bytes] = mapped_column(sa.LargeBinary, deferred=True)
    #: the CV version the participant chose to share; the next introduction snapshots it
    shared: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: when it was uploaded (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    participant: Mapped[Participant] = relationship()
    enrolment: Mapped[Enrolment | None] = relationship()

    @property
    def extension(self) -> str:
        return "pdf" if self.content_type == "application/pdf" else "docx"
