"""The one implementation of spec/outcomes.md: every page, report, export and the CLI use it.

Seven queries load the columns the figures need (attendance is aggregated in SQL), whatever
the data size; everything else is vectorised pandas over those frames. Dates become day
numbers so that "≤ E + 90 days" is a plain integer comparison that includes day E + 90.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from cohorts.models import (
    Attendance,
    Cohort,
    CohortHiringNeed,
    CohortSession,
    Enrolment,
    Placement,
    RetentionCheck,
)
from employers.models import HiringNeed

MARKS = (90, 180)
RETENTION_KEYS = ("due", "retained", "not_retained", "unknown", "rate")
#: a cohort's keys, in the order of the spec's JSON
COHORT_KEYS = (
    "starters", "excluded", "completers", "completion_rate", "job_seeking_completers",
    "placed_90", "placement_rate_90", "placed_180", "placement_rate_180",
    "window_closed_90", "window_closed_180", "in_field_rate_180",
    "median_days_to_placement", "median_salary", "retention_90", "retention_180",
    "attendance_rate", "co_delivery_share", "openings", "openings_filled", "fill_rate",
)
PARTNER_KEYS = ("hiring_partners", "repeat_partners", "repeat_employer_rate")
PROGRAMME_KEYS = COHORT_KEYS + PARTNER_KEYS

STARTER_STATUSES = ("enrolled", "completed", "withdrawn")
_EPOCH = date(1970, 1, 1)

#: the people behind a number: measure name → column of the per-enrolment table
PEOPLE_MEASURES = {
    "starters": "starter",
    "excluded": "excluded",
    "completers": "completer",
    "job_seeking_completers": "jsc",
    "placed_90": "placed_90",
    "placed_180": "placed_180",
    "in_field_180": "in_field_180",
    **{f"retention_{n}_{state}": f"ret_{n}_{state}"
       for n in MARKS for state in ("due", "retained", "not_retained", "unknown")},
}


class UnknownCohortError(ValueError):
    """A cohort code that names no cohort."""


class UnknownMeasureError(ValueError):
    """A measure name that has no people behind it."""


class Person(NamedTuple):
    """One person behind a number: their enrolment's cohort and their first placement."""

    cohort_id: int
    participant_id: int
    placement_id: int | None


# --- exact numbers -------------------------------------------------------------------


def exact_rate(numerator: int, denominator: int) -> float | None:
    """numerator / denominator rounded half to even at 4 places, exactly; None when 0/0."""
    if not denominator:
        return None
    # Fraction.__round__ with no digits rounds half to even, on the exact value
    return float(Fraction(round(Fraction(int(numerator), int(denominator)) * 10_000), 10_000))


def json_median(values: Iterable[float]) -> int | float | None:
    """The median as a JSON number: an int when it is whole, else a float (x.5); None if empty."""
    ordered = sorted(int(v) for v in values)
    if not ordered:
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    value = Fraction(ordered[middle - 1] + ordered[middle], 2)
    return int(value) if value.denominator == 1 else float(value)


def _day(value: date) -> int:
    return (value - _EPOCH).days


def _days(series: pd.Series) -> pd.Series:
    """Dates → day numbers (float, NaN for missing) for vectorised comparisons."""
    stamps = pd.to_datetime(series, errors="coerce")
    return ((stamps - pd.Timestamp(_EPOCH)).dt.days).astype("float64")


# --- loading: a fixed number of queries --------------------------------------------------


@dataclass
class _Frames:
    cohorts: pd.DataFrame
    enrolments: pd.DataFrame
    placements: pd.DataFrame
    checks: pd.DataFrame
    attendance: pd.DataFrame
    sessions: pd.DataFrame
    needs: pd.DataFrame


def _frame(stmt, columns: Sequence[str]) -> pd.DataFrame:
    """Core rows as plain tuples: no ORM row processing, no per-row attribute probing by pandas."""
    db.session.flush()
    return pd.DataFrame(list(map(tuple, db.session.connection().execute(stmt))), columns=list(columns))


def _raw(column):
    """An enum column as its stored string (no per-row enum conversion)."""
    return sa.type_coerce(column, sa.String)


