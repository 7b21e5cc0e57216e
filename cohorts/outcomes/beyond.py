"""Outcomes beyond 180 days (docs/OUTCOMES.md, "Beyond 180 days"): retention at 12 months and the
change in salary at 26 and 52 weeks, over the same first placements as the spec's measures.

Three more queries, whatever the data size: the answered check-ins of the selected cohorts'
placements, the ended ones among those placements, and the later jobs of their participants. The
rules are then numpy over the placed_180 rows that measures.py already marks, so this module never
re-derives who is placed or which placement is first.
"""

from __future__ import annotations

from collections.abc import Sequence
from fractions import Fraction
from functools import cache
from typing import Any

import numpy as np
import sqlalchemy as sa

from app.db import day_number
from cohorts.models import CheckIn, LaterJob, Placement, WorkStatus
from cohorts.outcomes.data import OutcomeData, day, driver_rows, selection

#: a year in work after the first placement's start
YEAR = 365
#: the window after the cohort's end in which the 365-day mark must fall for the window to close
WINDOW_365 = 180 + YEAR
#: the check-in weeks whose reported salary is compared with the starting salary
SALARY_WEEKS = (26, 52)
#: what an answered check-in says, as its rows code it
IN_WORK, NOT_WORKING = 1, 2
RETENTION_STATES = ("due", "retained", "not_retained", "unknown")
#: a scope's keys, in order
BEYOND_KEYS = ("window_closed_365", "retention_365",
               *(f"{name}_{week}w" for week in SALARY_WEEKS
                 for name in ("salary_reported", "median_salary_change")))


@cache
def _statements(some: bool) -> tuple[sa.Select, sa.Select, sa.Select]:
    """Answered check-ins, ended placements and later jobs for every cohort or :codes."""
    selected = selection(some)
    linked = sa.and_(selected(Placement.cohort_id), Placement.voided_at.is_(None))
    says = sa.case((CheckIn.work_status.in_((WorkStatus.same_job, WorkStatus.new_job)), IN_WORK),
                   (CheckIn.work_status == WorkStatus.not_working, NOT_WORKING), else_=0)
    check_ins = (
        sa.select(CheckIn.placement_id, CheckIn.week, day_number(sa.func.date(CheckIn.answered_at)), says,
                  CheckIn.annual_salary)
        .join(Placement, Placement.id == CheckIn.placement_id)
        .where(linked, CheckIn.answered_at.is_not(None))
    )
    ended = sa.select(Placement.id, day_number(Placement.ended_on)).where(linked, Placement.ended_on.is_not(None))
    people = sa.select(Placement.participant_id).where(linked)
    later = sa.select(LaterJob.participant_id, day_number(LaterJob.started_on), day_number(LaterJob.ended_on)).where(
        LaterJob.participant_id.in_(people))
    return check_ins, ended, later


def _columns(rows: list[tuple], width: int) -> np.ndarray:
    """Rows as a float table (NaN: NULL), one column per field."""
    return np.array([[np.nan if v is None else v for v in row] for row in rows],
                    dtype=np.float64).reshape(len(rows), width)


def _load(cohort_codes: Sequence[str] | None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    codes = {} if cohort_codes is None else {"codes": sorted(set(cohort_codes))}
    check_ins, ended, later = _statements(cohort_codes is not None)
    return (_columns(driver_rows(check_ins, codes), 5), _columns(driver_rows(ended, codes), 2),
            _columns(driver_rows(later, codes), 3))


def _index_of(keys: np.ndarray, values: np.ndarray) -> np.ndarray:
    """For each value, the index of the equal key (keys unique), or -1."""
    if not len(keys):
        return np.full(len(values), -1)
    order = np.argsort(keys)
    at = np.minimum(np.searchsorted(keys[order], values), len(keys) - 1)
    found = keys[order][at] == values
    return np.where(found, order[at], -1)


def _any_per_row(size: int, rows: np.ndarray, condition: np.ndarray) -> np.ndarray:
    hit = np.zeros(size, dtype=bool)
    hit[rows[condition & (rows >= 0)]] = True
    return hit


def _later_job_covers(participants: np.ndarray, marks: np.ndarray, later: np.ndarray) -> np.ndarray:
    """Per row: one of the participant's later jobs started on or before the mark and had not
    ended before it (every pair of a row and its participant's later jobs, in numpy)."""
    order = np.argsort(participants, kind="stable")
    sorted_people = participants[order]
    low = np.searchsorted(sorted_people, later[:, 0], "left")
    counts = np.searchsorted(sorted_people, later[:, 0], "right") - low
    job = np.repeat(np.arange(len(later)), counts)
    rows = order[np.repeat(low, counts) + np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)]
    started, ended = later[job, 1], later[job, 2]
    covers = (started <= marks[rows]) & (np.isnan(ended) | (ended >= marks[rows]))
    return _any_per_row(len(participants), rows, covers)


