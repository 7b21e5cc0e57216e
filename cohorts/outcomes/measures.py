"""The one implementation of docs/OUTCOMES.md: every page, report, export and the CLI use it.

Four queries (cohorts/outcomes/data.py) load what the figures need, whatever the data size: sums
per cohort that the database adds up, and one row per placement of an enrolled participant. The
per-person rules are vectorised numpy over those rows, whose cost does not depend on how many
cohorts are selected (pandas' per-call overhead made one cohort's figures cost ~40 ms). Dates are
day numbers so that "≤ E + 90 days" is a plain integer comparison that includes day E + 90.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np

from cohorts.outcomes.data import (
    COHORT_SUMS,
    ENROLMENT_FLAGS,
    MARKS,
    SAYS_NO,
    SAYS_YES,
    OutcomeData,
    day,
    enrolments_with,
    load,
)

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

_EPOCH = date(1970, 1, 1)

#: the people behind a number: measure name → an enrolment flag or a placement rows' flag
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


# --- per-placement flags ----------------------------------------------------------------------


def _pair_keys(high: np.ndarray, low: np.ndarray) -> np.ndarray:
    """Two id columns as one int64 per row (numpy sorts these far faster than pairs)."""
    return (high.astype(np.int64) << 32) | low.astype(np.int64)


def _cohort_positions(data: OutcomeData, cohort_ids: np.ndarray) -> np.ndarray:
    """Each row's cohort as its index in data.cohort_ids (every row's cohort is selected)."""
    ids = np.array(data.cohort_ids, dtype=np.float64)
    order = np.argsort(ids)
    return order[np.searchsorted(ids[order], cohort_ids)]


def _placement_flags(data: OutcomeData, as_of: date) -> dict[str, np.ndarray]:
    """Boolean columns over the placement rows: the spec's per-person rules, each true on the
    row of the participant's first placement for the cohort (none on later placements)."""
    p, today = data.placements, day(as_of)
    position = _cohort_positions(data, p["cohort_id"])
    ends = data.ends[position]
    # rows come sorted by cohort, participant and the first-placement order
    first = np.ones(len(position), dtype=bool)
    first[1:] = (np.diff(p["cohort_id"]) != 0) | (np.diff(p["participant_id"]) != 0)
    person = np.cumsum(first) - 1  # one number per (cohort, participant)
    jsc, dated = p["jsc"] == 1, p["placed"] <= today  # jsc: NaN (never true) with no enrolment
    flags = {"position": position, "first": first}
    for n in MARKS:
        flags[f"placed_{n}"] = first & jsc & dated & (p["placed"] <= ends + n)
    # in field: any of the participant's placements for the cohort, not only the first
    in_field = jsc & (p["in_field"] == 1) & dated & (p["placed"] <= ends + 180)
    flags["in_field_180"] = first & (np.bincount(person, weights=in_field, minlength=person[-1] + 1
                                                 if len(person) else 0)[person] > 0)
    flags["days"] = np.maximum(p["placed"] - ends, 0)
    placed = flags["placed_180"]
    for n in MARKS:
        checked, says = p[f"checked_{n}"], p[f"says_{n}"]
        known = np.isnan(checked) | (checked <= today)  # a check recorded after as-of is not yet known
        due = placed & (p["start"] + n <= today)
        flags[f"ret_{n}_due"] = due
        flags[f"ret_{n}_retained"] = due & known & (says == SAYS_YES)
        flags[f"ret_{n}_not_retained"] = due & known & (says == SAYS_NO)
        flags[f"ret_{n}_unknown"] = due & ~flags[f"ret_{n}_retained"] & ~flags[f"ret_{n}_not_retained"]
    return flags


# --- aggregation ---------------------------------------------------------------------------

_PLACEMENT_COUNTS = ["placed_90", "placed_180", "in_field_180"] + [
    f"ret_{n}_{s}" for n in MARKS for s in ("due", "retained", "not_retained", "unknown")]


def _cohort_counts(data: OutcomeData, flags: dict[str, np.ndarray], as_of: date) -> dict[str, np.ndarray]:
    """Raw counts (numerators and denominators), one array each, in cohort order."""
    size = len(data.cohort_ids)
    counts = dict(data.sums)
    for name in _PLACEMENT_COUNTS:
        counts[name] = np.bincount(flags["position"][flags[name]], minlength=size)
    counts["openings"], counts["openings_filled"] = _openings(data, as_of)
    for n in MARKS:
        counts[f"closed_{n}"] = data.ends + n <= day(as_of)
    return counts


def _openings(data: OutcomeData, as_of: date) -> tuple[np.ndarray, np.ndarray]:
    """Per cohort: its hiring needs' openings, and for each need min(openings, placements linked
    to the cohort and to that need dated ≤ as-of), summed."""
    p, size = data.placements, len(data.cohort_ids)
    cohort, need, openings = data.needs.T
    hired = ~np.isnan(p["hiring_need_id"]) & (p["placed"] <= day(as_of))
    pairs, placed = np.unique(_pair_keys(p["cohort_id"][hired], p["hiring_need_id"][hired]), return_counts=True)
    hires = dict(zip(pairs.tolist(), placed.tolist()))  # (cohort, need) → placements to it
    found = np.array([hires.get(key, 0) for key in _pair_keys(cohort, need).tolist()], dtype=np.float64)
    position = _cohort_positions(data, cohort)
    return (np.bincount(position, weights=openings, minlength=size).astype(np.int64),
            np.bincount(position, weights=np.minimum(openings, found), minlength=size).astype(np.int64))


