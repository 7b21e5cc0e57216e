"""flask outcomes: the outcome measures as a table, JSON or CSV."""

from __future__ import annotations

from app.cli.measures import measure_command
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.outcomes.tables import render_csv, render_table

outcomes_command = measure_command(
    "outcomes", "Print the outcome measures of docs/OUTCOMES.md.", cohort_outcomes,
    render_csv=render_csv, render_table=render_table, unknown=UnknownCohortError)