def _retention(first: dict[str, np.ndarray], check_ins: np.ndarray, ended: np.ndarray, later: np.ndarray,
               today: int) -> dict[str, np.ndarray]:
    """Each first placement's state at its 365-day mark D: boolean columns per RETENTION_STATES."""
    size = len(first["placement_id"])
    mark = first["start"] + YEAR
    due = mark <= today
    row = _index_of(first["placement_id"], check_ins[:, 0])
    answered, says = check_ins[:, 2], check_ins[:, 3]
    row_mark = mark[np.maximum(row, 0)] if size else np.zeros(len(row))  # no first placements: rows are all -1
    in_window = (row >= 0) & (answered >= row_mark) & (answered <= today)
    in_work = _any_per_row(size, row, in_window & (says == IN_WORK))
    not_working = _any_per_row(size, row, in_window & (says == NOT_WORKING))
    end = np.full(size, np.nan)
    end_row = _index_of(first["placement_id"], ended[:, 0])
    end[end_row[end_row >= 0]] = ended[end_row >= 0, 1]
    ended_after = (end > mark) & (end <= today)
    ended_by_mark = end <= mark
    covered = _later_job_covers(first["participant_id"], mark, later)
    retained = due & (in_work | ended_after | covered)
    not_retained = due & ~retained & (ended_by_mark | not_working)
    return {"due": due, "retained": retained, "not_retained": not_retained,
            "unknown": due & ~retained & ~not_retained}


def _salary_changes(first: dict[str, np.ndarray], check_ins: np.ndarray, week: int, today: int) -> list:
    """Per first placement with a starting salary: (row, (reported − starting) / starting) of its
    check-in of that week answered on or before as-of with a salary (the latest if several)."""
    row = _index_of(first["placement_id"], check_ins[:, 0])
    usable = ((row >= 0) & (check_ins[:, 1] == week) & (check_ins[:, 2] <= today)
              & ~np.isnan(check_ins[:, 4]))
    starting = first["annual_salary"]
    changes: dict[int, tuple[float, Fraction]] = {}
    for k in np.flatnonzero(usable):
        r = int(row[k])
        if not starting[r] > 0:
            continue
        if r not in changes or check_ins[k, 2] >= changes[r][0]:
            start = int(starting[r])
            changes[r] = (check_ins[k, 2], Fraction(int(check_ins[k, 4]) - start, start))
    return [(r, change) for r, (_, change) in changes.items()]


def median_change(values: Sequence[Fraction]) -> float | None:
    """The exact median (mean of the middle two for an even count) rounded half to even at 4 places."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    median = ordered[middle] if len(ordered) % 2 else (ordered[middle - 1] + ordered[middle]) / 2
    return round(median * 10_000) / 10_000  # round() on a Fraction is exact, half to even


def _scope(rate, closed: bool, counts: dict[str, int], changes: dict[int, list[Fraction]]) -> dict[str, Any]:
    figures: dict[str, Any] = {
        "window_closed_365": bool(closed),
        "retention_365": {**counts, "rate": rate(counts["retained"], counts["due"])},
    }
    for week in SALARY_WEEKS:
        figures[f"salary_reported_{week}w"] = len(changes[week])
        figures[f"median_salary_change_{week}w"] = median_change(changes[week])
    return figures


def beyond_parts(data: OutcomeData, placed_180: np.ndarray, position: np.ndarray, as_of,
                 cohort_codes: Sequence[str] | None) -> list[dict[str, Any]]:
    """Each cohort's parts of these figures, in data order (JSON-ready: a salary change is an exact
    [numerator, denominator]); ``placed_180`` marks the placed_180 participants' first placement
    rows of ``data`` and ``position`` each row's cohort."""
    today, size = day(as_of), len(data.cohort_ids)
    check_ins, ended, later = _load(cohort_codes)
    p = data.placements
    first = {name: p[name][placed_180] for name in ("placement_id", "participant_id", "start", "annual_salary")}
    cohort = position[placed_180]
    states = _retention(first, check_ins, ended, later, today)
    by_cohort = {state: np.bincount(cohort[states[state]], minlength=size) for state in RETENTION_STATES}
    changes_by = {week: [[] for _ in range(size)] for week in SALARY_WEEKS}
    for week in SALARY_WEEKS:
        for r, change in _salary_changes(first, check_ins, week, today):
            changes_by[week][cohort[r]].append([change.numerator, change.denominator])
    closed = data.ends + WINDOW_365 <= today
    return [{"closed_365": bool(closed[k]), "retention": {s: int(by_cohort[s][k]) for s in RETENTION_STATES},
             "changes": {str(week): changes_by[week][k] for week in SALARY_WEEKS}} for k in range(size)]


def beyond_scope(parts: Sequence[dict[str, Any]], rate) -> dict[str, Any]:
    """One scope's BEYOND_KEYS from its cohorts' parts; ``rate`` is the spec's exact rate
    (figures.exact_rate, passed in: figures imports this module)."""
    return _scope(rate, all(p["closed_365"] for p in parts),
                  {s: sum(p["retention"][s] for p in parts) for s in RETENTION_STATES},
                  {week: [Fraction(*pair) for p in parts for pair in p["changes"][str(week)]] for week in SALARY_WEEKS})
