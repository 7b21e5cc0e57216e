"""Migrations 314f993a8a92, c4e6a8b0d2f1 and d5f7a9c1e3b5 build the outcomes stamp as create_all does (the same trigger SQL,
the row seeded), their triggers draw on the migrated schema, and they downgrade and upgrade again."""

from __future__ import annotations

import importlib.util
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade
from sqlalchemy.orm import Session

from app import create_app
from app.extensions import db
from cohorts.models.outcome_stamp import seed_statement, trigger_ddl
from tests.app.test_migrations import scratch_database_url

MIGRATIONS = Path(__file__).resolve().parents[4] / "migrations"
REVISION = "314f993a8a92"
#: the revision that has the stamp watch what the caseload reads
CASELOAD_REVISION = "c4e6a8b0d2f1"
#: the revision that has the stamp watch who counts as a starter (a cohort's learnability is kept under it)
STARTERS_REVISION = "d5f7a9c1e3b5"


def _frozen(revision: str = REVISION):
    (path,) = (MIGRATIONS / "versions").glob(f"{revision}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def migrated_app(tmp_path):
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=scratch_database_url(tmp_path, "stamp_migration"))
    with application.app_context():
        upgrade(directory=str(MIGRATIONS), revision=REVISION)
        yield application
        db.session.remove()
        db.engine.dispose()


def _name(statement: str) -> str:
    return statement.split()[2]  # CREATE TRIGGER <name> (REPLACE for PostgreSQL's function)


@pytest.mark.parametrize("dialect", ["sqlite", "postgresql"])
def test_the_migrations_froze_the_modules_triggers(dialect):
    first = _frozen()
    migrated = first.POSTGRESQL_TRIGGERS if dialect == "postgresql" else first.SQLITE_TRIGGERS
    for later in (_frozen(CASELOAD_REVISION), _frozen(STARTERS_REVISION)):  # each replaces triggers by name
        replacing = later.POSTGRESQL_TRIGGERS if dialect == "postgresql" else later.SQLITE_TRIGGERS
        replaced = {_name(statement) for statement in replacing}
        migrated = [s for s in migrated if _name(s) not in replaced] + replacing
    assert sorted(" ".join(s.split()) for s in migrated) == sorted(" ".join(s.split()) for s in trigger_ddl(dialect))
    assert (first.POSTGRESQL_SEED if dialect == "postgresql" else first.SQLITE_SEED) == seed_statement(dialect)


def _stamp(connection):
    return connection.execute(sa.text("SELECT counter, token FROM outcome_stamps")).all()


def test_the_migrated_stamp_is_seeded_drawn_and_undone(migrated_app):
    from cohorts.models import Cohort, Programme

    # the migrated database's own engine (the test session is bound to the test database)
    with db.engine.connect() as connection:
        (seeded,) = _stamp(connection)
        assert seeded[0] == 0 and len(seeded[1]) == 32
        with Session(bind=connection) as session:
            session.add(Cohort(programme=Programme(name="P"), code="C-1", name="C", starts_on=date(2026, 1, 5),
                               ends_on=date(2026, 3, 1)))
            session.flush()
        (drawn,) = _stamp(connection)
        assert drawn[0] > 0 and drawn[1] != seeded[1]
        connection.execute(sa.text("UPDATE programmes SET name = 'Q'"))
        assert _stamp(connection) == [drawn]
        connection.execute(sa.text("UPDATE programmes SET currency = 'EUR'"))
        assert _stamp(connection)[0][0] > drawn[0]
        connection.commit()

    downgrade(directory=str(MIGRATIONS), revision="-1")
    assert "outcome_stamps" not in sa.inspect(db.engine).get_table_names()
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE cohorts SET code = 'C-2'"))  # no trigger left behind
    upgrade(directory=str(MIGRATIONS), revision=REVISION)
    with db.engine.begin() as connection:
        (again,) = _stamp(connection)
        assert again[0] == 0
        connection.execute(sa.text("UPDATE cohorts SET code = 'C-3'"))
        assert _stamp(connection)[0][0] > 0


def test_the_caseload_triggers_are_added_and_taken_away(migrated_app):
    from cohorts.models import Cohort, Programme

    upgrade(directory=str(MIGRATIONS), revision=CASELOAD_REVISION)
    with db.engine.begin() as connection:
        with Session(bind=connection) as session:
            session.add(Cohort(programme=Programme(name="P"), code="C-1", name="C", starts_on=date(2026, 1, 5),
                               ends_on=date(2026, 3, 1)))
            session.flush()
        before = _stamp(connection)
        connection.execute(sa.text("UPDATE cohorts SET status = 'closed'"))  # read by the caseload only
        drawn = _stamp(connection)
        assert drawn[0][0] > before[0][0]
    downgrade(directory=str(MIGRATIONS), revision=REVISION)
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE cohorts SET status = 'training'"))
        assert _stamp(connection) == drawn  # the caseload's trigger is gone
        connection.execute(sa.text("UPDATE cohorts SET code = 'C-4'"))
        assert _stamp(connection)[0][0] > drawn[0][0]  # 314f993a8a92's is back
    upgrade(directory=str(MIGRATIONS), revision=CASELOAD_REVISION)


def test_the_starters_trigger_is_widened_and_narrowed_again(migrated_app):
    from cohorts.models import Cohort, Enrolment, Participant, Programme

    upgrade(directory=str(MIGRATIONS), revision=STARTERS_REVISION)
    with db.engine.begin() as connection:
        with Session(bind=connection) as session:
            cohort = Cohort(programme=Programme(name="P"), code="C-1", name="C", starts_on=date(2026, 1, 5),
                            ends_on=date(2026, 3, 1))
            session.add(Enrolment(cohort=cohort, participant=Participant(first_name="A", last_name="B",
                                                                         email="a.b@example.test")))
            session.flush()
        before = _stamp(connection)
        connection.execute(sa.text("UPDATE enrolments SET enrolled_on = '2026-01-05'"))  # who started
        drawn = _stamp(connection)
        assert drawn[0][0] > before[0][0]
    downgrade(directory=str(MIGRATIONS), revision=CASELOAD_REVISION)
    with db.engine.begin() as connection:
        connection.execute(sa.text("UPDATE enrolments SET exclusion_reason = 'death'"))
        assert _stamp(connection) == drawn  # c4e6a8b0d2f1's trigger does not watch it
        connection.execute(sa.text("UPDATE enrolments SET status = 'withdrawn'"))
        assert _stamp(connection)[0][0] > drawn[0][0]  # and is back
    upgrade(directory=str(MIGRATIONS), revision=STARTERS_REVISION)
