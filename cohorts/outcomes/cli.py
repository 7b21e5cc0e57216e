"""flask outcomes: the outcome measures as a table, JSON or CSV."""

from __future__ import annotations

from datetime import date

from app.cli.measures import measure_command
from app.extensions import db
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.outcomes.tables import render_csv, render_table


def _kept_outcomes(as_of: date, codes: list[str] | None) -> dict:
    """The figures, keeping the cohorts' parts computed on the way (the next run reads them)."""
    result = cohort_outcomes(as_of, codes)
    db.session.commit()
    return result


outcomes_command = measure_command(
    "outcomes", "Print the outcome measures of docs/OUTCOMES.md.", _kept_outcomes,
    render_csv=render_csv, render_table=render_table, unknown=UnknownCohortError)
