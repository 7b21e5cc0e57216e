"""`flask db upgrade` builds exactly the schema the models describe, on SQLite and PostgreSQL."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

from app import create_app
from app.db import render_migration_item
from app.extensions import db

MIGRATIONS = Path(__file__).resolve().parents[2] / "migrations"


def scratch_database_url(tmp_path, suffix: str = "migrations") -> str:
    """A database of its own (named with ``suffix``): migrations must run on an empty schema."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / f'{suffix}.sqlite'}"
    base = sa.engine.make_url(url)
    name = f"{base.database}_{suffix}"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def migrated_app(tmp_path):
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_database_url(tmp_path))
    with application.app_context():
        upgrade(directory=str(MIGRATIONS))
        yield application
        db.session.remove()
        db.engine.dispose()


def _compared(object, name, type_, reflected, compare_to) -> bool:
    """As migrations/env.py: not the dialects' own text index over search_documents."""
    from cohorts.search.index import kept_out_of_autogenerate

    return not kept_out_of_autogenerate(name, reflected)


def test_migrations_match_the_models(migrated_app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_item": render_migration_item,
                  "include_object": _compared},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations disagree; run `flask db migrate`:\n" + "\n".join(
        map(str, differences)
    )


def test_migrations_downgrade_cleanly(migrated_app):
    downgrade(directory=str(MIGRATIONS), revision="base")
    remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()


def _migration_module(revision: str):
    import importlib.util

    (path,) = (MIGRATIONS / "versions").glob(f"{revision}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_tally_triggers_the_migration_froze_are_the_models(migrated_app):
    """create_all (tests, benchmark) and `flask db upgrade` build the same triggers.

    The migration keeps its own copy of the SQL (migrations outlive the code); if the module
    changes, this fails until a new migration carries the change.
    """
    from cohorts.models.tallies import trigger_ddl

    frozen = _migration_module("d4e6a8c0f2b3")
    dialect = db.engine.dialect.name
    migrated = frozen.POSTGRESQL_TRIGGERS if dialect == "postgresql" else frozen.SQLITE_TRIGGERS
    assert [" ".join(s.split()) for s in migrated] == [" ".join(s.split()) for s in trigger_ddl(dialect)]


def test_the_row_count_triggers_the_migration_froze_are_the_models(migrated_app):
    """As for the tallies: app/models.py (count_rows) and migration e7f9a1b3c5d8 build the same
    triggers, and the migrated schema starts with every count."""
    from app.models import COUNTED, count_trigger_ddl, recount_statements

    frozen = _migration_module("e7f9a1b3c5d8")
    dialect = db.engine.dialect.name
    migrated = frozen.POSTGRESQL_TRIGGERS if dialect == "postgresql" else frozen.SQLITE_TRIGGERS
    assert [" ".join(s.split()) for s in migrated] == [" ".join(s.split()) for s in count_trigger_ddl(dialect)]
    assert frozen.RECOUNT == recount_statements()
    assert set(db.session.scalars(sa.text("SELECT name FROM row_counts"))) == set(COUNTED)


def test_the_migrated_triggers_keep_the_tallies(migrated_app):
    """On the migrated schema: writes through the triggers give the count from scratch."""
    from datetime import UTC, date, datetime

    from cohorts.models import Attendance, Cohort, CohortSession, Enrolment, ExclusionReason, Participant, Programme
    from cohorts.models.tallies import rebuild_statement

    def run(sql):
        return db.session.execute(sa.text(sql))

    cohort = Cohort(programme=Programme(name="P"), code="C-1", name="C", starts_on=date(2026, 1, 5),
                    ends_on=date(2026, 3, 1))
    session = CohortSession(cohort=cohort, ref="S-1", title="S", starts_at=datetime(2026, 1, 6, 9, tzinfo=UTC))
    people = [Participant(email=f"p{n}@example.org", first_name="P", last_name="Q") for n in (1, 2)]
    db.session.add_all([cohort, session, *people])
    db.session.flush()
    for person in people:
        db.session.add(Attendance(session=session, participant=person, status="present"))
        db.session.flush()
        db.session.add(Enrolment(participant=person, cohort=cohort, status="enrolled",
                                 enrolled_on=date(2026, 1, 5)))
        db.session.flush()
    run(f"UPDATE attendance SET status = 'late' WHERE participant_id = {people[1].id}")
    run(f"UPDATE enrolments SET exclusion_reason = '{ExclusionReason.death}' WHERE participant_id = {people[0].id}")
    tallies = run("SELECT session_id, status, tally FROM starter_attendance_tallies WHERE tally > 0").all()
    counted = run("SELECT" + rebuild_statement().split("SELECT", 1)[1]).all()
    assert sorted(map(tuple, tallies)) == sorted(map(tuple, counted)) == [(session.id, "late", 1)]
    db.session.rollback()


def test_the_session_start_triggers_the_migration_froze_are_the_models(migrated_app):
    """create_all and `flask db upgrade` copy attendance's session start with the same triggers."""
    from cohorts.models.participants import SESSION_START_FUNCTIONS, session_start_ddl

    frozen = _migration_module("a9c1e3f5b7d0")
    dialect = db.engine.dialect.name
    migrated = frozen.POSTGRESQL_TRIGGERS if dialect == "postgresql" else frozen.SQLITE_TRIGGERS
    assert [" ".join(s.split()) for s in migrated] == [" ".join(s.split()) for s in session_start_ddl(dialect)]
    assert frozen.POSTGRESQL_FUNCTIONS == SESSION_START_FUNCTIONS


def test_the_migration_copies_existing_marks_session_starts(migrated_app):
    """Marks written before the column existed get their sessions' starts; later writes keep them."""
    from datetime import UTC, date, datetime

    from cohorts.models import Attendance, Cohort, CohortSession, Participant, Programme

    cohort = Cohort(programme=Programme(name="P"), code="C-1", name="C", starts_on=date(2026, 1, 5),
                    ends_on=date(2026, 3, 1))
    session = CohortSession(cohort=cohort, ref="S-1", title="S", starts_at=datetime(2026, 1, 6, 9, tzinfo=UTC))
    person = Participant(email="p1@example.org", first_name="P", last_name="Q")
    db.session.add(Attendance(session=session, participant=person, status="absent"))
    db.session.commit()
    db.session.remove()
    downgrade(directory=str(MIGRATIONS), revision="f8b0d2e4a6c9")  # the column goes; the marks stay
    upgrade(directory=str(MIGRATIONS))

    def copied():
        return str(db.session.execute(sa.text("SELECT session_starts_at FROM attendance")).scalar())[:19]

    assert copied() == "2026-01-06 09:00:00"
    db.session.execute(sa.text("UPDATE sessions SET starts_at = '2026-01-07 10:00:00'"))
    assert copied() == "2026-01-07 10:00:00"
    db.session.rollback()
