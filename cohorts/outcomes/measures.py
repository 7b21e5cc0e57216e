"""The one implementation of docs/OUTCOMES.md: every page, report, export and the CLI use it.

Four queries (cohorts/outcomes/data.py) load what the figures need, whatever the data size: sums
per cohort that the database adds up, and one row per placement of an enrolled participant. The
per-person rules are vectorised numpy over those rows, whose cost does not depend on how many
cohorts are selected (pandas' per-call overhead made one cohort's figures cost ~40 ms). Dates are
day numbers so that "≤ E + 90 days" is a plain integer comparison that includes day E + 90.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any, NamedTuple

import numpy as np

from app.dates import local_today
from cohorts.outcomes import stored
from cohorts.outcomes.beyond import beyond_parts, beyond_scope
from cohorts.outcomes.data import ENROLMENT_FLAGS, MARKS, SAYS_NO, SAYS_YES, OutcomeData, day, enrolments_with, load
from cohorts.outcomes.figures import PART_COUNTS, PLACEMENT_COUNTS, assemble, cohort_figures, exact_rate, json_median

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

#: exact_rate and json_median live in figures.py; pages, reports and tests import them from here
REEXPORTED = (exact_rate, json_median)

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


# --- each cohort's parts ----------------------------------------------------------------------


def _cohort_counts(data: OutcomeData, flags: dict[str, np.ndarray], as_of: date) -> dict[str, np.ndarray]:
    """Raw counts (numerators and denominators), one array each, in cohort order."""
    size = len(data.cohort_ids)
    counts = dict(data.sums)
    for name in PLACEMENT_COUNTS:
        counts[name] = np.bincount(flags["position"][flags[name]], minlength=size)
    counts["openings"], counts["openings_filled"] = _openings(data, as_of)
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


def _by_cohort(position: np.ndarray, values: np.ndarray, size: int) -> list[list[int]]:
    """The values of each cohort as ints, in row order."""
    order = np.argsort(position, kind="stable")
    bounds = np.searchsorted(position[order], np.arange(size + 1))
    ordered = values[order].astype(np.int64).tolist()
    return [ordered[bounds[k]:bounds[k + 1]] for k in range(size)]


def _histograms(position: np.ndarray, values: np.ndarray, size: int) -> list[list[list[int]]]:
    """Per cohort: [[distinct values, ascending], [counts]] of its values (non-negative ints)."""
    keys, counts = np.unique(_pair_keys(position, values), return_counts=True)
    cohort = keys >> 32
    bounds = np.searchsorted(cohort, np.arange(size + 1))
    found, counts = (keys & 0xFFFFFFFF).tolist(), counts.tolist()
    return [[found[bounds[k]:bounds[k + 1]], counts[bounds[k]:bounds[k + 1]]] for k in range(size)]


def _months(position: np.ndarray, placed: np.ndarray, size: int) -> list[dict[str, int]]:
    """Per cohort: {"YYYY-MM": placements dated in that month}."""
    months = placed.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    keys, counts = np.unique(_pair_keys(position, months), return_counts=True)
    by_cohort: list[dict[str, int]] = [{} for _ in range(size)]
    for key, n in zip(keys.tolist(), counts.tolist()):
        by_cohort[key >> 32][str(np.datetime64(key & 0xFFFFFFFF, "M"))] = n
    return by_cohort


def cohort_parts(as_of: date, cohort_codes: Sequence[str] | None) -> tuple[OutcomeData, list[dict[str, Any]]]:
    """The data of the cohorts named (None: every cohort) and each one's parts, in its order:
    everything figures.assemble needs, JSON-ready (docs/OUTCOMES.md, "How the figures are kept")."""
    data = load(as_of, cohort_codes)
    flags = _placement_flags(data, as_of)
    counts = _cohort_counts(data, flags, as_of)
    size, p, today = len(data.cohort_ids), data.placements, day(as_of)
    placed, position = flags["placed_180"], flags["position"]
    salaried = placed & ~np.isnan(p["annual_salary"])
    days = _histograms(position[placed], flags["days"][placed], size)
    salaries = _histograms(position[salaried], p["annual_salary"][salaried], size)
    dated = p["placed"] <= today
    pairs = np.unique(_pair_keys(position[dated], p["employer_id"][dated]))
    employers = _by_cohort(pairs >> 32, pairs & 0xFFFFFFFF, size)
    months = _months(position[dated], p["placed"][dated], size)
    beyond = beyond_parts(data, placed, position, as_of, cohort_codes)
    parts = [{
        "counts": [int(counts[key][k]) for key in PART_COUNTS],  # in PART_COUNTS' order
        "closed": {str(n): bool(data.ends[k] + n <= today) for n in MARKS},
        "days": days[k], "salaries": salaries[k], "employers": employers[k], "months": months[k],
        "beyond": beyond[k],
    } for k in range(size)]
    for one in parts:  # a cohort's own figures are kept with its parts
        one["figures"] = cohort_figures(one)
        one["beyond"]["figures"] = beyond_scope([one["beyond"]], exact_rate)
    return data, parts


# --- the figures -------------------------------------------------------------------------------


def cohort_outcomes(as_of: date, cohort_codes: Sequence[str] | None = None) -> dict[str, Any]:
    """docs/OUTCOMES.md as one JSON-ready object: {"as_of", "programme", "cohorts": {code: …}, "beyond_180"}.

    ``cohort_codes`` None means every cohort; an unknown code raises UnknownCohortError.
    """
    return outcomes_with_series(as_of, cohort_codes)[0]


def outcomes_with_series(
    as_of: date, cohort_codes: Sequence[str] | None = None
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The figures, plus the series the charts draw, from the cohorts' kept parts: those stale or
    missing (their data version moved on) are computed again, and kept in the session's
    transaction (the caller's commit keeps them for the next view).

    Series: ``days_to_placement`` (one value per placed_180 participant), ``placements_by_month``
    ([("YYYY-MM", count)] of placements dated ≤ as-of) and ``partners_by_cohorts``
    ({number of cohorts: hiring partners}).

    A warm read returns the figures kept under the outcomes stamp (stored.stamped: one row read),
    or else those kept for the same parts (stored.assembled): shared between views, so callers
    read them and never change them.
    """
    return stored.stamped(as_of, cohort_codes, lambda: outcomes_with_stamps(as_of, cohort_codes)[0])


