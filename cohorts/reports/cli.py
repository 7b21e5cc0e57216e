"""`flask report cohort|programme|participant … --out FILE.pdf`: the PDF reports from the command line."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask.cli import AppGroup

from app.dates import local_today

report_cli = AppGroup("report", help="Write a PDF report (cohort outcomes, programme, participant record).")

_AS_OF = click.option("--as-of", "as_of", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
                      help="Figures as of this date (YYYY-MM-DD; default today).")
_OUT = click.option("--out", "out", required=True, type=click.Path(dir_okay=False, writable=True, path_type=Path),
                    help="Where to write the PDF.")


def _fail(message: str) -> None:
    click.echo(f"Error: {message}", err=True)
    sys.exit(1)


def _write(out: Path, pdf: bytes) -> None:
    try:
        out.write_bytes(pdf)
    except OSError as error:
        _fail(f"cannot write {out}: {error.strerror or error}")
    click.echo(f"Wrote {out} ({len(pdf) // 1024 or 1} KB).")


@report_cli.command("cohort")
@click.argument("code")
@_OUT
@_AS_OF
def cohort_report_command(code: str, out: Path, as_of) -> None:
    """A cohort's outcome report for funders and hiring partners."""
    from cohorts.reports.rendering import cohort_by_code, render_cohort_report

    cohort = cohort_by_code(code)
    if cohort is None:
        _fail(f"no cohort with the code {code!r}.")
    _write(out, render_cohort_report(cohort, as_of.date() if as_of else local_today()))


@report_cli.command("programme")
@_OUT
@_AS_OF
def programme_report_command(out: Path, as_of) -> None:
    """The programme report: every cohort, trends, repeat partners."""
    from cohorts.reports.rendering import render_programme_report

    _write(out, render_programme_report(as_of.date() if as_of else local_today()))


@report_cli.command("participant")
@click.argument("email")
@_OUT
def participant_record_command(email: str, out: Path) -> None:
    """A participant's record: attendance, skills progress, completion certificate."""
    from cohorts.reports.rendering import UnknownParticipantError, participant_by_email, render_participant_record

    try:
        participant = participant_by_email(email)
    except UnknownParticipantError as error:
        _fail(str(error))
    _write(out, render_participant_record(participant))
