"""CRM reads: an employer's activities and follow-ups, a user's follow-ups, the employer-list filters."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import NamedTuple

import pandas as pd
from sqlalchemy import Select, bindparam, exists, func, select
from sqlalchemy.orm import aliased, joinedload

from app.dates import local_today, to_local
from app.db import utcnow
from app.extensions import db
from app.models import STAFF_ROLES, User
from app.reporting import rows_frame
from employers.crm.models import Activity, ActivityKind, FollowUp
from employers.models import Contact, Employer

#: "no contact in 60 days": no activity logged with the employer in this many days
QUIET_DAYS = 60
#: the staff home lists open follow-ups due within this many days (and every overdue one)
DUE_SOON_DAYS = 7
#: the owner filter's value for employers nobody manages
NO_OWNER = "none"
#: the employer page shows this many of the latest activities; "All activities" pages through the rest
RECENT_ACTIVITIES = 10


@cache
def _staff_select() -> Select:
    return (select(User.id, User.full_name, User.email).where(User.role.in_(STAFF_ROLES), User.active)
            .order_by(func.lower(func.coalesce(func.nullif(User.full_name, ""), User.email))))


def staff_choices() -> list[tuple[str, str]]:
    """(id, name) of every active staff user, by name: the owner drop-downs (one query)."""
    return [(str(i), name or email) for i, name, email in db.session.execute(_staff_select())]


def filter_employers(query: Select, *, owner: str | None = None, quiet: bool = False) -> Select:
    """The employers list's CRM filters: by owner ("none" = unowned) and "no contact in 60 days"."""
    if owner == NO_OWNER:
        query = query.where(Employer.owner_id.is_(None))
    elif owner and owner.isdigit():
        query = query.where(Employer.owner_id == int(owner))
    if quiet:
        cutoff = utcnow() - timedelta(days=QUIET_DAYS)
        query = query.where(~exists().where(Activity.employer_id == Employer.id, Activity.occurred_at >= cutoff))
    return query


#: the employer page's timeline shows this many of the latest events; "All activity" pages through the rest
RECENT_EVENTS = 10


class ActivityRow(NamedTuple):
    """An activity as the employer page and its timeline show it."""

    occurred_at: datetime
    kind: ActivityKind
    notes: str
    contact_name: str | None
    staff_name: str | None


@cache
def _employer_page_selects() -> tuple[Select, Select, Select]:
    """An :employer_id's activities as rows, newest first, each with how many there are in all (:limit of
    them, then all of them), and its open follow-ups as rows; built once per process: building a statement and its
    cache key cost about what running it does."""
    employer_id = bindparam("employer_id")
    staff = aliased(User)
    activities = (select(Activity.occurred_at, Activity.kind, Activity.notes, Contact.name,
                         func.coalesce(func.nullif(staff.full_name, ""), staff.email), func.count().over())
                  .outerjoin(Contact, Contact.id == Activity.contact_id).outerjoin(staff, staff.id == Activity.staff_id)
                  .where(Activity.employer_id == employer_id).order_by(Activity.occurred_at.desc(), Activity.id.desc()))
    owner = aliased(User)
    follow_ups = (select(FollowUp.id, FollowUp.due_on, FollowUp.text,
                         func.coalesce(func.nullif(owner.full_name, ""), owner.email))
                  .outerjoin(owner, owner.id == FollowUp.owner_id)
                  .where(FollowUp.employer_id == employer_id, FollowUp.done_at.is_(None))
                  .order_by(FollowUp.due_on, FollowUp.id))
    return activities.limit(bindparam("limit")), activities, follow_ups


def activity_rows(employer_id: int, limit: int | None = RECENT_ACTIVITIES) -> tuple[list[ActivityRow], int]:
    """The employer's latest ``limit`` activities (None: all), newest first, with their contact's and staff
    user's names, and how many it has in all (one query, LIMIT limit: the page never loads the whole
    history)."""
    latest, every, _ = _employer_page_selects()
    stmt, params = (every, {"employer_id": employer_id}) if limit is None \
        else (latest, {"employer_id": employer_id, "limit": limit})
    rows = db.session.connection().execute(stmt, params).all()  # rows, without the ORM's execution
    return [ActivityRow(*row[:5]) for row in rows], rows[0][5] if rows else 0


