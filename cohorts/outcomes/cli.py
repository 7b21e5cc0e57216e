"""flask outcomes: the outcome measures as a table, JSON or CSV."""

from __future__ import annotations

import json

import click

from app.dates import local_today
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.outcomes.tables import render_csv, render_table


@click.command("outcomes")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Compute as of this date (YYYY-MM-DD); default today.")
@click.option("--cohort", "cohorts", multiple=True, metavar="CODE",
              help="Only this cohort (repeat for several); default every cohort.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def outcomes_command(as_of, cohorts: tuple[str, ...], fmt: str) -> None:
    """Print the outcome measures of docs/OUTCOMES.md."""
    day = as_of.date() if as_of else local_today()
    try:
        result = cohort_outcomes(day, list(cohorts) or None)
    except UnknownCohortError as error:
        raise click.ClickException(str(error)) from error
    if fmt == "json":
        click.echo(json.dumps(result))
    elif fmt == "csv":
        click.echo(render_csv(result), nl=False)
    else:
        click.echo(render_table(result))