def _select_cohorts(cohort_codes: Sequence[str] | None) -> pd.DataFrame:
    stmt = sa.select(Cohort.id, Cohort.code, Cohort.ends_on).order_by(Cohort.code)
    if cohort_codes is not None:
        stmt = stmt.where(Cohort.code.in_(set(cohort_codes)))
    cohorts = _frame(stmt, ["cohort_id", "code", "ends_on"])
    missing = sorted(set(cohort_codes or ()) - set(cohorts["code"]))
    if missing:
        raise UnknownCohortError(f"Unknown cohort code: {', '.join(missing)}")
    cohorts["ends"] = _days(cohorts["ends_on"])
    return cohorts


def _load(as_of: date, cohort_codes: Sequence[str] | None) -> _Frames:
    cohorts = _select_cohorts(cohort_codes)
    ids = [int(i) for i in cohorts["cohort_id"]]

    def only(column, stmt):
        return stmt if cohort_codes is None else stmt.where(column.in_(ids))

    enrolments = _frame(
        only(Enrolment.cohort_id, sa.select(
            Enrolment.cohort_id, Enrolment.participant_id, _raw(Enrolment.status),
            Enrolment.enrolled_on, _raw(Enrolment.exclusion_reason), Enrolment.job_seeking,
        )),
        ["cohort_id", "participant_id", "status", "enrolled_on", "exclusion_reason", "job_seeking"],
    )
    placements = _frame(
        only(Placement.cohort_id, sa.select(
            Placement.id, Placement.ref, Placement.participant_id, Placement.cohort_id,
            Placement.employer_id, Placement.hiring_need_id, Placement.offer_accepted_on,
            Placement.start_date, Placement.annual_salary, Placement.in_field,
        )),
        ["placement_id", "ref", "participant_id", "cohort_id", "employer_id", "hiring_need_id",
         "offer_accepted_on", "start_date", "annual_salary", "in_field"],
    )
    checks = _frame(
        only(Placement.cohort_id, sa.select(
            RetentionCheck.placement_id, RetentionCheck.day_mark, RetentionCheck.checked_on,
            _raw(RetentionCheck.still_employed),
        ).join(Placement, Placement.id == RetentionCheck.placement_id)),
        ["placement_id", "day_mark", "checked_on", "still_employed"],
    )
    # a session's date is the UTC calendar date of starts_at: "on or before as-of" is "before
    # midnight UTC at the start of the next day"
    cut = datetime.combine(as_of + timedelta(days=1), time.min, tzinfo=UTC)
    # Attendance of starters = all rows of the sessions (tallied per session and status from
    # the covering index, no join per row) − rows of the cohort's non-starter enrolments −
    # rows of people with no enrolment in the session's cohort (the workbook import can load
    # those). Both subtractions are small; enrolments are unique per (participant, cohort).
    started = sa.select(CohortSession.id).where(CohortSession.starts_at < cut)
    if cohort_codes is not None:
        started = started.where(CohortSession.cohort_id.in_(ids))
    tallies = (
        sa.select(Attendance.session_id, _raw(Attendance.status), sa.func.count())
        .where(Attendance.session_id.in_(started))
        .group_by(Attendance.session_id, _raw(Attendance.status))
    )
    not_starter = sa.or_(
        _raw(Enrolment.status).not_in(STARTER_STATUSES),
        Enrolment.enrolled_on.is_(None),
        Enrolment.exclusion_reason.is_not(None),
    )
    non_starters = only(CohortSession.cohort_id, sa.select(
        CohortSession.id, _raw(Attendance.status), -sa.func.count(),
    ).select_from(Enrolment)
        .join(Attendance, Attendance.participant_id == Enrolment.participant_id)
        .join(CohortSession, sa.and_(CohortSession.id == Attendance.session_id,
                                     CohortSession.cohort_id == Enrolment.cohort_id))
        .where(not_starter, CohortSession.starts_at < cut)
        .group_by(CohortSession.id, _raw(Attendance.status)))
    strangers = only(CohortSession.cohort_id, sa.select(
        CohortSession.id, _raw(Attendance.status), -sa.func.count(),
    ).select_from(CohortSession)
        .join(Attendance, Attendance.session_id == CohortSession.id)
        # an anti-join: SQLite answers it from the (participant, cohort) unique index alone
        .outerjoin(Enrolment, sa.and_(
            Enrolment.participant_id == Attendance.participant_id,
            Enrolment.cohort_id == CohortSession.cohort_id,
        ))
        .where(CohortSession.starts_at < cut, Enrolment.id.is_(None))
        .group_by(CohortSession.id, _raw(Attendance.status)))
    # one query: the tallies, then the two subtractions as negative counts
    tallied = _frame(sa.union_all(tallies, non_starters, strangers), ["session_id", "status", "rows"])
    sessions = _frame(
        only(CohortSession.cohort_id, sa.select(
            CohortSession.id, CohortSession.cohort_id, CohortSession.employer_id.is_not(None),
        )),
        ["session_id", "cohort_id", "co"],
    )
    attendance = (
        tallied.merge(sessions[["session_id", "cohort_id"]], on="session_id")
        [["cohort_id", "status", "rows"]]
    )
    sessions = sessions.groupby("cohort_id").agg(
        sessions=("session_id", "size"), co_sessions=("co", "sum")).reset_index()
    needs = _frame(
        only(CohortHiringNeed.cohort_id, sa.select(
            CohortHiringNeed.cohort_id, HiringNeed.id, HiringNeed.openings,
        ).join(HiringNeed, HiringNeed.id == CohortHiringNeed.hiring_need_id)),
        ["cohort_id", "hiring_need_id", "openings"],
    )
    return _Frames(cohorts, enrolments, placements, checks, attendance, sessions, needs)


