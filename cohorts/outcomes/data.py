"""The rows the outcome measures are computed from: three queries, whatever the size.

What can be summed per cohort is summed by the database (enrolment flags, attendance from the
starters' tallies it keeps, sessions), in one query with a row per cohort. The rest needs one row
per placement linked to those cohorts, with the enrolment and checks it is judged by (both read
from covering indexes), dates as day numbers; those rows come straight from the driver's cursor
into numpy columns (no Row objects, no date parsing). The third query lists the cohorts' hiring
needs with their openings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import cache

import numpy as np
import sqlalchemy as sa

from app.db import UTCDateTime, day_number, in_list
from app.extensions import db
from cohorts.models import (
    AttendanceStatus,
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
#: what a retention check says, as the placement rows code it
SAYS_YES, SAYS_NO = 1, 2
#: the per-cohort sums of the cohorts query, in its column order
COHORT_SUMS = ("starter", "excluded", "completer", "jsc", "attended", "attendance_rows",
               "sessions", "co_sessions")
#: the placement rows' columns, in the query's order
PLACEMENT_COLUMNS = ("cohort_id", "participant_id", "placement_id", "employer_id", "hiring_need_id", "placed",
                     "start", "annual_salary", "in_field", "jsc",
                     *(f"{part}_{n}" for n in MARKS for part in ("checked", "says")))


class UnknownCohortError(ValueError):
    """A cohort code that names no cohort."""


@dataclass
class OutcomeData:
    #: the cohorts selected, ordered by code: ids, codes, end dates as day numbers
    cohort_ids: list[int]
    codes: list[str]
    ends: np.ndarray
    #: per-cohort sums (COHORT_SUMS), each an int array in cohort order
    sums: dict[str, np.ndarray]
    #: the placements linked to those cohorts, one float column per PLACEMENT_COLUMNS (NaN: NULL),
    #: sorted by cohort, participant, placement date, start date, then ref
    placements: dict[str, np.ndarray]
    #: the hiring needs linked to those cohorts: one row (cohort id, hiring need id, openings) each
    needs: np.ndarray


def day(value: date) -> int:
    """A date as a day number, as the rows hold them."""
    return (value - _EPOCH).days


def placement_day(placement=Placement) -> sa.ColumnElement:
    """The placement date of docs/OUTCOMES.md: offer accepted, else start."""
    return sa.func.coalesce(placement.offer_accepted_on, placement.start_date)


def job_seeking_completer(enrolment=Enrolment) -> sa.ColumnElement[bool]:
    return sa.and_(starter_clause(enrolment), enrolment.status == EnrolmentStatus.completed,
                   enrolment.job_seeking.is_(True))


def _enrolment_flags() -> dict[str, sa.ColumnElement[bool]]:
    """The spec's per-enrolment rules, as SQL: one definition for the sums and the people."""
    starter = starter_clause(Enrolment)
    return {
        "starter": starter,
        "excluded": Enrolment.exclusion_reason.is_not(None),
        "completer": sa.and_(starter, Enrolment.status == EnrolmentStatus.completed),
        "jsc": job_seeking_completer(),
    }


#: the flags whose people are enrolments (the rest are read off the placement rows)
ENROLMENT_FLAGS = ("starter", "excluded", "completer", "jsc")


def enrolments_with(flag: str, cohort_codes: Sequence[str] | None) -> list[tuple[int, int]]:
    """(cohort id, participant id) of the enrolments an enrolment flag counts, in that order."""
    selected = selection(cohort_codes is not None)
    return [tuple(row) for row in db.session.execute(
        sa.select(Enrolment.cohort_id, Enrolment.participant_id)
        .where(_enrolment_flags()[flag], selected(Enrolment.cohort_id))
        .order_by(Enrolment.cohort_id, Enrolment.participant_id), _codes(cohort_codes))]


def selection(some: bool):
    """column → an SQL condition: it is one of the cohorts whose codes are bound as :codes; with
    `some` false, every cohort and no condition (SQLite then scans tables in order instead of
    looking each cohort's rows up)."""
    if not some:
        return lambda column: sa.true()
    ids = sa.select(Cohort.id).where(in_list(Cohort.code, "codes"))
    return lambda column: column.in_(ids)


def _codes(cohort_codes: Sequence[str] | None) -> dict:
    return {} if cohort_codes is None else {"codes": sorted(set(cohort_codes))}


def _count(condition) -> sa.ColumnElement[int]:
    return sa.func.count().filter(condition)


