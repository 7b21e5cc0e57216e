"""The figures of docs/OUTCOMES.md from each cohort's parts: the one place they are put together.

A cohort's *parts* (computed by measures.cohort_parts, kept by stored.py) hold its raw counts —
numerators and denominators — its window flags and the values the pooled figures need: days to
placement, salaries, the employers that hired from it, placements per month and its "beyond 180
days" parts. A cohort's figures come from its own parts; the programme's from all of theirs:
counts summed, rates recomputed from the sums, medians over the pooled values, partners over the
union of employers. So the figures are exactly the same whether the parts were just computed or
read back from the table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any

import numpy as np

from cohorts.outcomes.beyond import beyond_scope
from cohorts.outcomes.data import COHORT_SUMS, MARKS

#: the counts a cohort's parts hold besides COHORT_SUMS
PLACEMENT_COUNTS = ("placed_90", "placed_180", "in_field_180", *(
    f"ret_{n}_{s}" for n in MARKS for s in ("due", "retained", "not_retained", "unknown")))
PART_COUNTS = (*COHORT_SUMS, *PLACEMENT_COUNTS, "openings", "openings_filled")


def exact_rate(numerator: int, denominator: int) -> float | None:
    """numerator / denominator rounded half to even at 4 places, exactly; None when 0/0."""
    if not denominator:
        return None
    # integer arithmetic on the exact value: round half to even, then one correctly rounded division
    units, remainder = divmod(int(numerator) * 10_000, int(denominator))
    if 2 * remainder > denominator or (2 * remainder == denominator and units % 2):
        units += 1
    return units / 10_000


def json_median(values: Iterable[float]) -> int | float | None:
    """The median as a JSON number: an int when it is whole, else a float (x.5); None if empty."""
    if not isinstance(values, np.ndarray):
        values = np.fromiter(values, dtype=np.float64)
    ordered = np.sort(values.astype(np.int64))
    if not len(ordered):
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return int(ordered[middle])
    value = Fraction(int(ordered[middle - 1]) + int(ordered[middle]), 2)
    return int(value) if value.denominator == 1 else float(value)


def histogram_median(values: Sequence[int], counts: Sequence[int]) -> int | float | None:
    """json_median of the values each repeated its count times (values need not be sorted or unique)."""
    value, count = np.asarray(values, dtype=np.int64), np.asarray(counts, dtype=np.int64)
    total = int(count.sum())
    if not total:
        return None
    order = np.argsort(value, kind="stable")
    value, below = value[order], np.cumsum(count[order])  # below[i]: values up to and including i

    def at(position: int) -> int:
        return int(value[np.searchsorted(below, position, side="right")])

    if total % 2:
        return at(total // 2)
    middle = Fraction(at(total // 2 - 1) + at(total // 2), 2)
    return int(middle) if middle.denominator == 1 else float(middle)


def histogram(values: np.ndarray) -> list[list[int]]:
    """[[distinct values, ascending], [how many times each]] of int values (JSON-ready)."""
    distinct, counts = np.unique(values.astype(np.int64), return_counts=True)
    return [distinct.tolist(), counts.tolist()]


def scope_figures(c: dict[str, int], closed: dict[int, bool], days: Sequence[Sequence[int]],
                  salaries: Sequence[Sequence[int]]) -> dict[str, Any]:
    """One scope's figures, keys in the spec's order, from its raw counts and its histograms
    ([values], [counts]) of days to placement and salaries."""
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
        figures[f"window_closed_{n}"] = bool(closed[n])
    figures["in_field_rate_180"] = exact_rate(c["in_field_180"], c["jsc"])
    figures["median_days_to_placement"] = histogram_median(*days)
    figures["median_salary"] = histogram_median(*salaries)
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


def partners(by_cohorts: dict[int, int]) -> dict[str, Any]:
    """The programme's partner figures from {number of cohorts: employers that hired from that many}."""
    hiring = sum(by_cohorts.values())
    repeat = sum(employers for cohorts, employers in by_cohorts.items() if cohorts >= 2)
    return {"hiring_partners": hiring, "repeat_partners": repeat,
            "repeat_employer_rate": exact_rate(repeat, hiring)}


def _closed(parts: dict) -> dict[int, bool]:
    return {n: parts["closed"][str(n)] for n in MARKS}


def cohort_figures(parts: dict[str, Any]) -> dict[str, Any]:
    """One cohort's figures from its parts (kept with them: computed once per data version)."""
    return scope_figures(dict(zip(PART_COUNTS, parts["counts"], strict=True)), _closed(parts), parts["days"],
                         parts["salaries"])


def _copy(figures: dict[str, Any]) -> dict[str, Any]:
    """Kept figures are shared between views (stored.py's memo): each result gets its own dicts."""
    copy = dict(figures)
    for key in NESTED.intersection(copy):
        copy[key] = dict(copy[key])
    return copy


#: the figures that are objects
NESTED = frozenset({*(f"retention_{n}" for n in MARKS), "retention_365"})


def _pooled(scoped: Sequence[dict], name: str) -> tuple[np.ndarray, np.ndarray]:
    """The scopes' histograms of one kind as one (values, counts) pair, not merged (the median walks them)."""
    if not scoped:
        return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
    return (np.concatenate([np.asarray(p[name][0], dtype=np.int64) for p in scoped]),
            np.concatenate([np.asarray(p[name][1], dtype=np.int64) for p in scoped]))


def assemble(as_of: date, cohorts: Sequence[tuple[int, str]], parts: dict[int, dict]
             ) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures and the charts' series of the cohorts ((id, code), in code order) from their parts."""
    scoped = [parts[cohort_id] for cohort_id, _ in cohorts]
    summed = np.array([p["counts"] for p in scoped], dtype=np.int64).reshape(len(scoped), len(PART_COUNTS)).sum(axis=0)
    totals = dict(zip(PART_COUNTS, summed.tolist(), strict=True))
    closed = {n: all(_closed(p)[n] for p in scoped) for n in MARKS}
    days = _pooled(scoped, "days")
    programme = scope_figures(totals, closed, days, _pooled(scoped, "salaries"))
    cohorts_per_employer = Counter(employer for p in scoped for employer in p["employers"])
    by_cohorts = dict(sorted(Counter(cohorts_per_employer.values()).items()))
    programme.update(partners(by_cohorts))
    months: Counter[str] = Counter()
    for p in scoped:
        months.update(p["months"])
    codes = [code for _, code in cohorts]
    result = {"as_of": as_of.isoformat(), "programme": programme,
              "cohorts": {code: _copy(p["figures"]) for code, p in zip(codes, scoped, strict=True)},
              # the figures beyond the spec's 180 days, under their own key (docs/OUTCOMES.md)
              "beyond_180": {"programme": beyond_scope([p["beyond"] for p in scoped], exact_rate),
                             "cohorts": {code: _copy(p["beyond"]["figures"])
                                         for code, p in zip(codes, scoped, strict=True)}}}
    # days to placement in value order, one per placed_180 participant
    value, count = days
    order = np.argsort(value, kind="stable")
    series = {"days_to_placement": np.repeat(value[order], count[order]).tolist(),
              "placements_by_month": sorted(months.items()), "partners_by_cohorts": by_cohorts}
    return result, series
