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


def _scratch_database_url(tmp_path) -> str:
    """A database of its own: migrations must run on an empty schema."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        return f"sqlite:///{tmp_path / 'migrations.sqlite'}"
    base = sa.engine.make_url(url)
    name = f"{base.database}_migrations"
    admin = sa.create_engine(base, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(sa.text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    return base.set(database=name).render_as_string(hide_password=False)


@pytest.fixture
def migrated_app(tmp_path):
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=_scratch_database_url(tmp_path))
    with application.app_context():
        upgrade(directory=str(MIGRATIONS))
        yield application
        db.session.remove()
        db.engine.dispose()


def test_migrations_match_the_models(migrated_app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "render_item": render_migration_item},
        )
        differences = compare_metadata(context, db.metadata)
    assert differences == [], "models and migrations disagree; run `flask db migrate`:\n" + "\n".join(
        map(str, differences)
    )


def test_migrations_downgrade_cleanly(migrated_app):
    downgrade(directory=str(MIGRATIONS), revision="base")
    remaining = set(sa.inspect(db.engine).get_table_names()) - {"alembic_version"}
    assert remaining == set()
