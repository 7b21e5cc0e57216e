"""Attendance: who may be marked for a session, saving a whole register, attendance rates."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from functools import cache
from typing import NamedTuple

from sqlalchemy import and_, bindparam, case, func, or_, select

from app.audit import record_audit
from app.dates import to_local
from app.db import in_list
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.models import Attendance, AttendanceStatus, CohortSession, Enrolment, EnrolmentStatus, Participant
from cohorts.models.outcome_stamp import hold_stamp

#: enrolments counted as starters by docs/OUTCOMES.md
STARTER_STATUSES = (EnrolmentStatus.enrolled, EnrolmentStatus.completed, EnrolmentStatus.withdrawn)
ATTENDED = (AttendanceStatus.present, AttendanceStatus.late)


def session_date(session: CohortSession) -> date:
    """A session's date is the calendar date of its start (docs/OUTCOMES.md)."""
    return session.starts_at.astimezone(UTC).date()


def end_of_day(day: date) -> datetime:
    """The first instant after ``day``: sessions 'on or before day' start before it."""
    return datetime.combine(day + timedelta(days=1), time.min, tzinfo=UTC)


def roster_condition(session: CohortSession):
    """Enrolments that may be marked for the session: enrolled or completed, or withdrawn after it."""
    return _roster_condition(session.cohort_id, session_date(session))


def _roster_condition(cohort_id, on):
    return and_(
        Enrolment.cohort_id == cohort_id,
        or_(
            Enrolment.status.in_([EnrolmentStatus.enrolled, EnrolmentStatus.completed]),
            and_(Enrolment.status == EnrolmentStatus.withdrawn, Enrolment.exited_on >= on),
        ),
    )


class RosterPerson(NamedTuple):
    """A person on a register as plain columns: a national cohort's 170 Participant objects took ~1 ms to load."""

    id: int
    first_name: str
    last_name: str
    email: str

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


@cache
def _roster_select():
    """The register of :cohort_id's session on :on, by name; built once per process."""
    return (
        select(Participant.id, Participant.first_name, Participant.last_name, Participant.email)
        .join(Enrolment, Enrolment.participant_id == Participant.id)
        .where(_roster_condition(bindparam("cohort_id"), bindparam("on")))
        .order_by(Participant.last_name, Participant.first_name, Participant.id)
    )


def session_roster(session: CohortSession) -> list[RosterPerson]:
    """The participants on the session's register, by name (their names and emails: what the register shows)."""
    rows = db.session.execute(_roster_select(), {"cohort_id": session.cohort_id, "on": session_date(session)})
    return [RosterPerson(*row) for row in rows]


def _status(value: AttendanceStatus | str) -> AttendanceStatus:
    try:
        return AttendanceStatus(value)
    except ValueError:
        raise CohortRuleError(f"“{value}” is not an attendance status (present, late, absent or excused).") from None


def require_started(session: CohortSession, now: datetime | None = None) -> None:
    """A register is taken once the session has started: nobody attended next week's session yet."""
    if session.starts_at > (now or datetime.now(UTC)):
        starts = to_local(session.starts_at, session.cohort.time_zone)
        raise CohortRuleError(
            f"This session starts on {starts:%A %-d %B %Y at %H:%M %Z}: its register opens then, "
            "so nothing was saved.")


def record_attendance(
    session: CohortSession, marks: Mapping[int, AttendanceStatus | str], actor: User | None,
    now: datetime | None = None,
) -> dict[str, int]:
    """Save a session's register in one step; corrections go to the audit trail.

    CohortRuleError as a whole, with nothing written, if the session has not started yet or any
    participant is not on the register.
    """
    require_started(session, now)
    wanted = {int(pid): _status(status) for pid, status in marks.items()}
    if not wanted:
        return {"created": 0, "corrected": 0, "unchanged": 0}
    allowed = set(db.session.scalars(
        select(Enrolment.participant_id).where(
            roster_condition(session), Enrolment.participant_id.in_(wanted)
        )
    ))
    strangers = sorted(set(wanted) - allowed)
    if strangers:
        names = db.session.scalars(
            select(Participant).where(Participant.id.in_(strangers)).order_by(Participant.id)
        ).all()
        known = {p.id: p.full_name for p in names}
        who = ", ".join(known.get(pid, f"participant #{pid}") for pid in strangers)
        raise CohortRuleError(
            f"Nothing was saved: {who} {'is' if len(strangers) == 1 else 'are'} not enrolled in "
            f"{session.cohort.code}, so cannot be marked for this session."
        )
    # one register save at a time per session (a row lock; SQLite serialises writes anyway): two
    # saves inserting the same marks in different orders deadlocked on PostgreSQL. The outcomes stamp's
    # lock first, as the triggers take it before any row (a reschedule of this session does)
    hold_stamp(db.session)
    db.session.execute(select(CohortSession.id).where(CohortSession.id == session.id).with_for_update())
    existing = {
        row.participant_id: row
        for row in db.session.scalars(
            select(Attendance).where(
                Attendance.session_id == session.id, Attendance.participant_id.in_(wanted)
            )
        )
    }
    counts = {"created": 0, "corrected": 0, "unchanged": 0}
    for pid, status in wanted.items():
        row = existing.get(pid)
        if row is None:
            db.session.add(Attendance(
                session_id=session.id, participant_id=pid, status=status,
                recorded_by_id=actor.id if actor else None,
            ))
            counts["created"] += 1
        elif row.status != status:
            record_audit(actor, "attendance", f"{session.id}:{pid}", "corrected",
                         {"status": [row.status, status]})
            row.status = status
            row.recorded_by_id = actor.id if actor else None
            counts["corrected"] += 1
        else:
            counts["unchanged"] += 1
    db.session.flush()
    return counts


