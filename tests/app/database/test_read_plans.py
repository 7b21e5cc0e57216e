"""PostgreSQL keeps a request's prepared statements: a request that wrote nothing ends with COMMIT
(psycopg forgets its prepared statements on every ROLLBACK); one that wrote, has changes pending,
queued work for after the commit or failed still ends with ROLLBACK (app.db.postgres.keep_read_plans). A page's
reads run in autocommit, without BEGIN and COMMIT; its first write or row lock begins a transaction."""

from __future__ import annotations

import os
import uuid

import psycopg
import pytest
import sqlalchemy as sa
from flask import Flask
from flask_sqlalchemy import SQLAlchemy

from app.db import after_commit
from app.db.postgres import is_plain_read, keep_read_plans

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


@on_postgres
def test_a_page_reads_without_begin_or_commit(probe):
    app, store, _, _ = probe
    client = app.test_client()
    assert client.get("/read/1").text == "kept"
    with app.app_context():
        seen = []
        for name in ("commit", "rollback"):
            sa.event.listen(store.engine, name, lambda connection, name=name: seen.append(
                (name, connection.connection.dbapi_connection.info.transaction_status)))
        assert client.get("/read/1").text == "kept"
    # no COMMIT: the session's close ended the request and found the connection idle (no transaction
    # was open), so psycopg sent no ROLLBACK either and kept its prepared statements
    assert seen and all(event == ("rollback", psycopg.pq.TransactionStatus.IDLE) for event in seen)
    with app.app_context():  # the pool gave the connection back to transactions as usual
        connection = store.session.connection().connection.dbapi_connection
        assert connection.autocommit is False
        store.session.rollback()


@on_postgres
def test_a_write_in_a_page_still_runs_in_a_transaction(probe):
    app, store, admin, table = probe

    @app.get("/write-then-fail")
    def write_then_fail():
        store.session.execute(sa.select(sa.text("1")))
        store.session.execute(sa.text(f"INSERT INTO {table} VALUES (5, 'first')"))
        store.session.execute(sa.text(f"INSERT INTO {table} VALUES (6, 'second')"))
        raise RuntimeError("after two writes")

    @app.get("/write-and-commit")
    def write_and_commit():
        store.session.execute(sa.text(f"INSERT INTO {table} VALUES (7, 'committed')"))
        store.session.commit()
        return str(store.session.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar())

    @app.get("/lock")
    def lock():
        store.session.execute(sa.text(f"SELECT id FROM {table} WHERE id = 1 FOR UPDATE"))
        with admin.connect() as other:  # another connection waits on the lock: the read ran in a transaction
            other.execute(sa.text("SET lock_timeout = '50ms'"))
            with pytest.raises(sa.exc.OperationalError):
                other.execute(sa.text(f"SELECT id FROM {table} WHERE id = 1 FOR UPDATE"))
        return "locked"

    client = app.test_client()
    assert client.get("/write-then-fail").status_code == 500
    assert client.get("/write").status_code == 200  # written, never committed
    with admin.connect() as connection:  # neither the first write nor the uncommitted one was kept
        assert connection.execute(sa.text(f"SELECT count(*) FROM {table}")).scalar() == 1
    assert client.get("/write-and-commit").text == "2"
    assert client.get("/lock").text == "locked"


@pytest.mark.parametrize(("statement", "read"), [
    ("SELECT a FROM t", True),
    ("  select updated_at, deleted FROM t WHERE last_update > 1", True),
    ("WITH counted AS MATERIALIZED (SELECT 1) SELECT * FROM counted", True),
    ("SELECT a FROM t FOR UPDATE", False),
    ("SELECT a FROM t FOR NO KEY UPDATE OF t", False),
    ("SELECT a FROM t FOR SHARE", False),
    ("WITH moved AS (UPDATE t SET a = 1 RETURNING a) SELECT * FROM moved", False),
    ("INSERT INTO t VALUES (1)", False),
    ("SAVEPOINT sa_savepoint_1", False),
    ("SET lock_timeout = '1s'", False),
    ("SHOW jit", False),
])
def test_what_counts_as_a_plain_read(statement, read):
    assert is_plain_read(statement) is read
