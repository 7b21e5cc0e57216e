"""The one implementation of spec/outcomes.md: every page, report, export and the CLI use it.

Six queries (cohorts/outcomes_data.py) load what the figures need, whatever the data size: the
per-enrolment rules as flags, placements with their checks, and attendance from the tallies the
database keeps. Everything else is vectorised pandas over those frames. Dates are day numbers so
that "≤ E + 90 days" is a plain integer comparison that includes day E + 90.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from fractions import Fraction
from typing import Any, NamedTuple

import numpy as np
import pandas as pd

from cohorts.outcomes_data import MARKS, Frames, UnknownCohortError, day, load

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
    ordered = np.sort(np.fromiter(values, dtype=np.int64))
    if not len(ordered):
        return None
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return int(ordered[middle])
    value = Fraction(int(ordered[middle - 1]) + int(ordered[middle]), 2)
    return int(value) if value.denominator == 1 else float(value)


# --- per-enrolment flags ---------------------------------------------------------------------


def _dated_placements(frames: Frames) -> pd.DataFrame:
    """Placements with their placement date, start and cohort end as day numbers."""
    p = frames.placements.merge(frames.cohorts[["cohort_id", "ends"]], on="cohort_id")
    p["start"] = p["start"].astype("float64")
    p["placed"] = p["accepted"].astype("float64").fillna(p["start"])
    p["in_field"] = p["in_field"].astype(bool)
    return p


def _first_placements(p: pd.DataFrame) -> pd.DataFrame:
    """Each participant's first placement for each cohort (ties: start date, then ref)."""
    ordered = p.sort_values(["cohort_id", "participant_id", "placed", "start", "ref"], kind="stable")
    first = ordered.drop_duplicates(["cohort_id", "participant_id"], keep="first")
    return first[["cohort_id", "participant_id", "placement_id", "placed", "start", "annual_salary",
                  *(f"{part}_{n}" for n in MARKS for part in ("checked", "says_yes", "says_no"))]]


def _enrolment_table(frames: Frames, p: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """One row per enrolment with a boolean column per countable rule."""
    today = day(as_of)
    e = frames.enrolments.merge(frames.cohorts[["cohort_id", "ends"]], on="cohort_id")
    for flag in ("starter", "excluded", "completer", "jsc"):  # 0/1 on SQLite
        e[flag] = e[flag].astype(bool)

    e = e.merge(_first_placements(p), on=["cohort_id", "participant_id"], how="left")
    for n in MARKS:
        e[f"placed_{n}"] = e["jsc"] & (e["placed"] <= e["ends"] + n) & (e["placed"] <= today)

    in_field = p.loc[p["in_field"] & (p["placed"] <= p["ends"] + 180) & (p["placed"] <= today),
                     ["cohort_id", "participant_id"]].drop_duplicates()
    e = e.merge(in_field.assign(_in_field=True), on=["cohort_id", "participant_id"], how="left")
    e["in_field_180"] = e["jsc"] & e["_in_field"].eq(True)
    e["days_to_placement"] = (e["placed"] - e["ends"]).clip(lower=0).where(e["placed_180"])

    for n in MARKS:
        checked = e[f"checked_{n}"].astype("float64")
        known = checked.isna() | (checked <= today)
        due = e["placed_180"] & (e["start"] + n <= today)
        e[f"ret_{n}_due"] = due
        e[f"ret_{n}_retained"] = due & known & e[f"says_yes_{n}"].eq(1)
        e[f"ret_{n}_not_retained"] = due & known & e[f"says_no_{n}"].eq(1)
        e[f"ret_{n}_unknown"] = due & ~e[f"ret_{n}_retained"] & ~e[f"ret_{n}_not_retained"]
    return e


# --- aggregation ---------------------------------------------------------------------------

_COUNT_COLUMNS = ["starter", "excluded", "completer", "jsc", "placed_90", "placed_180",
                  "in_field_180"] + [f"ret_{n}_{s}" for n in MARKS
                                     for s in ("due", "retained", "not_retained", "unknown")]


def _cohort_counts(frames: Frames, e: pd.DataFrame, p: pd.DataFrame, as_of: date) -> pd.DataFrame:
    """Raw counts (numerators and denominators) per cohort, indexed by cohort id."""
    today = day(as_of)
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


def _values_by_cohort(cohort_ids: pd.Series, values: pd.Series) -> dict[int, list]:
    """The non-missing values of each cohort, for its medians."""
    present = values.notna()
    return values[present].groupby(cohort_ids[present]).agg(list).to_dict()


def _figures(row: dict, days: Iterable[float], salaries: Iterable[float]) -> dict[str, Any]:
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


def _partners(p: pd.DataFrame, as_of: date) -> dict[str, Any]:
    cohorts_per_employer = p.loc[p["placed"] <= day(as_of)].groupby("employer_id")["cohort_id"].nunique()
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
    frames = load(as_of, cohort_codes)
    p = _dated_placements(frames)
    e = _enrolment_table(frames, p, as_of)
    counts = _cohort_counts(frames, e, p, as_of)
    days = e["days_to_placement"].astype("float64")
    salary = e["annual_salary"].astype("float64").where(e["placed_180"])
    days_by, salary_by = _values_by_cohort(e["cohort_id"], days), _values_by_cohort(e["cohort_id"], salary)
    rows = counts.to_dict("index")
    cohorts = {
        code: _figures(rows[cohort_id], days_by.get(cohort_id, ()), salary_by.get(cohort_id, ()))
        for cohort_id, code in zip(frames.cohorts["cohort_id"], frames.cohorts["code"])
    }
    totals: dict[str, Any] = counts.drop(columns=[f"closed_{n}" for n in MARKS]).sum().to_dict()
    for n in MARKS:
        totals[f"closed_{n}"] = bool(counts[f"closed_{n}"].all())
    programme = _figures(totals, days.dropna(), salary.dropna())
    programme.update(_partners(p, as_of))
    result = {"as_of": as_of.isoformat(), "programme": programme, "cohorts": cohorts}
    return result, _series(e, p, as_of)


def _series(e: pd.DataFrame, p: pd.DataFrame, as_of: date) -> dict[str, Any]:
    dated = p.loc[p["placed"] <= day(as_of)]
    # day numbers → calendar months, counted before formatting (a few dozen strings, not one a row)
    months = dated["placed"].astype("int64").astype("datetime64[D]").dt.to_period("M")
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
    frames = load(as_of, cohort_codes)
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
