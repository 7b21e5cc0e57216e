"""Planner statistics (app/tasks/statistics.py): kept fresh after bulk loads, and the plan they buy."""

from __future__ import annotations

from datetime import date

import pytest
import sqlalchemy as sa

from app.models import Role
from app.tasks import statistics
from cohorts.seed.scale import seed_scale

TODAY = date(2025, 3, 12)


def _participants_list_statement(client, app) -> tuple[str, object]:
    """The SQL and parameters the staff participants list runs for its page of rows."""
    seen: list[tuple[str, object]] = []

    def capture(conn, cursor, statement, parameters, context, executemany):
        if "FROM participants" in statement and "ORDER BY participants.last_name" in statement:
            seen.append((statement, parameters))

    engine = app.extensions["sqlalchemy"].engine
    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        assert client.get("/staff/participants").status_code == 200
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    assert seen, "the participants list ran no ordered query over participants"
    return seen[0]


def _plan(db, statement: str, parameters) -> str:
    connection = db.session.connection()
    explain = "EXPLAIN QUERY PLAN " if connection.dialect.name == "sqlite" else "EXPLAIN "
    cursor = connection.connection.driver_connection.cursor()
    cursor.execute(explain + statement, parameters)
    return "\n".join(" ".join(str(part) for part in row) for row in cursor.fetchall())


@pytest.fixture
def seeded(db):
    seed_scale(2_000, seed=3, today=TODAY)
    statistics.analyze(db.session.connection())


def test_the_participants_list_reads_its_name_index_on_a_seeded_database(seeded, db, client, login, app):
    login(Role.staff)
    statement, parameters = _participants_list_statement(client, app)
    plan = _plan(db, statement, parameters)
    assert "ix_participants_live_name" in plan, plan


def test_analyze_writes_statistics_for_the_seeded_tables(seeded, db, sql):
    if db.session.connection().dialect.name == "sqlite":
        assert sql("select count(*) from sqlite_stat1 where tbl = 'participants'") >= 1
    else:
        assert sql("select count(*) from pg_stats where tablename = 'participants'") >= 1


def test_the_nightly_refresh_runs_on_either_database(db):
    statistics.optimize(db.session.connection())  # PRAGMA optimize on SQLite, ANALYZE on PostgreSQL


def test_the_nightly_refresh_is_scheduled(app):
    from app.tasks.queue import queue_for

    assert statistics.NIGHTLY in queue_for(app).tasks
