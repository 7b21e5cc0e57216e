"""The staff employer page's records: the employer, then its contacts, interviews and hiring needs as
plain rows (the page only reads them), by statements built once per process.

Three queries whatever the employer's size: the employer with its number of portal users, its
relationship manager's name and its contacts (a row per contact: an employer has a handful); its
interviews; its hiring needs with their status changes, and the employer's own status changes.
Rows, not entities, through the session's connection, not the ORM's execution: loading an ORM object
costs several times what a row does, and the ORM's execution of a statement of plain columns adds about
twice what the connection's costs (the page only reads, so nothing needs flushing first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import NamedTuple

from sqlalchemy import CompoundSelect, Select, String, and_, bindparam, cast, func, null, select, union_all
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import AuditEvent, User
from employers.models import (
    Contact,
    DiscoveryInterview,
    Employer,
    EmployerStatus,
    HiringNeed,
    HiringNeedStatus,
    InterviewFormat,
    InterviewStatus,
    SizeBand,
)


class EmployerRow(NamedTuple):
    """The employer's own fields as its staff pages show them."""

    id: int
    name: str
    #: "" when not known, as the other free-text fields
    sector: str
    size_band: SizeBand | None
    region: str
    website: str
    status: EmployerStatus
    notes: str


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
    employer: EmployerRow
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


#: where a row of the employer's select has its contact's columns (all None for an employer without contacts)
_CONTACT_COLUMNS = slice(10, None)


@cache
def _selects() -> tuple[Select, Select, Select]:
    employer_id = bindparam("employer_id")
    owner, interviewer = aliased(User), aliased(User)
    users = select(func.count(User.id)).where(User.employer_id == Employer.id).scalar_subquery()
    employer = (select(Employer.id, Employer.name, Employer.sector, Employer.size_band, Employer.region,
                       Employer.website, Employer.status, Employer.notes, users, _display_name(owner),
                       Contact.id, Contact.name, Contact.email, Contact.phone, Contact.job_title, Contact.is_primary,
                       Contact.archived_at)
                .outerjoin(owner, owner.id == Employer.owner_id).outerjoin(Contact, Contact.employer_id == Employer.id)
                .where(Employer.id == employer_id).order_by(Contact.name, Contact.id))
    interviews = (select(DiscoveryInterview.id, DiscoveryInterview.format, DiscoveryInterview.status,
                         DiscoveryInterview.held_on, DiscoveryInterview.created_at,
                         DiscoveryInterview.questionnaire_submitted_at, _display_name(interviewer))
                  .outerjoin(interviewer, interviewer.id == DiscoveryInterview.interviewer_id)
                  .where(DiscoveryInterview.employer_id == employer_id).order_by(DiscoveryInterview.id.desc()))
    return employer, interviews, _needs_and_changes(employer_id)


#: where a row of the needs' select has its status change's columns (all None for a need never changed)
_CHANGE_COLUMNS = slice(8, None)


def _needs_and_changes(employer_id) -> CompoundSelect:
    """The :employer_id's hiring needs by ref, a row per status change of each (one, its change's columns
    None, for a need never changed), then the employer's own status changes (:employer_key), their need's
    columns None: the status changes of both in the query of the needs."""
    changed = AuditEvent.action == "status_changed"
    # StatusChange's fields, then the id that orders changes made at the same time
    change = (AuditEvent.entity, AuditEvent.entity_id, AuditEvent.at, AuditEvent.actor_label, AuditEvent.changes,
              AuditEvent.id)
    needs = (select(HiringNeed.id, HiringNeed.ref, HiringNeed.role_title, HiringNeed.openings, HiringNeed.needed_by,
                    HiringNeed.status, HiringNeed.submitted_at, HiringNeed.created_at, *change)
             .outerjoin(AuditEvent, and_(changed, AuditEvent.entity == "hiring_need",
                                         AuditEvent.entity_id == cast(HiringNeed.id, String)))
             .where(HiringNeed.employer_id == employer_id))
    employer_changes = (select(*[null()] * _CHANGE_COLUMNS.start, *change)
                        .where(changed, AuditEvent.entity == "employer",
                               AuditEvent.entity_id == bindparam("employer_key")))
    return union_all(needs, employer_changes).order_by(needs.selected_columns.ref)


def employer_records(employer_id: int) -> EmployerRecords | None:
    """The employer and what its staff page lists of it (three queries), or None if there is no such employer."""
    employer_select, interviews_select, needs_select = _selects()
    params = {"employer_id": employer_id}
    execute = db.session.connection().execute
    rows = execute(employer_select, params).all()
    if not rows:
        return None
    found = rows[0]
    contacts = [ContactRow(*row[_CONTACT_COLUMNS]) for row in rows if row[_CONTACT_COLUMNS.start] is not None]
    needs_and_changes = execute(needs_select, {"employer_id": employer_id, "employer_key": str(employer_id)}).all()
    needs = {row[0]: NeedRow(*row[:_CHANGE_COLUMNS.start]) for row in needs_and_changes if row[0] is not None}
    changes = sorted((row[_CHANGE_COLUMNS] for row in needs_and_changes if row[_CHANGE_COLUMNS.start] is not None),
                     key=lambda change: (change[2], change[5]))  # oldest first: by time, then id
    return EmployerRecords(
        employer=EmployerRow(*found[:8]), users_count=found[8], owner_name=found[9],
        contacts=sorted(contacts, key=lambda contact: contact.archived_at is not None),
        interviews=[InterviewRow(*row) for row in execute(interviews_select, params)],
        needs=list(needs.values()), status_changes=[StatusChange(*row[:5]) for row in changes],
    )