def outcomes_with_stamps(
    as_of: date, cohort_codes: Sequence[str] | None = None
) -> tuple[tuple[dict[str, Any], dict[str, Any]], tuple | None]:
    """(outcomes_with_series, the stamps of the kept parts summed: they name exactly the
    figures and series (a key for markup drawn from them), or None when some parts were computed
    by this call (kept in the session's transaction: the caller commits, and nothing names them))."""
    cohorts, parts = stored.read_parts(as_of, cohort_codes)
    stale = {cohort_id: (code, version) for cohort_id, code, version in cohorts if cohort_id not in parts}
    if stale:
        every = cohort_codes is None and len(stale) == len(cohorts)
        data, fresh = cohort_parts(as_of, None if every else [code for code, _ in stale.values()])
        computed = {cohort_id: p for cohort_id, p in zip(data.cohort_ids, fresh, strict=True) if cohort_id in stale}
        stored.store_parts(as_of, [(cohort_id, stale[cohort_id][1], p) for cohort_id, p in computed.items()])
        parts.update(computed)
    stamps = None if stale else tuple(parts[cohort_id]["stamp"] for cohort_id, _, _ in cohorts)
    return stored.assembled(as_of, [(cohort_id, code) for cohort_id, code, _ in cohorts], parts, assemble), stamps


def direct_outcomes(as_of: date, cohort_codes: Sequence[str] | None = None
                    ) -> tuple[dict[str, Any], dict[str, Any]]:
    """outcomes_with_series computed from the rows, reading and keeping no parts (the tests compare)."""
    data, parts = cohort_parts(as_of, cohort_codes)
    return assemble(as_of, list(zip(data.cohort_ids, data.codes, strict=True)), dict(zip(data.cohort_ids, parts)))


def keep_todays_outcomes(today: date | None = None) -> int:
    """The hourly task (cohorts/schedules.py): today's parts for every cohort that has none at its
    current version, so the first view of the day, or after a write, reads them; parts of dates
    more than a week past are dropped. Returns the cohorts computed (the queue commits)."""
    today = today or local_today()
    cohorts, parts = stored.read_parts(today, None)
    if len(parts) < len(cohorts):  # computed even when kept in memory: the parts are what it keeps
        stored.stamped(today, None, lambda: outcomes_with_stamps(today)[0], refresh=True)
    stored.forget_before(today - timedelta(days=7))
    return len(cohorts) - len(parts)


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
