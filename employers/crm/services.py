"""CRM operations: log an activity, plan and close follow-ups, name an owner, edit and archive contacts.

Each enforces its rule, records an audit event, flushes and never commits: the route commits once.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from app.audit import changed_fields, record_audit
from app.dates import local_today
from app.db import flush_unique, utcnow
from app.extensions import db
from app.models import STAFF_ROLES, User
from employers.crm.models import Activity, ActivityKind, FollowUp
from employers.models import Contact, Employer
from employers.services import ServiceError

CONTACT_FIELDS = ("name", "email", "phone", "job_title", "is_primary")
#: an activity may be logged this far ahead (a meeting booked for tomorrow is a follow-up instead)
FUTURE_SLACK = timedelta(hours=1)


def _check_staff(user: User | None, field: str) -> None:
    if user is not None and (user.role not in STAFF_ROLES or not user.active):
        raise ServiceError("Choose an active member of staff.", field)


def _check_contact(employer: Employer, contact: Contact | None) -> None:
    if contact is not None and contact.employer_id != employer.id:
        raise ServiceError(f"That person is not a contact of {employer.name}.", "contact_id")


def log_activity(employer: Employer, actor: User, *, kind: ActivityKind | str, occurred_at: datetime,
                 notes: str = "", contact: Contact | None = None) -> Activity:
    """Record a call, email, meeting, event or note with the employer (and maybe one of its contacts)."""
    _check_contact(employer, contact)
    if occurred_at.tzinfo is None:
        raise ServiceError("The time needs a time zone.", "occurred_at")
    if occurred_at > utcnow() + FUTURE_SLACK:
        raise ServiceError("An activity is logged once it has happened: plan a follow-up instead.", "occurred_at")
    activity = Activity(employer=employer, contact=contact, kind=ActivityKind(kind), occurred_at=occurred_at,
                        notes=(notes or "").strip(), staff=actor)
    db.session.add(activity)
    db.session.flush()
    record_audit(actor, "employer_activity", activity.id, "logged",
                 {"employer_id": employer.id, "kind": activity.kind, "contact_id": contact.id if contact else None})
    return activity


def plan_follow_up(employer: Employer, actor: User, *, due_on: date, text: str, owner: User | None = None,
                   today: date | None = None) -> FollowUp:
    """Plan something to do with the employer by a day; the owner defaults to the one planning it."""
    owner = owner or actor
    _check_staff(owner, "owner_id")
    text = (text or "").strip()
    if not text:
        raise ServiceError("Say what is to be done.", "text")
    if due_on < (today or local_today()):
        raise ServiceError("The due date has passed: choose today or a later day.", "due_on")
    follow_up = FollowUp(employer=employer, owner=owner, due_on=due_on, text=text[:500])
    db.session.add(follow_up)
    db.session.flush()
    record_audit(actor, "employer_follow_up", follow_up.id, "planned",
                 {"employer_id": employer.id, "owner_id": owner.id, "due_on": due_on})
    return follow_up


def complete_follow_up(follow_up: FollowUp, actor: User) -> FollowUp:
    """Mark a follow-up done (once)."""
    if follow_up.done_at is not None:
        raise ServiceError("That follow-up is already done.")
    follow_up.done_at = utcnow()
    db.session.flush()
    record_audit(actor, "employer_follow_up", follow_up.id, "done", {"done_at": [None, follow_up.done_at]})
    return follow_up


def assign_owner(employer: Employer, owner: User | None, actor: User) -> Employer:
    """Name the staff user who manages the relationship (None: nobody)."""
    _check_staff(owner, "owner_id")
    old = employer.owner_id
    new = owner.id if owner else None
    if old != new:
        employer.owner = owner
        db.session.flush()
        record_audit(actor, "employer", employer.id, "owner_changed", {"owner_id": [old, new]})
    return employer


def update_contact(contact: Contact, actor: User, *, name: str, email: str = "", phone: str = "",
                   job_title: str = "", is_primary: bool = False) -> Contact:
    """Change a contact's details; the email stays unique per employer, one primary contact at most."""
    email = (email or "").strip().lower()
    if not (name or "").strip():
        raise ServiceError("Enter the contact's name.", "name")
    employer = contact.employer
    if any(c.email == email and c.id != contact.id for c in employer.contacts):
        raise ServiceError(f"{email} is already a contact of {employer.name}." if email else
                           f"{employer.name} already has a contact without an email address.", "email")
    values = {"name": name.strip(), "email": email, "phone": phone or "", "job_title": job_title or "",
              "is_primary": bool(is_primary)}
    with flush_unique(db.session, ServiceError(f"{employer.name} already has a contact with that email.", "email")):
        if is_primary:
            for other in employer.contacts:
                if other is not contact:
                    other.is_primary = False
        for name_, value in values.items():
            setattr(contact, name_, value)
        changes = changed_fields(contact)
    if changes:
        record_audit(actor, "contact", contact.id, "updated", changes)
    return contact


def archive_contact(contact: Contact, actor: User) -> Contact:
    """Hide a contact who has left (their activities keep their name); a primary one stops being primary."""
    if contact.archived_at is not None:
        raise ServiceError(f"{contact.name} is already archived.")
    contact.archived_at = utcnow()
    contact.is_primary = False
    db.session.flush()
    record_audit(actor, "contact", contact.id, "archived", {"archived_at": [None, contact.archived_at]})
    return contact


def unarchive_contact(contact: Contact, actor: User) -> Contact:
    if contact.archived_at is None:
        raise ServiceError(f"{contact.name} is not archived.")
    old, contact.archived_at = contact.archived_at, None
    db.session.flush()
    record_audit(actor, "contact", contact.id, "unarchived", {"archived_at": [old, None]})
    return contact