def _cohort_sums(selected) -> sa.Select:
    """One row per selected cohort, ordered by code: id, code, end date, then the COHORT_SUMS
    (attendance of sessions starting before :cut)."""
    enrolments = sa.select(
        Enrolment.cohort_id, *(_count(rule).label(name) for name, rule in _enrolment_flags().items()),
    ).where(selected(Enrolment.cohort_id)).group_by(Enrolment.cohort_id).subquery()

    status = StarterAttendanceTally.status
    attended = status.in_((AttendanceStatus.present, AttendanceStatus.late))
    attendance = sa.select(
        CohortSession.cohort_id,
        sa.func.sum(StarterAttendanceTally.tally).filter(attended).label("attended"),
        sa.func.sum(StarterAttendanceTally.tally).filter(
            sa.or_(attended, status == AttendanceStatus.absent)).label("rows"),
    ).join(CohortSession, CohortSession.id == StarterAttendanceTally.session_id).where(
        selected(CohortSession.cohort_id), CohortSession.starts_at < sa.bindparam("cut", type_=UTCDateTime),
    ).group_by(CohortSession.cohort_id).subquery()

    sessions = sa.select(
        CohortSession.cohort_id, sa.func.count().label("sessions"),
        sa.func.count(CohortSession.employer_id).label("co_sessions"),
    ).where(selected(CohortSession.cohort_id)).group_by(CohortSession.cohort_id).subquery()

    def zero(column):
        return sa.func.coalesce(column, 0)

    return (
        sa.select(
            Cohort.id, Cohort.code, Cohort.ends_on,
            *(zero(enrolments.c[name]) for name in ENROLMENT_FLAGS),
            zero(attendance.c.attended), zero(attendance.c.rows),
            zero(sessions.c.sessions), zero(sessions.c.co_sessions),
        )
        .outerjoin(enrolments, enrolments.c.cohort_id == Cohort.id)
        .outerjoin(attendance, attendance.c.cohort_id == Cohort.id)
        .outerjoin(sessions, sessions.c.cohort_id == Cohort.id)
        .where(selected(Cohort.id))
        .order_by(Cohort.code)
    )


def _placement_rows(selected) -> sa.Select:
    """Every placement linked to a selected cohort, with its participant's enrolment there (if any)
    and its two checks; unsorted (numpy sorts them ~20× faster than SQLite's sorter)."""
    check = {n: sa.orm.aliased(RetentionCheck, name=f"check_{n}") for n in MARKS}
    says = {n: sa.case((check[n].still_employed == StillEmployed.yes, SAYS_YES),
                       (check[n].still_employed == StillEmployed.no, SAYS_NO), else_=0) for n in MARKS}
    # NULL (no enrolment), else whether it is a job-seeking completer's
    jsc = sa.case((Enrolment.id.is_(None), sa.null()), else_=sa.case((job_seeking_completer(), 1), else_=0))
    stmt = sa.select(
        Placement.cohort_id, Placement.participant_id, Placement.id, Placement.employer_id,
        Placement.hiring_need_id, day_number(placement_day()), day_number(Placement.start_date),
        Placement.annual_salary, Placement.in_field, jsc,
        *(column for n in MARKS for column in (day_number(check[n].checked_on), says[n])),
        Placement.ref,
    ).outerjoin(Enrolment, sa.and_(Enrolment.cohort_id == Placement.cohort_id,
                                   Enrolment.participant_id == Placement.participant_id))
    for n in MARKS:
        stmt = stmt.outerjoin(check[n], sa.and_(check[n].placement_id == Placement.id, check[n].day_mark == n))
    # a voided placement was entered in error: it never counts
    return stmt.where(selected(Placement.cohort_id), Placement.voided_at.is_(None))


def _placement_table(rows: list[tuple]) -> dict[str, np.ndarray]:
    """The rows as float columns, sorted so each participant's first placement for a cohort comes
    first: by cohort, participant, placement date, start date, then ref in code-point order."""
    table = np.array([row[:-1] for row in rows], dtype=np.float64).reshape(len(rows), len(PLACEMENT_COLUMNS))
    columns = {name: table[:, k] for k, name in enumerate(PLACEMENT_COLUMNS)}
    refs = np.array([row[-1] for row in rows], dtype=str)
    order = np.lexsort((refs, columns["start"], columns["placed"], columns["participant_id"], columns["cohort_id"]))
    return {name: column[order] for name, column in columns.items()}


def driver_rows(stmt, params: dict) -> list[tuple]:
    """The driver's own tuples: SQLAlchemy's Row objects cost more than the query at national scale."""
    db.session.flush()
    result = db.session.connection().execute(stmt, params)
    try:
        return result.cursor.fetchall()
    finally:
        result.close()


@cache
def _statements(some: bool) -> tuple[sa.Select, sa.Select, sa.Select]:
    """The cohort sums, the placement rows and the hiring needs, for every cohort or :codes; built
    once per process (building and keying them cost more than running them for one cohort)."""
    selected = selection(some)
    needs = (sa.select(CohortHiringNeed.cohort_id, HiringNeed.id, HiringNeed.openings)
             .join(HiringNeed, HiringNeed.id == CohortHiringNeed.hiring_need_id)
             .where(selected(CohortHiringNeed.cohort_id)))
    return _cohort_sums(selected), _placement_rows(selected), needs


def load(as_of: date, cohort_codes: Sequence[str] | None) -> OutcomeData:
    """Everything the measures need for the cohorts named (None: every cohort), as of a date."""
    sums, placements, needs = _statements(cohort_codes is not None)
    codes = _codes(cohort_codes)
    # a session's date is the UTC calendar date of starts_at: "on or before as-of" is "before
    # midnight UTC at the start of the next day"
    cut = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    cohorts = db.session.execute(sums, {**codes, "cut": cut}).all()
    missing = sorted(set(cohort_codes or ()) - {row.code for row in cohorts})
    if missing:
        raise UnknownCohortError(f"Unknown cohort code: {', '.join(missing)}")
    need_rows = driver_rows(needs, codes)
    return OutcomeData(
        cohort_ids=[row[0] for row in cohorts],
        codes=[row[1] for row in cohorts],
        ends=np.array([day(row[2]) for row in cohorts], dtype=np.float64),
        sums={name: np.array([int(row[3 + k]) for row in cohorts], dtype=np.int64)
              for k, name in enumerate(COHORT_SUMS)},
        placements=_placement_table(driver_rows(placements, codes)),
        needs=np.array(need_rows, dtype=np.float64).reshape(len(need_rows), 3),
    )
