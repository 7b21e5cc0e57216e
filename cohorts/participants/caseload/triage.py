"""The caseload's triage: its rows filtered by alert kind and cohort, most urgent first, and the counts above them."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from cohorts.participants.caseload.alerts import ALERT_KINDS, CaseloadRow, urgency


@dataclass(frozen=True)
class Triage:
    """A caseload as a triage list: the rows a page's filters keep, and the counts above them."""

    #: the rows the filters keep, most urgent first (see the module docstring)
    rows: list[CaseloadRow]
    #: people with each kind of alert, in ALERT_KINDS order: in the chosen cohort (the whole
    #: caseload without one), whichever kind is chosen, so every count stays in view
    counts: dict[str, int]
    #: people in the chosen cohort (the whole caseload without one)
    people: int
    #: of those, people with at least one alert
    alerted: int


def _triage_key(row: CaseloadRow) -> tuple:
    if not row.alerts:
        return (1,)
    first = row.alerts[0]
    return (0, *urgency(first), first.since or date.min)


def triage(rows: list[CaseloadRow], *, kind: str | None = None, cohort_id: int | None = None) -> Triage:
    """``caseload()``'s rows (by name) with alerts first by urgency, filtered by alert kind and cohort."""
    if cohort_id is not None:
        rows = [row for row in rows if row.cohort is not None and row.cohort.id == cohort_id]
    kinds = [row.kinds for row in rows]  # a set built per row once, not once per kind
    counts = {k: sum(k in found for found in kinds) for k in ALERT_KINDS}
    alerted = sum(bool(row.alerts) for row in rows)
    kept = [row for row, found in zip(rows, kinds, strict=True) if kind in found] if kind else rows
    return Triage(sorted(kept, key=_triage_key), counts, len(rows), alerted)


def current_cohorts(rows: list[CaseloadRow]) -> list[tuple[int, str]]:
    """(id, code) of the cohorts the caseload's people are currently in, by code: the cohort filter's choices."""
    return sorted({(row.cohort.id, row.cohort.code) for row in rows if row.cohort}, key=lambda c: (c[1], c[0]))
