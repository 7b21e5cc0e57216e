"""PostgreSQL keeps a request's prepared statements: a request that wrote nothing ends with COMMIT
(psycopg forgets its prepared statements on every ROLLBACK); one that wrote, has changes pending,
queued work for after the commit or failed still ends with ROLLBACK (app.db.keep_read_plans)."""

from __future__ import annotations

import os
import uuid

import pytest
import sqlalchemy as sa
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from app.db import after_commit, keep_read_plans

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
on_postgres = pytest.mark.skipif(not POSTGRES_URL.startswith("postgresql"), reason="PostgreSQL only")
#: work queued for after a commit, as mail and webhooks queue theirs
QUEUE, SENT = "read_plans_probe_queue", []
after_commit(QUEUE, SENT.extend)


def _probe_app(url: str, table: str, **settings) -> tuple[Flask, SQLAlchemy]:
    """A bare app on one pooled connection, with a read, a write, a pending change and a failure."""
    app = Flask(__name__)
    app.config.update(SQLALCHEMY_DATABASE_URI=url, SQLALCHEMY_ENGINE_OPTIONS={"pool_size": 1, "max_overflow": 0},
                      **settings)
    store = SQLAlchemy()
    store.init_app(app)
    keep_read_plans(app, store)
    rows = sa.table(table, sa.column("id"), sa.column("note"))

    @app.get("/read/<int:n>")
    def read(n: int):
        return str(store.session.execute(sa.select(rows.c.note).where(rows.c.id == n)).scalar())

    @app.get("/write")
    def write():  # written and never committed: the request must not keep it
        store.session.execute(sa.insert(rows).values(id=2, note="written"))
        return "ok"

    @app.get("/queue")
    def queue():  # work for after a commit, with nothing written: it must not be sent
        store.session.execute(sa.select(rows.c.note))
        store.session.info[QUEUE] = ["queued"]
        return "ok"

    @app.get("/fail")
    def fail():
        store.session.execute(sa.select(rows.c.note))
        raise RuntimeError("boom")

    return app, store


@pytest.fixture
def probe():
    table = f"read_plans_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(POSTGRES_URL)
    with admin.begin() as connection:
        connection.execute(sa.text(f"CREATE TABLE {table} (id integer PRIMARY KEY, note text)"))
        connection.execute(sa.text(f"INSERT INTO {table} VALUES (1, 'kept')"))
    app, store = _probe_app(POSTGRES_URL, table)
    app.config["PROPAGATE_EXCEPTIONS"] = False
    try:
        yield app, store, admin, table
    finally:
        with app.app_context():
            store.session.remove()
            store.engine.dispose()
        with admin.begin() as connection:
            connection.execute(sa.text(f"DROP TABLE {table}"))
        admin.dispose()


def _prepared(app: Flask, store: SQLAlchemy) -> list[tuple[str, int]]:
    """(statement, generic plans) of the pooled connection's prepared statements."""
    with app.app_context():
        found = store.session.execute(sa.text(
            "SELECT statement, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%read_plans_%'")).all()
        store.session.commit()  # as a read request ends: a rollback here would forget them
    return [tuple(row) for row in found]


@on_postgres
def test_a_read_plan_outlives_its_request(probe):
    app, store, _, _ = probe
    client = app.test_client()
    for n in range(12):
        assert client.get(f"/read/{n % 2 + 1}").status_code == 200
    (statement, generic_plans), = _prepared(app, store)
    assert "SELECT" in statement and generic_plans >= 1


@on_postgres
def test_a_request_that_wrote_ends_with_rollback(probe):
    app, store, admin, table = probe
    client = app.test_client()
    for n in range(6):
        client.get(f"/read/{n}")
    assert client.get("/write").status_code == 200
    with admin.connect() as connection:
        assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 1
    assert _prepared(app, store) == []  # the rollback took them, as before
    for n in range(12):  # and the next reads are kept again: the flag went with the transaction
        client.get(f"/read/{n}")
    assert len(_prepared(app, store)) == 1


@on_postgres
def test_pending_changes_failures_and_queued_work_are_not_committed(probe):
    app, store, admin, table = probe

    class Base(sa.orm.DeclarativeBase):
        pass

    class Row(Base):
        __table__ = sa.Table(table, Base.metadata, sa.Column("id", sa.Integer, primary_key=True), sa.Column("note", sa.Text))

    @app.get("/pending")
    def pending():  # added, never flushed: a COMMIT would flush it
        store.session.execute(sa.select(Row.id))
        store.session.add(Row(id=3, note="pending"))
        return "ok"

    client = app.test_client()
    assert client.get("/fail").status_code == 500
    assert client.get("/queue").status_code == 200
    assert client.get("/pending").status_code == 200
    assert SENT == []
    with admin.connect() as connection:
        assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 1


def test_sqlite_is_left_alone(tmp_path):
    app = Flask(__name__)
    app.config["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp_path / 'plans.sqlite'}"
    store = SQLAlchemy()
    store.init_app(app)
    keep_read_plans(app, store)
    assert not app.teardown_request_funcs


@on_postgres
def test_connections_run_without_jit(probe):
    app, store, _, _ = probe
    with app.app_context():
        assert store.session.execute(sa.text("SHOW jit")).scalar() == "off"
        store.session.rollback()


@on_postgres
def test_prepared_statements_can_be_turned_off_for_a_pooler(probe):
    _, _, _, table = probe
    app, store = _probe_app(POSTGRES_URL, table, DATABASE_PREPARED_STATEMENTS=False)
    client = app.test_client()
    for n in range(12):
        assert client.get(f"/read/{n}").status_code == 200
    assert _prepared(app, store) == [] and not app.teardown_request_funcs
    with app.app_context():
        store.engine.dispose()
