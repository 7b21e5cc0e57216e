"""The disclosure rules of spec/open-data.md §2, each a named function over an aggregated frame.

An aggregated frame has the resource's key columns, its value columns and, for each value column
``v``, a hidden column ``n_v`` (how many distinct people, or employers, contribute to the cell);
demand frames also carry ``top_share`` (the largest one employer's share of the openings). The rules
run in the order of ``apply_rules`` and the hidden columns are dropped last, by ``strip_identifiers``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass

import pandas as pd

#: rule 2: fewest distinct people behind a published cell about people
PEOPLE_THRESHOLD = 10
#: rule 2: fewest distinct employers behind a published cell about employers or openings
EMPLOYER_THRESHOLD = 3
#: rule 3: a demand cell where one employer holds more than this share of the openings is suppressed
DOMINANCE_SHARE = 0.5
#: rule 5: people counts are rounded to a multiple of this
ROUND_PEOPLE_TO = 5
#: rule 5: decimals kept for means, medians and shares
DECIMALS = 2
#: the column that says whether a row lost a value to suppression
SUPPRESSED = "suppressed"


@dataclass(frozen=True)
class Measure:
    """One published value column and how the rules treat it."""

    name: str
    #: "people" or "employers": what the threshold counts (rule 2)
    basis: str
    #: "count" (people counts are rounded to 5), "statistic" (2 decimals), "band" or "plain" (left as is)
    kind: str
    #: rule 3 applies (demand cells built from openings)
    dominance: bool = False


def exclude_erased(frame: pd.DataFrame, erased: Iterable[int], column: str = "person") -> pd.DataFrame:
    """Rule 6: rows of erased people are dropped before anything is counted."""
    return frame[~frame[column].isin(set(erased))]


def suppress_below_threshold(frame: pd.DataFrame, measures: Iterable[Measure]) -> pd.DataFrame:
    """Rule 2: a cell with fewer than 10 people (or 3 employers) behind it is emptied."""
    frame = frame.copy()
    for measure in measures:
        least = PEOPLE_THRESHOLD if measure.basis == "people" else EMPLOYER_THRESHOLD
        frame[measure.name] = frame[measure.name].where(frame[f"n_{measure.name}"] >= least)
    return frame


def suppress_dominated(frame: pd.DataFrame, measures: Iterable[Measure]) -> pd.DataFrame:
    """Rule 3: a demand cell where one employer holds more than half the openings is emptied."""
    frame = frame.copy()
    for measure in measures:
        if measure.dominance:
            frame[measure.name] = frame[measure.name].where(frame["top_share"] <= DOMINANCE_SHARE)
    return frame


def round_people_count(value: float) -> float:
    """Nearest multiple of 5 (halves up); a count that is not a true 0 never becomes 0."""
    if pd.isna(value):
        return value
    if value == 0:
        return 0
    return max(ROUND_PEOPLE_TO, math.floor(value / ROUND_PEOPLE_TO + 0.5) * ROUND_PEOPLE_TO)


def round_statistic(value: float) -> float:
    """A mean, median or share at 2 decimals (halves away from zero, not to even)."""
    if pd.isna(value):
        return value
    return math.copysign(math.floor(abs(value) * 10**DECIMALS + 0.5) / 10**DECIMALS, value)


def round_values(frame: pd.DataFrame, measures: Iterable[Measure]) -> pd.DataFrame:
    """Rule 5: people counts to the nearest 5, means and shares to 2 decimals."""
    frame = frame.copy()
    for measure in measures:
        if measure.kind == "count" and measure.basis == "people":
            frame[measure.name] = frame[measure.name].map(round_people_count)
        elif measure.kind == "statistic":
            frame[measure.name] = frame[measure.name].map(round_statistic)
    return frame


def drop_fully_suppressed(frame: pd.DataFrame, measures: Iterable[Measure]) -> pd.DataFrame:
    """Rule 4: a row whose every value is suppressed is left out (no totals are ever published)."""
    names = [m.name for m in measures]
    return frame[frame[names].notna().any(axis=1)] if names else frame


def mark_suppressed(frame: pd.DataFrame, measures: Iterable[Measure]) -> pd.DataFrame:
    """Rule 2: a row that lost any value says so in its ``suppressed`` column."""
    frame = frame.copy()
    names = [m.name for m in measures]
    frame[SUPPRESSED] = frame[names].isna().any(axis=1).map({True: "yes", False: "no"})
    return frame


def strip_identifiers(frame: pd.DataFrame, published: Iterable[str]) -> pd.DataFrame:
    """Rule 1: only the published columns leave (quarters, regions, skills, programmes and figures):
    no ids, names, free text, exact dates or employer names, and no contributor counts."""
    return frame.loc[:, list(published)].reset_index(drop=True)


def apply_rules(frame: pd.DataFrame, keys: list[str], measures: list[Measure]) -> pd.DataFrame:
    """Every rule of §2, in order, on one aggregated frame (rule 6 ran when the rows were read)."""
    frame = suppress_below_threshold(frame, measures)
    frame = suppress_dominated(frame, measures)
    frame = round_values(frame, measures)
    frame = drop_fully_suppressed(frame, measures)
    frame = mark_suppressed(frame, measures)
    return strip_identifiers(frame, [*keys, *(m.name for m in measures), SUPPRESSED])