class OpenFollowUpRow(NamedTuple):
    """A follow-up not done yet, as the employer page shows it."""

    id: int
    due_on: date
    text: str
    #: the owner's display name; None when nobody owns it
    owner_name: str | None

    def is_overdue(self, today: date) -> bool:
        return self.due_on < today


def open_follow_ups(employer_id: int) -> list[OpenFollowUpRow]:
    """The employer's follow-ups not done yet, soonest due first, with their owner's name (one query)."""
    return [OpenFollowUpRow(*row) for row in db.session.connection().execute(_employer_page_selects()[2],
                                                                              {"employer_id": employer_id})]


def _my_follow_ups(owner_id: int, until: date | None = None) -> Select:
    query = select(FollowUp).where(FollowUp.owner_id == owner_id, FollowUp.done_at.is_(None))
    if until is not None:
        query = query.where(FollowUp.due_on <= until)
    return query.order_by(FollowUp.due_on, FollowUp.id)


def my_follow_ups_page(owner_id: int, page: int = 1, per_page: int | None = None):
    """A page of the user's open follow-ups, overdue first then by due day, with their employers."""
    return db.paginate(_my_follow_ups(owner_id).options(joinedload(FollowUp.employer)),
                       page=page, per_page=per_page, error_out=False)


def due_follow_ups(owner_id: int, limit: int = 5) -> list[FollowUp]:
    """The staff home's short list: the user's overdue follow-ups and those due within a week."""
    until = local_today() + timedelta(days=DUE_SOON_DAYS)
    return list(db.session.scalars(_my_follow_ups(owner_id, until).options(joinedload(FollowUp.employer))
                                   .limit(limit)))


def follow_ups_frame(owner_id: int) -> pd.DataFrame:
    """The user's open follow-ups as a table, for CSV/XLSX download (one query)."""
    query = _my_follow_ups(owner_id).join(FollowUp.employer).with_only_columns(
        FollowUp.due_on, Employer.name, FollowUp.text, FollowUp.created_at)
    rows = [(due, name, text, _local(planned)) for due, name, text, planned in db.session.execute(query)]
    return rows_frame(rows, ["due_on", "employer", "text", "planned_at"])


def _local(moment: datetime | None) -> datetime | None:
    """A stored UTC instant as the programme's wall-clock time, zone dropped (spreadsheets hold none)."""
    return to_local(moment).replace(tzinfo=None) if moment else None


def _activities(employer_id: int | None = None, kind: str | None = None) -> Select:
    query = select(Activity)
    if employer_id:
        query = query.where(Activity.employer_id == employer_id)
    if kind:
        query = query.where(Activity.kind == kind)
    return query.order_by(Activity.occurred_at.desc(), Activity.id.desc())


def activities_page(page: int = 1, per_page: int | None = None, **filters):
    """A page of activities, newest first, with employer, contact and staff user (one query + count)."""
    query = _activities(**filters).options(
        joinedload(Activity.employer), joinedload(Activity.contact), joinedload(Activity.staff))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def activities_frame(**filters) -> pd.DataFrame:
    """The filtered activities as a table, for CSV/XLSX download (one query)."""
    query = (_activities(**filters).join(Activity.employer).outerjoin(Activity.contact)
             .outerjoin(User, User.id == Activity.staff_id)
             .with_only_columns(Activity.occurred_at, Employer.name, Activity.kind, Contact.name, User.email,
                                Activity.notes))
    rows = [(_local(row[0]), *row[1:]) for row in db.session.execute(query)]
    return rows_frame(rows, ["occurred_at", "employer", "kind", "contact", "staff", "notes"])
