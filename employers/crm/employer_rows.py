"""The staff employer page's records: the employer, then its contacts, interviews and hiring needs as
plain rows (the page only reads them), by statements built once per process.

Five queries whatever the employer's size: the employer with its number of portal users and its
relationship manager's name, one query per list, and the status changes of the employer and its needs. Rows, not entities: loading an ORM object
costs several times what a row does, and the page shows ~30 of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import Select, and_, bindparam, func, or_, select
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import AuditEvent, User
from employers.models import (
    Contact,
    DiscoveryInterview,
    Employer,
    HiringNeed,
    HiringNeedStatus,
    InterviewFormat,
    InterviewStatus,
)


class ContactRow(NamedTuple):
    id: int
    name: str
    email: str | None
    phone: str | None
    job_title: str | None
    is_primary: bool
    archived_at: datetime | None


class InterviewRow(NamedTuple):
    id: int
    format: InterviewFormat
    status: InterviewStatus
    held_on: date | None
    created_at: datetime
    questionnaire_submitted_at: datetime | None
    #: the interviewer's display name; None for a questionnaire the employer answered in the portal
    interviewer_name: str | None


class NeedRow(NamedTuple):
    id: int
    ref: str
    role_title: str
    openings: int
    needed_by: date | None
    status: HiringNeedStatus
    submitted_at: datetime | None
    created_at: datetime


class StatusChange(NamedTuple):
    """An audited status change of the employer or of one of its hiring needs."""

    entity: str
    entity_id: str
    at: datetime
    actor_label: str
    changes: dict


@dataclass(frozen=True)
class EmployerRecords:
    employer: Employer
    users_count: int
    #: the relationship manager's display name; None when nobody manages the employer
    owner_name: str | None
    #: by name, current contacts first
    contacts: list[ContactRow]
    #: newest first
    interviews: list[InterviewRow]
    #: by ref
    needs: list[NeedRow]
    #: the employer's and its needs' status changes, oldest first
    status_changes: list[StatusChange]


def _display_name(user) -> object:
    """User.display_name in SQL: the full name, or the email when there is none."""
    return func.coalesce(func.nullif(user.full_name, ""), user.email)


@cache
def _selects() -> tuple[Select, Select, Select, Select]:
    employer_id = bindparam("employer_id")
    owner, interviewer = aliased(User), aliased(User)
    users = select(func.count(User.id)).where(User.employer_id == Employer.id).scalar_subquery()
    employer = (select(Employer, users, _display_name(owner)).outerjoin(owner, owner.id == Employer.owner_id)
                .where(Employer.id == employer_id))
    contacts = (select(Contact.id, Contact.name, Contact.email, Contact.phone, Contact.job_title, Contact.is_primary,
                       Contact.archived_at)
                .where(Contact.employer_id == employer_id).order_by(Contact.name, Contact.id))
    interviews = (select(DiscoveryInterview.id, DiscoveryInterview.format, DiscoveryInterview.status,
                         DiscoveryInterview.held_on, DiscoveryInterview.created_at,
                         DiscoveryInterview.questionnaire_submitted_at, _display_name(interviewer))
                  .outerjoin(interviewer, interviewer.id == DiscoveryInterview.interviewer_id)
                  .where(DiscoveryInterview.employer_id == employer_id).order_by(DiscoveryInterview.id.desc()))
    needs = (select(HiringNeed.id, HiringNeed.ref, HiringNeed.role_title, HiringNeed.openings, HiringNeed.needed_by,
                    HiringNeed.status, HiringNeed.submitted_at, HiringNeed.created_at)
             .where(HiringNeed.employer_id == employer_id).order_by(HiringNeed.ref))
    return employer, contacts, interviews, needs


@cache
def _status_changes_select() -> Select:
    """Status changes of the :employer_key employer and of the :need_keys hiring needs, oldest first."""
    return (select(AuditEvent.entity, AuditEvent.entity_id, AuditEvent.at, AuditEvent.actor_label, AuditEvent.changes)
            .where(AuditEvent.action == "status_changed",
                   or_(and_(AuditEvent.entity == "employer", AuditEvent.entity_id == bindparam("employer_key")),
                       and_(AuditEvent.entity == "hiring_need",
                            AuditEvent.entity_id.in_(bindparam("need_keys", expanding=True)))))
            .order_by(AuditEvent.at, AuditEvent.id))


def employer_records(employer_id: int) -> EmployerRecords | None:
    """The employer and what its staff page lists of it (five queries), or None if there is no such employer."""
    employer_select, contacts_select, interviews_select, needs_select = _selects()
    params = {"employer_id": employer_id}
    found = db.session.execute(employer_select, params).first()
    if found is None:
        return None
    contacts = [ContactRow(*row) for row in db.session.execute(contacts_select, params)]
    needs = [NeedRow(*row) for row in db.session.execute(needs_select, params)]
    changes = db.session.execute(_status_changes_select(),
                                 {"employer_key": str(employer_id), "need_keys": [str(n.id) for n in needs]})
    return EmployerRecords(
        employer=found[0], users_count=found[1], owner_name=found[2],
        contacts=sorted(contacts, key=lambda contact: contact.archived_at is not None),
        interviews=[InterviewRow(*row) for row in db.session.execute(interviews_select, params)],
        needs=needs, status_changes=[StatusChange(*row) for row in changes],
    )