def _sorted_by_cohort(position: np.ndarray, values: np.ndarray, size: int) -> list[np.ndarray]:
    """The values of each cohort, sorted, for its medians."""
    order = np.lexsort((values, position))
    bounds = np.searchsorted(position[order], np.arange(size + 1))
    ordered = values[order]
    return [ordered[bounds[k]:bounds[k + 1]] for k in range(size)]


def _figures(count, closed: dict[int, bool], days: np.ndarray, salaries: np.ndarray) -> dict[str, Any]:
    """One scope's figures, keys in the spec's order, from its raw counts and values."""
    c = {key: int(count(key)) for key in [*_PLACEMENT_COUNTS, *COHORT_SUMS, "openings", "openings_filled"]}
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
    figures["median_days_to_placement"] = json_median(days)
    figures["median_salary"] = json_median(salaries)
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


def _partners_by_cohorts(data: OutcomeData, as_of: date) -> dict[int, int]:
    """{number of selected cohorts: employers that hired from that many}, by placements dated ≤ as-of."""
    p = data.placements
    dated = p["placed"] <= day(as_of)
    pairs = np.unique(_pair_keys(p["employer_id"][dated], p["cohort_id"][dated]))
    _, cohorts_per_employer = np.unique(pairs >> 32, return_counts=True)
    numbers, employers = np.unique(cohorts_per_employer, return_counts=True)
    return {int(n): int(count) for n, count in zip(numbers, employers)}


def _partners(by_cohorts: dict[int, int]) -> dict[str, Any]:
    partners = sum(by_cohorts.values())
    repeat = sum(employers for cohorts, employers in by_cohorts.items() if cohorts >= 2)
    return {"hiring_partners": partners, "repeat_partners": repeat,
            "repeat_employer_rate": exact_rate(repeat, partners)}


def cohort_outcomes(as_of: date, cohort_codes: Sequence[str] | None = None) -> dict[str, Any]:
    """docs/OUTCOMES.md as one JSON-ready object: {"as_of", "programme", "cohorts": {code: …}}.

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
    data = load(as_of, cohort_codes)
    flags = _placement_flags(data, as_of)
    counts = _cohort_counts(data, flags, as_of)
    size = len(data.cohort_ids)
    placed, position = flags["placed_180"], flags["position"]
    days = flags["days"][placed]
    salaried = placed & ~np.isnan(data.placements["annual_salary"])
    salaries = data.placements["annual_salary"][salaried]
    days_by = _sorted_by_cohort(position[placed], days, size)
    salary_by = _sorted_by_cohort(position[salaried], salaries, size)
    cohorts = {
        code: _figures(lambda key, k=k: counts[key][k], {n: counts[f"closed_{n}"][k] for n in MARKS},
                       days_by[k], salary_by[k])
        for k, code in enumerate(data.codes)
    }
    programme = _figures(lambda key: counts[key].sum(), {n: counts[f"closed_{n}"].all() for n in MARKS},
                         days, salaries)
    partners = _partners_by_cohorts(data, as_of)
    programme.update(_partners(partners))
    result = {"as_of": as_of.isoformat(), "programme": programme, "cohorts": cohorts}
    return result, _series(data, as_of, days, partners)


def _series(data: OutcomeData, as_of: date, days: np.ndarray, partners: dict[int, int]) -> dict[str, Any]:
    placed = data.placements["placed"]
    # counted per month first: a few dozen months to format, not a string per placement
    months, placements = np.unique(placed[placed <= day(as_of)].astype("datetime64[D]").astype("datetime64[M]"),
                                   return_counts=True)
    return {
        "days_to_placement": days.astype(np.int64).tolist(),
        "placements_by_month": [(str(month), int(n)) for month, n in zip(months, placements)],
        "partners_by_cohorts": partners,
    }


def outcome_people(as_of: date, measure: str, cohort_codes: Sequence[str] | None = None) -> list[Person]:
    """The enrolments counted in one measure (e.g. "placed_180"), for the dashboards' drill-down."""
    column = PEOPLE_MEASURES.get(measure)
    if column is None:
        raise UnknownMeasureError(f"Unknown measure: {measure}")
    data = load(as_of, cohort_codes)
    flags = _placement_flags(data, as_of)
    p = data.placements
    first = flags["first"]
    first = first & ~np.isnan(p["jsc"])  # a placement's participant may not be enrolled there
    first_placement = {(int(c), int(pid)): int(pl) for c, pid, pl in zip(
        p["cohort_id"][first], p["participant_id"][first], p["placement_id"][first])}
    if column in ENROLMENT_FLAGS:
        people = enrolments_with(column, cohort_codes)
    else:
        people = sorted(first_placement.keys() & {
            (int(c), int(pid)) for c, pid in zip(p["cohort_id"][flags[column]], p["participant_id"][flags[column]])})
    return [Person(c, pid, first_placement.get((c, pid))) for c, pid in people]


def flatten(figures: dict[str, Any]) -> dict[str, Any]:
    """One scope's figures with the retention objects spread out (retention_90_due …)."""
    flat: dict[str, Any] = {}
    for key, value in figures.items():
        if isinstance(value, dict):
            flat.update({f"{key}_{part}": value[part] for part in RETENTION_KEYS})
        else:
            flat[key] = value
    return flat