def _rate(attended: int, counted: int) -> float | None:
    """The exact fraction rounded half to even at 4 places; None when nothing counts."""
    return float(round(Fraction(attended, counted), 4)) if counted else None


@cache
def _rate_select(by_participant: bool, filters: tuple[str, ...]):
    """Attended and counted marks per cohort (and participant) before :end, for :participant_ids
    and/or :cohort_ids as ``filters`` name them; built once per process for each shape."""
    group_by = (CohortSession.cohort_id, Attendance.participant_id) if by_participant else (CohortSession.cohort_id,)
    attended = func.sum(case((Attendance.status.in_(ATTENDED), 1), else_=0))
    stmt = (
        select(*group_by, attended, func.count())
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .join(Enrolment, and_(
            Enrolment.participant_id == Attendance.participant_id,
            Enrolment.cohort_id == CohortSession.cohort_id,
        ))
        .where(
            Enrolment.status.in_(STARTER_STATUSES),
            Enrolment.enrolled_on.is_not(None),
            Enrolment.exclusion_reason.is_(None),
            CohortSession.starts_at < bindparam("end"),
            Attendance.status != AttendanceStatus.excused,
        )
        .group_by(*group_by)
    )
    if "participant_ids" in filters:
        stmt = stmt.where(in_list(Attendance.participant_id, "participant_ids"))
    if "cohort_ids" in filters:
        stmt = stmt.where(in_list(CohortSession.cohort_id, "cohort_ids"))
    return stmt


def participant_attendance_rates(
    as_of: date, *, participant_ids: Iterable[int] | None = None, cohort_ids: Iterable[int] | None = None
) -> dict[tuple[int, int], float | None]:
    """{(cohort id, participant id): rate} by the rules of docs/OUTCOMES.md, in one GROUP BY."""
    params = {name: list(ids) for name, ids in (("participant_ids", participant_ids), ("cohort_ids", cohort_ids))
              if ids is not None}
    stmt = _rate_select(True, tuple(params))
    return {(cid, pid): _rate(attended or 0, counted)
            for cid, pid, attended, counted in db.session.execute(stmt, {"end": end_of_day(as_of), **params})}


@cache
def _marks_select():
    """Every mark of :participant_id with its session, and their enrolment in the session's cohort; built once
    per process."""
    return (
        select(Attendance.session_id, Attendance.status, CohortSession.cohort_id, CohortSession.starts_at,
               CohortSession.ends_at, Enrolment.status.label("enrolment_status"), Enrolment.enrolled_on,
               Enrolment.exclusion_reason)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .outerjoin(Enrolment, and_(Enrolment.participant_id == Attendance.participant_id,
                                   Enrolment.cohort_id == CohortSession.cohort_id))
        .where(Attendance.participant_id == bindparam("participant_id"))
    )


def participant_marks(participant_id: int) -> list:
    """Every attendance mark of one participant, whatever its status (one query, plain rows): session_id,
    status, cohort_id, starts_at, ends_at, and enrolment_status, enrolled_on, exclusion_reason of their
    enrolment in that cohort (None without one). Both the rates (`rates_from_marks`) and learnability read them."""
    return db.session.connection().execute(_marks_select(), {"participant_id": participant_id}).all()


def rates_from_marks(marks: Iterable, as_of: date) -> dict[int, float | None]:
    """{cohort id: rate} of one participant from their `participant_marks`, by the rules of
    participant_attendance_rates (the same figures, without a query)."""
    end = end_of_day(as_of)
    tally: dict[int, list[int]] = {}
    for mark in marks:
        if (mark.enrolment_status in STARTER_STATUSES and mark.enrolled_on is not None
                and mark.exclusion_reason is None and mark.starts_at < end
                and mark.status != AttendanceStatus.excused):
            counts = tally.setdefault(mark.cohort_id, [0, 0])
            counts[0] += mark.status in ATTENDED
            counts[1] += 1
    return {cid: _rate(attended, counted) for cid, (attended, counted) in tally.items()}


def cohort_attendance_rates(cohort_ids: Iterable[int], as_of: date) -> dict[int, float | None]:
    """{cohort id: rate} for the cohorts given (None when nothing counts yet)."""
    ids = list(cohort_ids)
    stmt = _rate_select(False, ("cohort_ids",))
    rates = {cid: _rate(attended or 0, counted)
             for cid, attended, counted in db.session.execute(stmt, {"end": end_of_day(as_of), "cohort_ids": ids})}
    return {cid: rates.get(cid) for cid in ids}
