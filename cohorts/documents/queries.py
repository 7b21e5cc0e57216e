"""Read-side queries for documents: a participant's versions, the CV they share."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from cohorts.models import DocumentKind, Enrolment, ParticipantDocument


def my_documents(participant_id: int, kind: DocumentKind = DocumentKind.cv) -> list[ParticipantDocument]:
    """A participant's versions of one kind, newest first (the bytes are not loaded)."""
    return list(db.session.scalars(
        sa.select(ParticipantDocument)
        .where(ParticipantDocument.participant_id == participant_id, ParticipantDocument.kind == kind)
        .order_by(ParticipantDocument.version.desc())
    ))


def shared_cv(participant_id: int) -> ParticipantDocument | None:
    """The CV version the participant chose to share, if any."""
    return db.session.scalar(sa.select(ParticipantDocument).where(
        ParticipantDocument.participant_id == participant_id, ParticipantDocument.shared.is_(True)))


def next_version(participant_id: int, kind: DocumentKind) -> int:
    latest = db.session.scalar(sa.select(sa.func.max(ParticipantDocument.version)).where(
        ParticipantDocument.participant_id == participant_id, ParticipantDocument.kind == kind))
    return (latest or 0) + 1


def participant_documents(participant_id: int) -> list[ParticipantDocument]:
    """Every document of a participant for the staff page: CVs first, then papers by enrolment."""
    return list(db.session.scalars(
        sa.select(ParticipantDocument)
        .options(joinedload(ParticipantDocument.enrolment).joinedload(Enrolment.cohort))
        .where(ParticipantDocument.participant_id == participant_id)
        .order_by(ParticipantDocument.kind, ParticipantDocument.version.desc())
    ))


def participant_enrolments(participant_id: int) -> list[Enrolment]:
    """The enrolments a signed paper may be attached to, with their cohorts."""
    return list(db.session.scalars(
        sa.select(Enrolment).options(joinedload(Enrolment.cohort))
        .where(Enrolment.participant_id == participant_id).order_by(Enrolment.id.desc())
    ))