# --- per-enrolment flags ---------------------------------------------------------------------


def _dated_placements(frames: _Frames) -> pd.DataFrame:
    """Placements with their placement date, start and cohort end as day numbers."""
    p = frames.placements.merge(frames.cohorts[["cohort_id", "ends"]], on="cohort_id")
    p["start"] = _days(p["start_date"])
    p["placed"] = _days(p["offer_accepted_on"]).fillna(p["start"])
    p["in_field"] = p["in_field"].astype(bool)
    return p


def _first_placements(p: pd.DataFrame) -> pd.DataFrame:
    """Each participant's first placement for each cohort (ties: start date, then ref)."""
    ordered = p.sort_values(["cohort_id", "participant_id", "placed", "start", "ref"], kind="stable")
    first = ordered.drop_duplicates(["cohort_id", "participant_id"], keep="first")
    return first[["cohort_id", "participant_id", "placement_id", "placed", "start", "annual_salary"]]


def _enrolment_table(frames: _Frames, p: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per enrolment with a boolean column per countable rule."""
    today = _day(as_of)
    e = frames.enrolments.merge(frames.cohorts[["cohort_id", "ends"]], on="cohort_id")
    e["starter"] = (
        e["status"].isin(STARTER_STATUSES) & e["enrolled_on"].notna() & e["exclusion_reason"].isna()
    )
    e["excluded"] = e["exclusion_reason"].notna()
    e["completer"] = e["starter"] & (e["status"] == "completed")
    e["jsc"] = e["completer"] & e["job_seeking"].astype(bool)

    e = e.merge(_first_placements(p), on=["cohort_id", "participant_id"], how="left")
    for n in MARKS:
        e[f"placed_{n}"] = e["jsc"] & (e["placed"] <= e["ends"] + n) & (e["placed"] <= today)

    in_field = p.loc[p["in_field"] & (p["placed"] <= p["ends"] + 180) & (p["placed"] <= today),
                     ["cohort_id", "participant_id"]].drop_duplicates()
    e = e.merge(in_field.assign(_in_field=True), on=["cohort_id", "participant_id"], how="left")
    e["in_field_180"] = e["jsc"] & e["_in_field"].eq(True)
    e["days_to_placement"] = (e["placed"] - e["ends"]).clip(lower=0).where(e["placed_180"])

    checks = frames.checks.assign(checked=_days(frames.checks["checked_on"]))
    for n in MARKS:
        mark = checks.loc[checks["day_mark"] == n, ["placement_id", "checked", "still_employed"]]
        joined = e[["placement_id"]].merge(mark, on="placement_id", how="left")
        known = joined["checked"].isna() | (joined["checked"] <= today)
        due = e["placed_180"] & (e["start"] + n <= today)
        e[f"ret_{n}_due"] = due
        e[f"ret_{n}_retained"] = due & known & joined["still_employed"].eq("yes")
        e[f"ret_{n}_not_retained"] = due & known & joined["still_employed"].eq("no")
        e[f"ret_{n}_unknown"] = due & ~e[f"ret_{n}_retained"] & ~e[f"ret_{n}_not_retained"]
    return e


# --- aggregation ---------------------------------------------------------------------------

_COUNT_COLUMNS = ["starter", "excluded", "completer", "jsc", "placed_90", "placed_180",
                  "in_field_180"] + [f"ret_{n}_{s}" for n in MARKS
                                     for s in ("due", "retained", "not_retained", "unknown")]


def _cohort_counts(frames: _Frames, e: pd.DataFrame, p: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Raw counts (numerators and denominators) per cohort, indexed by cohort id."""
    today = _day(as_of)
    index = pd.Index(frames.cohorts["cohort_id"], name="cohort_id")
    counts = e.groupby("cohort_id")[_COUNT_COLUMNS].sum().reindex(index, fill_value=0)

    att = frames.attendance.pivot_table(
        index="cohort_id", columns="status", values="rows", aggfunc="sum", fill_value=0
    ).reindex(index=index, columns=["present", "late", "absent"], fill_value=0)
    counts["attended"] = att["present"] + att["late"]
    counts["attendance_rows"] = counts["attended"] + att["absent"]

    sessions = frames.sessions.set_index("cohort_id").reindex(index, fill_value=0)
    counts["sessions"] = sessions["sessions"]
    counts["co_sessions"] = sessions["co_sessions"]

    filled = (p.loc[p["hiring_need_id"].notna() & (p["placed"] <= today)]
              .groupby(["cohort_id", "hiring_need_id"]).size().rename("placements").reset_index())
    needs = frames.needs.merge(filled, on=["cohort_id", "hiring_need_id"], how="left")
    needs["filled"] = np.minimum(needs["openings"], needs["placements"].fillna(0))
    per_need = needs.groupby("cohort_id")[["openings", "filled"]].sum().reindex(index, fill_value=0)
    counts["openings"] = per_need["openings"]
    counts["openings_filled"] = per_need["filled"]

    ends = frames.cohorts.set_index("cohort_id")["ends"]
    for n in MARKS:
        counts[f"closed_{n}"] = ends + n <= today
    return counts


def _figures(row: pd.Series | dict, days: pd.Series, salaries: pd.Series) -> dict[str, Any]:
    """One scope's figures, keys in the spec's order, from its raw counts and pooled values."""
    c = {key: int(row[key]) for key in _COUNT_COLUMNS + [
        "attended", "attendance_rows", "sessions", "co_sessions", "openings", "openings_filled"]}
    figures: dict[str, Any] = {
        "starters": c["starter"],
        "excluded": c["excluded"],
        "completers": c["completer"],
        "completion_rate": exact_rate(c["completer"], c["starter"]),
        "job_seeking_completers": c["jsc"],
    }
    for n in MARKS:
        figures[f"placed_{n}"] = c[f"placed_{n}"]
        figures[f"placement_rate_{n}"] = exact_rate(c[f"placed_{n}"], c["jsc"])
    for n in MARKS:
        figures[f"window_closed_{n}"] = bool(row[f"closed_{n}"])
    figures["in_field_rate_180"] = exact_rate(c["in_field_180"], c["jsc"])
    figures["median_days_to_placement"] = json_median(days.dropna())
    figures["median_salary"] = json_median(salaries.dropna())
    for n in MARKS:
        retained = c[f"ret_{n}_retained"]
        due = c[f"ret_{n}_due"]
        figures[f"retention_{n}"] = {
            "due": due, "retained": retained, "not_retained": c[f"ret_{n}_not_retained"],
            "unknown": c[f"ret_{n}_unknown"], "rate": exact_rate(retained, due),
        }
    figures["attendance_rate"] = exact_rate(c["attended"], c["attendance_rows"])
    figures["co_delivery_share"] = exact_rate(c["co_sessions"], c["sessions"])
    figures["openings"] = c["openings"]
    figures["openings_filled"] = c["openings_filled"]
    figures["fill_rate"] = exact_rate(c["openings_filled"], c["openings"])
    return figures


def _partners(p: pd.DataFrame, as_of: date) -> dict[str, Any]:
    cohorts_per_employer = p.loc[p["placed"] <= _day(as_of)].groupby("employer_id")["cohort_id"].nunique()
    partners = int(len(cohorts_per_employer))
    repeat = int((cohorts_per_employer >= 2).sum())
    return {"hiring_partners": partners, "repeat_partners": repeat,
            "repeat_employer_rate": exact_rate(repeat, partners)}


def cohort_outcomes(as_of: date, cohort_codes: Sequence[str] | None = None) -> dict[str, Any]:
    """spec/outcomes.md as one JSON-ready object: {"as_of", "programme", "cohorts": {code: …}}.

    ``cohort_codes`` None means every cohort; an unknown code raises UnknownCohortError.
    """
    return outcomes_with_series(as_of, cohort_codes)[0]


def outcomes_with_series(
    as_of: date, cohort_codes: Sequence[str] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures, plus the series the charts draw, from one load of the data.

    Series: ``days_to_placement`` (one value per placed_180 participant), ``placements_by_month``
    ([("YYYY-MM", count)] of placements dated ≤ as-of) and ``partners_by_cohorts``
    ({number of cohorts: hiring partners}).
    """
    frames = _load(as_of, cohort_codes)
    p = _dated_placements(frames)
    e = _enrolment_table(frames, p, as_of)
    counts = _cohort_counts(frames, e, p, as_of)
    days = e["days_to_placement"].astype("float64")
    salary = e["annual_salary"].astype("float64").where(e["placed_180"])
    days_by = dict(list(days.groupby(e["cohort_id"])))
    salary_by = dict(list(salary.groupby(e["cohort_id"])))
    empty = pd.Series(dtype="float64")
    cohorts = {
        code: _figures(counts.loc[cohort_id], days_by.get(cohort_id, empty),
                       salary_by.get(cohort_id, empty))
        for cohort_id, code in zip(frames.cohorts["cohort_id"], frames.cohorts["code"])
    }
    totals: dict[str, Any] = counts.drop(columns=[f"closed_{n}" for n in MARKS]).sum().to_dict()
    for n in MARKS:
        totals[f"closed_{n}"] = bool(counts[f"closed_{n}"].all())
    programme = _figures(totals, days, salary)
    programme.update(_partners(p, as_of))
    result = {"as_of": as_of.isoformat(), "programme": programme, "cohorts": cohorts}
    return result, _series(e, p, as_of)


def _series(e: pd.DataFrame, p: pd.DataFrame, as_of: date) -> dict[str, Any]:
    dated = p.loc[p["placed"] <= _day(as_of)]
    months = (pd.Timestamp(_EPOCH) + pd.to_timedelta(dated["placed"], unit="D")).dt.strftime("%Y-%m")
    per_employer = dated.groupby("employer_id")["cohort_id"].nunique()
    return {
        "days_to_placement": [int(d) for d in e["days_to_placement"].dropna()],
        "placements_by_month": [(str(m), int(n)) for m, n in months.value_counts().sort_index().items()],
        "partners_by_cohorts": {int(k): int(v) for k, v in per_employer.value_counts().sort_index().items()},
    }


def outcome_people(as_of: date, measure: str, cohort_codes: Sequence[str] | None = None) -> list[Person]:
    """The enrolments counted in one measure (e.g. "placed_180"), for the dashboards' drill-down."""
    column = PEOPLE_MEASURES.get(measure)
    if column is None:
        raise UnknownMeasureError(f"Unknown measure: {measure}")
    frames = _load(as_of, cohort_codes)
    e = _enrolment_table(frames, _dated_placements(frames), as_of)
    rows = e.loc[e[column], ["cohort_id", "participant_id", "placement_id"]]
    rows = rows.sort_values(["cohort_id", "participant_id"])
    return [
        Person(int(c), int(pid), None if pd.isna(pl) else int(pl))
        for c, pid, pl in rows.itertuples(index=False)
    ]


def flatten(figures: dict[str, Any]) -> dict[str, Any]:
    """One scope's figures with the retention objects spread out (retention_90_due …)."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{part}": value[part] for part in RETENTION_KEYS})
        else:
            flat[key] = value
    return flat
