"""Planner statistics kept fresh, so the database picks the right index as the data grows.

Without statistics SQLite's planner guesses, and at national scale it guessed wrong for the
participants list (a full scan through the wrong index: 26 ms instead of 9 ms). Statistics are
refreshed where the data changes in bulk, and on a schedule for the slow drift of daily use:

- after `flask seed-scale` (cohorts/seed/cli.py), at the end of a workbook import job
  (cohorts/workbook/services.py) and of an ESCO import (app/skills/esco_import.py, its three tables:
  judged from their empty state, PostgreSQL read an occupation's skills by a nested loop over
  123,788 relations): ``analyze`` on the writing transaction's own connection, so the statistics
  count the new rows and commit with them (SQLite and PostgreSQL both allow ANALYZE in a
  transaction; a second connection would wait on SQLite's write lock); on SQLite with a sampling
  limit so it stays quick;
- nightly (03:40 in the worker's clock): ``PRAGMA optimize`` on SQLite, which re-analyses only
  the tables whose statistics SQLite judges stale, and ``ANALYZE`` on PostgreSQL (autovacuum
  does this too; running it after the nightly bulk work makes the next morning's plans right).
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import sqlalchemy as sa
from huey import crontab

from app.extensions import db

log = logging.getLogger(__name__)

#: rows SQLite samples per index when analysing (its documented recommended range is 100–1000+;
#: a few thousand keeps ANALYZE of a 1,000,000-row table well under a second)
SQLITE_ANALYSIS_LIMIT = 2000
NIGHTLY = "database.refresh_statistics"


def analyze(connection: sa.Connection, tables: Sequence[str] = ()) -> None:
    """ANALYZE every table (or only ``tables``) now, inside the caller's transaction; both databases allow it."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
    if not tables:
        connection.exec_driver_sql("ANALYZE")
    for table in tables:  # names from the models, never from input
        connection.exec_driver_sql(f"ANALYZE {table}")


def optimize(connection: sa.Connection) -> None:
    """The periodic refresh: SQLite's own judgement of what is stale; a plain ANALYZE on PostgreSQL."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql(f"PRAGMA analysis_limit = {SQLITE_ANALYSIS_LIMIT}")
        connection.exec_driver_sql("PRAGMA optimize")
    else:
        connection.exec_driver_sql("ANALYZE")


def nightly_refresh() -> None:
    with db.engine.begin() as connection:
        optimize(connection)
    log.info("planner statistics refreshed")


def init_app(queue) -> None:
    queue.periodic_task(NIGHTLY, crontab(minute="40", hour="3"))(nightly_refresh)
