"""`flask outcomes`: the spec's measures as a table, one JSON object, or CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from typing import Any

import click

from cohorts.outcomes import PARTNER_KEYS, UnknownCohortError, cohort_outcomes, flatten


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def outcomes_rows(result: dict[str, Any]) -> tuple[list[str], list[list[str]]]:
    """Header and rows: one row per cohort, then the programme; retention flattened."""
    programme = flatten(result["programme"])
    header = ["scope", "as_of", *programme.keys()]
    rows = []
    for code, figures in result["cohorts"].items():
        flat = flatten(figures)
        rows.append([code, result["as_of"], *(_cell(flat.get(k)) for k in programme)])
    rows.append(["programme", result["as_of"], *(_cell(programme[k]) for k in programme)])
    return header, rows


def render_csv(result: dict[str, Any]) -> str:
    header, rows = outcomes_rows(result)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buffer.getvalue()


def render_table(result: dict[str, Any]) -> str:
    """Measures down the side, one column per cohort and the programme last."""
    header, rows = outcomes_rows(result)
    columns = [row[0] for row in rows]
    lines = [["measure", *columns]]
    for position, measure in enumerate(header[2:], start=2):
        values = [row[position] if row[position] != "" else "—" for row in rows]
        if measure in PARTNER_KEYS:
            values = ["" for _ in rows[:-1]] + values[-1:]
        lines.append([measure, *values])
    widths = [max(len(line[i]) for line in lines) for i in range(len(lines[0]))]
    out = [f"Outcomes as of {result['as_of']}"]
    for index, line in enumerate(lines):
        out.append("  ".join(
            cell.ljust(width) if i == 0 else cell.rjust(width) for i, (cell, width) in enumerate(zip(line, widths))
        ).rstrip())
        if index == 0:
            out.append("  ".join("-" * width for width in widths))
    return "\n".join(out)


@click.command("outcomes")
@click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Compute as of this date (YYYY-MM-DD); default today.")
@click.option("--cohort", "cohorts", multiple=True, metavar="CODE",
              help="Only this cohort (repeat for several); default every cohort.")
@click.option("--format", "fmt", type=click.Choice(["table", "json", "csv"]), default="table",
              show_default=True)
def outcomes_command(as_of, cohorts: tuple[str, ...], fmt: str) -> None:
    """Print the outcome measures of spec/outcomes.md."""
    day = as_of.date() if as_of else date.today()
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
