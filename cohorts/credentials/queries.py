"""Reads for the credential pages, eager-loading what the templates show."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.extensions import db
from cohorts.models import Cohort, Enrolment, EnrolmentStatus, IssuedCredential


def _with_context():
    return (joinedload(IssuedCredential.skill), joinedload(IssuedCredential.participant),
            joinedload(IssuedCredential.enrolment).joinedload(Enrolment.cohort))


def my_credentials(participant_id: int) -> list[IssuedCredential]:
    return list(db.session.scalars(
        sa.select(IssuedCredential).where(IssuedCredential.participant_id == participant_id,
                                          IssuedCredential.compact_jwt != "")
        .options(*_with_context()).order_by(IssuedCredential.issued_at.desc(), IssuedCredential.id.desc())))


def my_completions_without_credential(participant_id: int) -> list[Enrolment]:
    """My completed enrolments that have no completion credential yet (the page offers to issue one)."""
    issued = sa.select(IssuedCredential.enrolment_id).where(IssuedCredential.kind == "completion")
    return list(db.session.scalars(
        sa.select(Enrolment).where(Enrolment.participant_id == participant_id,
                                   Enrolment.status == EnrolmentStatus.completed, Enrolment.id.not_in(issued))
        .options(joinedload(Enrolment.cohort))))


def cohort_credentials(cohort_id: int, page: int):
    query = (sa.select(IssuedCredential).join(Enrolment, Enrolment.id == IssuedCredential.enrolment_id)
             .where(Enrolment.cohort_id == cohort_id).options(*_with_context())
             .order_by(IssuedCredential.issued_at.desc(), IssuedCredential.id.desc()))
    return db.paginate(query, page=page, per_page=50, error_out=False)


def cohort_completers(cohort_id: int) -> int:
    return db.session.scalar(sa.select(sa.func.count()).select_from(Enrolment).where(
        Enrolment.cohort_id == cohort_id, Enrolment.status == EnrolmentStatus.completed)) or 0


def by_public_token(token: str) -> IssuedCredential | None:
    return db.session.scalar(sa.select(IssuedCredential).where(IssuedCredential.public_token == token)
                             .options(*_with_context()))



def cohorts_with_completers() -> list:
    """Every cohort with completers: (cohort, completers, credentials issued, revoked), newest first, one query."""
    issued = (sa.select(Enrolment.cohort_id, sa.func.count(IssuedCredential.id).label("issued"),
                        sa.func.count(IssuedCredential.revoked_at).label("revoked"))
              .join(IssuedCredential, IssuedCredential.enrolment_id == Enrolment.id)
              .group_by(Enrolment.cohort_id).subquery())
    completers = (sa.select(Enrolment.cohort_id, sa.func.count().label("completers"))
                  .where(Enrolment.status == EnrolmentStatus.completed).group_by(Enrolment.cohort_id).subquery())
    return list(db.session.execute(
        sa.select(Cohort, completers.c.completers, sa.func.coalesce(issued.c.issued, 0),
                  sa.func.coalesce(issued.c.revoked, 0))
        .join(completers, completers.c.cohort_id == Cohort.id)
        .outerjoin(issued, issued.c.cohort_id == Cohort.id)
        .order_by(Cohort.starts_on.desc(), Cohort.id.desc())))
