"""`flask open-data export PATH [--as-of YYYY-MM-DD]` (spec/open-data.md §1) and `flask open-data publish`."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import click
from flask.cli import AppGroup

from app.dates import local_today
from app.extensions import db
from cohorts.opendata.package import InvalidPackageError
from cohorts.opendata.services import export_package, publish_package

open_data_cli = AppGroup("open-data", help="The anonymised open data package (aggregates only).")


def _as_of(value: str | None) -> date:
    if value is None:
        return local_today()
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise click.BadParameter("use YYYY-MM-DD", param_hint="--as-of") from error


@open_data_cli.command("export")
@click.argument("path", type=click.Path(path_type=Path))
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Compute the figures as of this day (default: today).")
def export_command(path: Path, as_of: str | None) -> None:
    """Write the package to a folder PATH, or to a zip when PATH ends in .zip."""
    try:
        built = export_package(path, _as_of(as_of))
    except InvalidPackageError as error:
        raise click.ClickException(str(error)) from error
    rows = ", ".join(f"{name} {count}" for name, count in built.row_counts.items())
    click.echo(f"Wrote the open data package as of {built.as_of} to {path} (rows: {rows}).")


@open_data_cli.command("publish")
@click.option("--as-of", "as_of", metavar="YYYY-MM-DD", help="Compute the figures as of this day (default: today).")
def publish_command(as_of: str | None) -> None:
    """Build the package and publish it on the public open data page."""
    try:
        published = publish_package(_as_of(as_of), None)
    except InvalidPackageError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Published the open data package as of {published.as_of} (sha256 {published.sha256}).")
