"""`flask import-workbook PATH [--dry-run]` and `flask export-workbook PATH`."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from app.extensions import db


class _Bar:
    """A click progress bar over the rows to write, with a line per stage before it."""

    def __init__(self) -> None:
        self.bar = None
        self.stage = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage in ("reading", "checking", "comparing"):
            click.echo(f"{stage.capitalize()}…", err=True)
            return
        if self.bar is None:
            self.bar = click.progressbar(length=total, label="Writing", file=sys.stderr,
                                         show_pos=True, item_show_func=lambda s: s)
            self.bar.__enter__()
        self.bar.update(done - self.bar.pos, stage)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.__exit__(None, None, None)


def echo_counts(counts: dict[str, dict[str, int]], dry_run: bool) -> None:
    verb = "would be " if dry_run else ""
    if not counts:
        click.echo("The workbook has no rows: nothing to import.")
    for name, c in counts.items():
        click.echo(f"{name:17} {c['created']:>9} {verb}created {c['updated']:>9} {verb}updated "
                   f"{c['unchanged']:>9} unchanged")


@click.command("import-workbook")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option("--dry-run", is_flag=True, help="Check and show what would change; write nothing.")
@with_appcontext
def import_workbook_command(path: Path, dry_run: bool) -> None:
    """Import a programme workbook (.xlsx, .zip or a folder of CSV files), all or nothing."""
    from cohorts.workbook.services import import_workbook

    bar = _Bar()
    try:
        result = import_workbook(path, dry_run=dry_run, progress=bar,
                                 max_bytes=current_app.config["WORKBOOK_CLI_MAX_BYTES"])
    except Exception:
        bar.close()
        db.session.rollback()
        raise
    bar.close()
    if not result.ok:
        db.session.rollback()
        for error in result.errors:
            click.echo(str(error))
        click.echo(f"{len(result.errors)} error(s): nothing was imported.", err=True)
        sys.exit(1)
    if result.dry_run:
        db.session.rollback()
    else:
        db.session.commit()
    echo_counts(result.counts, result.dry_run)
    click.echo("Dry run: nothing was written." if result.dry_run else "Imported.")


@click.command("export-workbook")
@click.argument("path", type=click.Path(path_type=Path))
@with_appcontext
def export_workbook_command(path: Path) -> None:
    """Export every sheet: PATH ending .xlsx writes a workbook, otherwise a folder of CSV files."""
    from cohorts.workbook.services import export_workbook

    written = export_workbook(path)
    click.echo(f"Exported the workbook to {written}")

