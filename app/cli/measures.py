"""The shape every measure command shares (`flask outcomes`, `flask learnability`): the same options and formats."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date

import click

from app.dates import local_today


def measure_command(name: str, doc: str, compute: Callable[[date, list[str] | None], dict], *,
                    render_csv: Callable[[dict], str], render_table: Callable[[dict], str],
                    unknown: type[Exception]) -> click.Command:
    """A command printing ``compute(as_of, cohort codes or None)`` as a table, JSON or CSV; an
    ``unknown`` error (a cohort code that does not exist) exits 1 with its message."""

    @click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                  help="Compute as of this date (YYYY-MM-DD); default today.")
    @click.option("--cohort", "cohorts", multiple=True, metavar="CODE",
                  help="Only this cohort (repeat for several); default every cohort.")
    @click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
                  show_default=True)
    def command(as_of, cohorts: tuple[str, ...], fmt: str) -> None:
        day = as_of.date() if as_of else local_today()
        try:
            result = compute(day, list(cohorts) or None)
        except unknown as error:
            raise click.ClickException(str(error)) from error
        if fmt == "json":
            click.echo(json.dumps(result))
        elif fmt == "csv":
            click.echo(render_csv(result), nl=False)
        else:
            click.echo(render_table(result))

    command.__doc__ = doc
    return click.command(name)(command)
