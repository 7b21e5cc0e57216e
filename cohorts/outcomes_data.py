"""The rows the outcome measures are computed from: a fixed number of queries, whatever the size.

Rows come as the driver's own tuples (no SQLAlchemy Row objects), and dates become day numbers in
one vectorised step, so building the frames costs no per-row Python work beyond the driver's. Attendance arrives already tallied per cohort and status from the starters' tallies
the database keeps (cohorts/models/tallies.py), instead of a million rows.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from cohorts.models import (
    Cohort,
    CohortHiringNeed,
    CohortSession,
    Enrolment,
    EnrolmentStatus,
    Placement,
    RetentionCheck,
    StarterAttendanceTally,
    StillEmployed,
    starter_clause,
)
from employers.models import HiringNeed

_EPOCH = date(1970, 1, 1)
#: the retention checks' day marks
MARKS = (90, 180)


class UnknownCohortError(ValueError):
    """A cohort code that names no cohort."""


@dataclass
class Frames:
    #: cohort_id, code, ends (day number)
    cohorts: pd.DataFrame
    #: cohort_id, participant_id and the flags starter, excluded, completer, jsc (job-seeking
    #: completer)
    enrolments: pd.DataFrame
    #: placement_id, ref, participant_id, cohort_id, employer_id, hiring_need_id, accepted, start,
    #: annual_salary, in_field, and of its check at each day mark N: checked_N (NaN: none),
    #: says_yes_N, says_no_N (still_employed is yes / no); dates as day numbers
    placements: pd.DataFrame
    #: cohort_id, status, rows: starters' attendance of sessions started by the as-of date
    attendance: pd.DataFrame
    #: cohort_id, sessions, co_sessions
    sessions: pd.DataFrame
    #: cohort_id, hiring_need_id, openings
    needs: pd.DataFrame


def day(value: date) -> int:
    """A date as a day number, as the frames hold them."""
    return (value - _EPOCH).days


def _frame(stmt, columns: Sequence[str], dates: Sequence[str] = ()) -> pd.DataFrame:
    """The driver's own tuples, straight into a frame; the `dates` columns as day numbers.

    SQLAlchemy's Row objects and result processing were most of the load's cost at 50,000
    enrolments. Skipping them is safe for what is selected here: enums arrive as their stored
    strings, booleans as bool or 0/1 (callers cast), dates as date objects or ISO strings.
    """
    db.session.flush()
    result = db.session.connection().execute(stmt)
    try:
        rows = result.cursor.fetchall()
    finally:
        result.close()
    frame = pd.DataFrame.from_records(rows, columns=list(columns), nrows=len(rows))
    for column in dates:
        frame[column] = _days(frame[column])
    return frame


def _days(values: pd.Series) -> pd.Series:
    """Dates (date objects or ISO strings) → day numbers as floats, NaN where missing."""
    stamps = pd.to_datetime(values, format="ISO8601", errors="coerce")
    return (stamps - pd.Timestamp(_EPOCH)).dt.days.astype("float64")


def _select_cohorts(cohort_codes: Sequence[str] | None) -> pd.DataFrame:
    stmt = sa.select(Cohort.id, Cohort.code, Cohort.ends_on).order_by(Cohort.code)
    if cohort_codes is not None:
        stmt = stmt.where(Cohort.code.in_(set(cohort_codes)))
    cohorts = _frame(stmt, ["cohort_id", "code", "ends"], dates=["ends"])
    missing = sorted(set(cohort_codes or ()) - set(cohorts["code"]))
    if missing:
        raise UnknownCohortError(f"Unknown cohort code: {', '.join(missing)}")
    return cohorts


def load(as_of: date, cohort_codes: Sequence[str] | None) -> Frames:
    """Everything the measures need for the cohorts named (None: every cohort), as of a date."""
    cohorts = _select_cohorts(cohort_codes)
    ids = [int(i) for i in cohorts["cohort_id"]]

    def only(column, stmt):
        return stmt if cohort_codes is None else stmt.where(column.in_(ids))

    # the spec's per-enrolment rules, evaluated by the database (flags, not strings, to load)
    starter = starter_clause(Enrolment)
    completer = sa.and_(starter, Enrolment.status == EnrolmentStatus.completed)
    enrolments = _frame(
        only(Enrolment.cohort_id, sa.select(
            Enrolment.cohort_id, Enrolment.participant_id, starter,
            Enrolment.exclusion_reason.is_not(None), completer,
            sa.and_(completer, Enrolment.job_seeking.is_(True)),
        )),
        ["cohort_id", "participant_id", "starter", "excluded", "completer", "jsc"],
    )
    # each placement with its own 90- and 180-day checks (unique per placement and day mark)
    check = {n: sa.orm.aliased(RetentionCheck, name=f"check_{n}") for n in MARKS}
    placements = sa.select(
        Placement.id, Placement.ref, Placement.participant_id, Placement.cohort_id,
        Placement.employer_id, Placement.hiring_need_id, Placement.offer_accepted_on,
        Placement.start_date, Placement.annual_salary, Placement.in_field,
        *(column for n in MARKS for column in (
            check[n].checked_on, check[n].still_employed == StillEmployed.yes,
            check[n].still_employed == StillEmployed.no)),
    )
    for n in MARKS:
        placements = placements.outerjoin(check[n], sa.and_(
            check[n].placement_id == Placement.id, check[n].day_mark == n))
    placements = _frame(
        only(Placement.cohort_id, placements),
        ["placement_id", "ref", "participant_id", "cohort_id", "employer_id", "hiring_need_id",
         "accepted", "start", "annual_salary", "in_field",
         *(f"{part}_{n}" for n in MARKS for part in ("checked", "says_yes", "says_no"))],
        dates=["accepted", "start", *(f"checked_{n}" for n in MARKS)],
    )
    # a session's date is the UTC calendar date of starts_at: "on or before as-of" is "before
    # midnight UTC at the start of the next day"
    cut = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    attendance = _frame(
        only(CohortSession.cohort_id, sa.select(
            CohortSession.cohort_id, StarterAttendanceTally.status,
            sa.func.sum(StarterAttendanceTally.tally),
        ).join(CohortSession, CohortSession.id == StarterAttendanceTally.session_id)
            .where(CohortSession.starts_at < cut)
            .group_by(CohortSession.cohort_id, StarterAttendanceTally.status)),
        ["cohort_id", "status", "rows"],
    )
    sessions = _frame(
        only(CohortSession.cohort_id, sa.select(
            CohortSession.cohort_id, sa.func.count(),
            sa.func.count(CohortSession.employer_id),
        ).group_by(CohortSession.cohort_id)),
        ["cohort_id", "sessions", "co_sessions"],
    )
    needs = _frame(
        only(CohortHiringNeed.cohort_id, sa.select(
            CohortHiringNeed.cohort_id, HiringNeed.id, HiringNeed.openings,
        ).join(HiringNeed, HiringNeed.id == CohortHiringNeed.hiring_need_id)),
        ["cohort_id", "hiring_need_id", "openings"],
    )
    return Frames(cohorts, enrolments, placements, attendance, sessions, needs)
