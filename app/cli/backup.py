"""`flask backup PATH` and `flask restore PATH`: SQLite's online backup API, both ways.

A backup runs while the app serves requests (the backup API copies a consistent snapshot,
WAL included). A restore checks the file is a healthy Bridgework database first, then copies
it page by page into the live file under SQLite's own locking. On PostgreSQL the commands
print the pg_dump / pg_restore line to use instead and exit non-zero.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import click
from flask import current_app
from sqlalchemy.engine import URL, make_url

from app.extensions import db

#: a restore source must hold these tables to be taken for a Bridgework database
REQUIRED_TABLES = {"users", "audit_events", "participants", "cohorts"}


class BackupError(Exception):
    """A backup or restore that cannot go ahead; the message says why."""


def database_file(url: str | URL) -> Path:
    """The SQLite file behind the configured URL (refuses in-memory and other engines)."""
    url = make_url(url)
    if url.get_backend_name() != "sqlite":
        raise BackupError("not SQLite")
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up.")
    return Path(url.database)


def backup_sqlite(source: Path, target: Path) -> None:
    """A consistent copy of a live SQLite database, written to a temporary file then renamed."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(partial) as dst:
        src.execute("PRAGMA busy_timeout=10000")
        src.backup(dst)
    dst.close()
    src.close()
    os.replace(partial, target)


def check_backup_file(path: Path) -> None:
    """Refuse anything but a healthy SQLite file holding Bridgework's tables."""
    if not path.is_file():
        raise BackupError(f"{path} does not exist.")
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as conn:
            ok = conn.execute("PRAGMA integrity_check").fetchone()[0]
            tables = {row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        conn.close()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not a SQLite database ({error}).") from error
    if ok != "ok":
        raise BackupError(f"{path} failed SQLite's integrity check: {ok}")
    missing = REQUIRED_TABLES - tables
    if missing:
        raise BackupError(f"{path} is not a Bridgework database (no {', '.join(sorted(missing))} table).")


def restore_sqlite(source: Path, target: Path) -> None:
    """Replace the live database's content with the backup's, atomically for its readers."""
    check_backup_file(source)
    with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as src, sqlite3.connect(target) as dst:
        dst.execute("PRAGMA busy_timeout=10000")
        src.backup(dst)
    dst.close()
    src.close()


def _postgres_hint(command: str, path: str) -> str:
    url = make_url(current_app.config["SQLALCHEMY_DATABASE_URI"]).set(drivername="postgresql")
    shown = url.render_as_string(hide_password=True)
    if command == "backup":
        line = f"pg_dump --format=custom --no-owner --file {path} '{shown}'"
    else:
        line = f"pg_restore --clean --if-exists --no-owner --dbname '{shown}' {path}"
    return f"PostgreSQL: use {line}   (see README, Security and privacy)"


def _sqlite_file(command: str, path: str) -> Path:
    try:
        return database_file(current_app.config["SQLALCHEMY_DATABASE_URI"])
    except BackupError as error:
        if str(error) == "not SQLite":
            click.echo(_postgres_hint(command, path), err=True)
            raise SystemExit(2) from error
        raise click.ClickException(str(error)) from error


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False))
def backup_command(path: str) -> None:
    """Copy the live SQLite database to PATH (safe while the app is running)."""
    source = _sqlite_file("backup", path)
    db.session.remove()
    try:
        backup_sqlite(source, Path(path))
    except (sqlite3.Error, OSError) as error:
        raise click.ClickException(f"Backup failed: {error}") from error
    click.echo(f"Backed up {source} to {path}.")


@click.command("restore")
@click.argument("path", type=click.Path(dir_okay=False))
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def restore_command(path: str, yes: bool) -> None:
    """Replace the live SQLite database with the backup at PATH."""
    target = _sqlite_file("restore", path)
    try:
        check_backup_file(Path(path))
    except BackupError as error:
        raise click.ClickException(str(error)) from error
    if not yes:
        click.confirm(f"Replace everything in {target} with {path}?", abort=True)
    db.session.remove()
    db.engine.dispose()
    try:
        restore_sqlite(Path(path), target)
    except (sqlite3.Error, OSError, BackupError) as error:
        raise click.ClickException(f"Restore failed: {error}") from error
    click.echo(f"Restored {target} from {path}.")
