"""Scheduling a cohort's sessions: single or weekly, inside the cohort's dates, clashes warned.

Every change to a session bumps its iCalendar ``sequence`` so subscribed calendars update the
event they already have (same UID) instead of adding a second one.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import joinedload

from app.dates import at_local_time, to_local
from app.extensions import db
from app.models import User
from cohorts import notices
from cohorts.errors import CohortRuleError
from cohorts.models import Attendance, Cohort, CohortSession, Module, SessionKind
from employers.models import Employer

#: a session without an end time blocks this long when looking for clashes
DEFAULT_LENGTH = timedelta(hours=1)
SESSION_FIELDS = ("title", "kind", "starts_at", "ends_at", "location", "employer", "facilitator",
                  "module", "description")


@dataclass(frozen=True)
class SessionPlan:
    """What a session will be; validated before anything is written."""

    title: str
    kind: SessionKind
    starts_at: datetime
    ends_at: datetime | None = None
    location: str = ""
    employer: Employer | None = None
    facilitator: User | None = None
    module: Module | None = None
    description: str = ""


def _local_day(value: datetime, cohort: Cohort) -> date:
    """The date an instant falls on where the cohort runs."""
    return to_local(value, cohort.time_zone).date()


def sessions_outside(cohort: Cohort, starts_on: date | None, ends_on: date | None) -> list[CohortSession]:
    """Existing sessions that would fall outside these cohort dates."""
    if cohort.id is None or not starts_on or not ends_on:
        return []
    return [
        s for s in cohort.sessions
        if _local_day(s.starts_at, cohort) < starts_on or _local_day(s.ends_at or s.starts_at, cohort) > ends_on
    ]


def _check(cohort: Cohort, plan: SessionPlan) -> None:
    if not plan.title.strip():
        raise CohortRuleError("A session needs a title.")
    if plan.starts_at.tzinfo is None or (plan.ends_at and plan.ends_at.tzinfo is None):
        raise ValueError("session times must be timezone-aware")
    if plan.ends_at is not None and plan.ends_at <= plan.starts_at:
        raise CohortRuleError("A session must end after it starts.")
    first, last = _local_day(plan.starts_at, cohort), _local_day(plan.ends_at or plan.starts_at, cohort)
    if not cohort.starts_on <= first <= cohort.ends_on:
        raise CohortRuleError(
            f"{first:%-d %b %Y} is outside the cohort's dates "
            f"({cohort.starts_on:%-d %b %Y} – {cohort.ends_on:%-d %b %Y})."
        )
    if last > cohort.ends_on:
        raise CohortRuleError(f"The session would end after the cohort does ({cohort.ends_on:%-d %b %Y}).")
    if plan.kind == SessionKind.employer_session and plan.employer is None:
        raise CohortRuleError("An employer session needs its co-delivering employer.")
    if plan.employer is not None and plan.employer.id not in {m.employer_id for m in cohort.consortium}:
        raise CohortRuleError(f"{plan.employer.name} is not in this cohort's hiring consortium.")
    if plan.module is not None and plan.module.cohort_id != cohort.id:
        raise CohortRuleError("That module belongs to another cohort.")


def next_refs(cohort: Cohort, count: int) -> list[str]:
    """'<COHORT>-S01', '<COHORT>-S02' … continuing after the highest ref already used."""
    prefix = f"{cohort.code}-S"
    used = db.session.scalars(select(CohortSession.ref).where(CohortSession.ref.startswith(prefix))).all()
    numbers = [int(ref[len(prefix):]) for ref in used if ref[len(prefix):].isdigit()]
    start = max(numbers, default=0) + 1
    return [f"{prefix}{n:02d}" for n in range(start, start + count)]


def _build(cohort: Cohort, plan: SessionPlan, ref: str, series_id: str | None) -> CohortSession:
    session = CohortSession(
        ref=ref, title=plan.title.strip(), kind=plan.kind, starts_at=plan.starts_at, ends_at=plan.ends_at,
        location=plan.location.strip(), employer=plan.employer, facilitator=plan.facilitator,
        module=plan.module, description=plan.description.strip(), series_id=series_id,
    )
    cohort.sessions.append(session)
    return session


def schedule_session(cohort: Cohort, plan: SessionPlan) -> CohortSession:
    _check(cohort, plan)
    session = _build(cohort, plan, next_refs(cohort, 1)[0], None)
    db.session.flush()
    return session


def schedule_weekly_sessions(cohort: Cohort, plan: SessionPlan, weeks: int) -> list[CohortSession]:
    """The same session every week for ``weeks`` weeks from plan.starts_at; all or nothing.

    Weeks are added to the wall-clock time where the cohort runs, so a series that crosses a
    daylight-saving change stays at 09:30 local (its UTC instant moves by the hour instead).
    """
    if not 1 <= weeks <= 52:
        raise CohortRuleError("A weekly series runs for 1 to 52 weeks.")
    starts_at, ends_at = to_local(plan.starts_at, cohort.time_zone), to_local(plan.ends_at, cohort.time_zone)
    plans = [
        SessionPlan(**{
            **plan.__dict__,
            "starts_at": at_local_time(starts_at.date() + timedelta(weeks=i), starts_at.timetz().replace(tzinfo=None),
                                       cohort.time_zone),
            "ends_at": at_local_time(ends_at.date() + timedelta(weeks=i), ends_at.timetz().replace(tzinfo=None),
                                     cohort.time_zone) if ends_at else None,
        })
        for i in range(weeks)
    ]
    for each in plans:
        _check(cohort, each)
    series_id = uuid.uuid4().hex[:16]
    sessions = [
        _build(cohort, each, ref, series_id) for each, ref in zip(plans, next_refs(cohort, weeks), strict=True)
    ]
    db.session.flush()
    return sessions


def update_session(session: CohortSession, plan: SessionPlan) -> CohortSession:
    """Change a session; a real change bumps its sequence (calendars then update the event)."""
    _check(session.cohort, plan)
    changed = False
    for key in SESSION_FIELDS:
        value = getattr(plan, key)
        value = value.strip() if isinstance(value, str) else value
        if getattr(session, key) != value:
            setattr(session, key, value)
            changed = True
    if changed:
        session.sequence += 1
        notices.session_changed(session)
    db.session.flush()
    return session


def cancel_session(session: CohortSession) -> None:
    """Remove a session from the schedule (and so from every feed); not once attendance is taken."""
    if db.session.scalar(select(exists().where(Attendance.session_id == session.id))):
        raise CohortRuleError("Attendance was recorded for this session: it cannot be cancelled.")
    notices.session_changed(session, cancelled=True)
    session.cohort.sessions.remove(session)
    db.session.flush()


def find_clashes(session: CohortSession) -> list[str]:
    """Warnings (not errors): overlaps in the cohort, for the facilitator, for the employer."""
    start, end = session.starts_at, session.ends_at or session.starts_at + DEFAULT_LENGTH
    conditions = [CohortSession.cohort_id == session.cohort_id]
    if session.facilitator_id:
        conditions.append(CohortSession.facilitator_id == session.facilitator_id)
    if session.employer_id:
        conditions.append(CohortSession.employer_id == session.employer_id)
    candidates = db.session.scalars(
        select(CohortSession)
        .options(joinedload(CohortSession.cohort), joinedload(CohortSession.employer),
                 joinedload(CohortSession.facilitator))
        .where(
            CohortSession.id != session.id,
            CohortSession.starts_at < end,
            CohortSession.starts_at > start - timedelta(days=1),
            or_(*conditions),
        )
        .order_by(CohortSession.starts_at)
    ).all()
    warnings = []
    for other in candidates:
        if (other.ends_at or other.starts_at + DEFAULT_LENGTH) <= start:
            continue
        when = f"{to_local(other.starts_at, session.cohort.time_zone):%-d %b %H:%M %Z}"
        if other.cohort_id == session.cohort_id:
            warnings.append(f"Overlaps {other.ref} “{other.title}” ({when}) in this cohort.")
            continue
        if session.facilitator_id and other.facilitator_id == session.facilitator_id:
            warnings.append(
                f"{other.facilitator.display_name} also facilitates {other.ref} ({other.cohort.code}, {when})."
            )
        if session.employer_id and other.employer_id == session.employer_id:
            warnings.append(f"{other.employer.name} also co-delivers {other.ref} ({other.cohort.code}, {when}).")
    return warnings
