"""From contribution rows to the published tables: group, count the contributors, apply the rules."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from cohorts.opendata import tables
from cohorts.opendata.disclosure import apply_rules
from cohorts.opendata.schemas import DEMAND, FIELDS, LEARNABILITY, OUTCOMES, SUPPLY, ResourceSpec

#: width of the salary bands (rule: median salary in 10k bands)
SALARY_BAND = 10_000
#: learnability band edges of spec/learnability.md
LOW_BELOW, HIGH_FROM = 0.1, 0.25


def _empty(spec: ResourceSpec) -> pd.DataFrame:
    return pd.DataFrame(columns=spec.columns)


def aggregate_demand(rows: pd.DataFrame) -> pd.DataFrame:
    """quarter × region × skill: openings, employers, must share, with employers behind each and the
    largest employer's share of the openings."""
    if rows.empty:
        return _empty(DEMAND)
    keys = list(DEMAND.keys)
    rows = rows.assign(must_openings=rows["openings"].where(rows["must"], 0))
    cells = rows.groupby(keys, as_index=False).agg(openings=("openings", "sum"), employers=("employer_id", "nunique"),
                                                    must_openings=("must_openings", "sum"))
    per_employer = rows.groupby([*keys, "employer_id"], as_index=False)["openings"].sum()
    top = per_employer.groupby(keys, as_index=False)["openings"].max().rename(columns={"openings": "top"})
    cells = cells.merge(top, on=keys)
    cells["must_share"] = cells["must_openings"] / cells["openings"]
    cells["top_share"] = cells["top"] / cells["openings"]
    for name in ("openings", "employers", "must_share"):
        cells[f"n_{name}"] = cells["employers"]
    return cells


def aggregate_supply(rows: pd.DataFrame) -> pd.DataFrame:
    """quarter × region × skill: people assessed at exit, their mean exit level and mean gain."""
    if rows.empty:
        return _empty(SUPPLY)
    cells = rows.groupby(list(SUPPLY.keys), as_index=False).agg(
        people_assessed=("person", "nunique"), mean_exit_level=("exit_level", "mean"),
        mean_gain=("gain", "mean"), n_mean_gain=("gain", "count"))
    cells["n_people_assessed"] = cells["n_mean_exit_level"] = cells["people_assessed"]
    return cells


def salary_band(median: float) -> str | None:
    """A median salary as its 10k band, e.g. 24500 → "20000-29999"."""
    if pd.isna(median):
        return None
    low = int(median // SALARY_BAND) * SALARY_BAND
    return f"{low}-{low + SALARY_BAND - 1}"


def aggregate_outcomes(rows: pd.DataFrame) -> pd.DataFrame:
    """quarter of end × region × programme: starters and their outcomes (a person counts once per row)."""
    if rows.empty:
        return _empty(OUTCOMES)
    keys = list(OUTCOMES.keys)
    flags = ["starter", "completer", "job_seeking_completer", "placed_180", "retained_180"]
    people = rows.groupby([*keys, "person"], as_index=False).agg(
        **{flag: (flag, "max") for flag in flags}, salary=("salary", "median"))
    cells = people.groupby(keys, as_index=False).agg(
        starters=("starter", "sum"), completers=("completer", "sum"),
        job_seeking_completers=("job_seeking_completer", "sum"), placed_180=("placed_180", "sum"),
        retained_180=("retained_180", "sum"), median_salary=("salary", "median"),
        n_median_salary_band=("salary", "count"))
    cells["median_salary_band"] = cells.pop("median_salary").map(salary_band)
    for name in ("starters", "completers", "job_seeking_completers", "placed_180", "retained_180"):
        cells[f"n_{name}"] = cells["starters"]
    return cells


def aggregate_learnability(rows: pd.DataFrame) -> pd.DataFrame:
    """quarter of end × region: people with a learnability, its median, and the people per band."""
    rows = rows[rows["learnability"].notna()] if not rows.empty else rows
    if rows.empty:
        return _empty(LEARNABILITY)
    keys = list(LEARNABILITY.keys)
    value = rows["learnability"]
    rows = rows.assign(band_low=value < LOW_BELOW, band_medium=(value >= LOW_BELOW) & (value < HIGH_FROM),
                       band_high=value >= HIGH_FROM)
    cells = rows.groupby(keys, as_index=False).agg(
        people_assessed=("person", "nunique"), median_learnability=("learnability", "median"),
        band_low=("band_low", "sum"), band_medium=("band_medium", "sum"), band_high=("band_high", "sum"))
    for name in ("people_assessed", "median_learnability", "band_low", "band_medium", "band_high"):
        cells[f"n_{name}"] = cells["people_assessed"]
    return cells


def publishable(spec: ResourceSpec, cells: pd.DataFrame) -> pd.DataFrame:
    """The rules applied, columns in the schema's order, integer columns as nullable integers, sorted."""
    if cells.empty:
        return _empty(spec)
    frame = apply_rules(cells, list(spec.keys), list(spec.measures))
    for name in frame.columns:
        if FIELDS[name][0] == "integer":
            frame[name] = pd.array(np.round(frame[name].astype(float)), dtype="Int64")
    return frame.sort_values(list(spec.keys), kind="stable").reset_index(drop=True)


def package_tables(as_of: date) -> dict[str, pd.DataFrame]:
    """The four published tables as of a date, every disclosure rule applied (what the API serves)."""
    erased = tables.erased_participant_ids()
    return {
        DEMAND.name: publishable(DEMAND, aggregate_demand(tables.demand_rows(as_of))),
        SUPPLY.name: publishable(SUPPLY, aggregate_supply(tables.supply_rows(as_of, erased))),
        OUTCOMES.name: publishable(OUTCOMES, aggregate_outcomes(tables.outcome_rows(as_of, erased))),
        LEARNABILITY.name: publishable(LEARNABILITY, aggregate_learnability(tables.learnability_rows(as_of, erased))),
    }
