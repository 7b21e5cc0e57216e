"""Shared fixtures: one app and database per test session, a rolled-back transaction per test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager

import pytest
import sqlalchemy as sa
from flask import g, has_app_context
from flask.testing import FlaskClient
from flask_sqlalchemy.session import Session as FlaskSession
from hypothesis import settings
from sqlalchemy import event

from app import create_app
from app.extensions import db as _db
from app.extensions import limiter, login_manager
from app.models import Role, User
from tests import factories

TEST_PASSWORD = "correct horse battery staple"

# Property tests explore fresh random inputs on every developer run. CI sets HYPOTHESIS_PROFILE=ci:
# the same inputs on every run, so a landing never turns on chance; what exploring finds becomes a
# pinned example test (tests/fuzz/test_found_by_fuzzing.py).
settings.register_profile("ci", derandomize=True, print_blob=True)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))


def _database_url(tmp_path_factory) -> str:
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        return url
    return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"


class FreshGlobalsClient(FlaskClient):
    """Each request starts with an empty `g`, as in production.

    Tests hold an app context open (for the rolled-back session), and Flask reuses it for
    requests, so without this Flask-Login's cached user and the CSRF token would leak from
    one request (and one client) to the next.
    """

    def open(self, *args, **kwargs):
        if has_app_context():
            vars(g).clear()
        return super().open(*args, **kwargs)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The app under test, on a fresh schema (SQLite file, or TEST_DATABASE_URL)."""
    application = create_app("testing", SQLALCHEMY_DATABASE_URI=_database_url(tmp_path_factory))
    application.test_client_class = FreshGlobalsClient
    with application.app_context():
        _db.drop_all()
        _db.create_all()
    yield application
    with application.app_context():
        _db.session.remove()
        _db.drop_all()
        _db.engine.dispose()


class ConnectionSession(FlaskSession):
    """Flask-SQLAlchemy's get_bind picks the engine and ignores bind=: pin the test's connection."""

    def get_bind(self, *args, **kwargs):
        return self.bind


@pytest.fixture(autouse=True)
def db(app) -> Iterator:
    """Each test runs inside a transaction that is rolled back; app commits become savepoints."""
    with app.app_context():
        connection = _db.engine.connect()
        transaction = connection.begin()
        original_session = _db.session
        _db.session = _db._make_scoped_session(
            {"bind": connection, "join_transaction_mode": "create_savepoint", "class_": ConnectionSession}
        )
        try:
            yield _db
        finally:
            _db.session.remove()
            _db.session = original_session
            if transaction.is_active:
                transaction.rollback()
            connection.close()


@pytest.fixture(autouse=True)
def _fresh_rate_limits(app):
    """Login-failure counters are per process: each test starts with none."""
    limiter.reset()


@pytest.fixture
def client(app):
    return app.test_client()


def log_in(client, user: User) -> User:
    """Log a user in without the login form (the form itself has its own tests)."""
    with client.application.test_request_context(environ_base=client.environ_base):
        #: "strong" session protection drops a session whose _id does not match the client
        session_id = login_manager._session_identifier_generator()
    with client.session_transaction() as session:
        session["_user_id"] = user.get_id()
        session["_fresh"] = True
        session["_id"] = session_id
    return user


@pytest.fixture
def login(client):
    """login(role_or_user) → the logged-in user; builds a user of that role when given a role."""

    def _login(who: Role | str | User = Role.staff, **user_fields) -> User:
        user = who if isinstance(who, User) else factories.user_for_role(Role(who), **user_fields)
        return log_in(client, user)

    return _login


class QueryCounter:
    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)

    def __repr__(self) -> str:
        return f"<{self.count} queries>\n" + "\n".join(self.statements)


@contextmanager
def counting_queries() -> Iterator[QueryCounter]:
    """Count the SQL statements run inside the block (SAVEPOINT bookkeeping excluded)."""
    counter = QueryCounter()

    def before_cursor_execute(conn, cursor, statement, parameters, context, executemany):
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK TO")):
            counter.statements.append(statement)

    engine = _db.engine
    event.listen(engine, "before_cursor_execute", before_cursor_execute)
    try:
        yield counter
    finally:
        event.remove(engine, "before_cursor_execute", before_cursor_execute)


@pytest.fixture
def count_queries():
    """with count_queries() as q: client.get(...); assert q.count == N"""
    return counting_queries


def assert_query_count_flat(client, url: str, grow, *, forget=None) -> None:
    """A page's query count must not grow with the data: measure, add rows, measure again.

    ``forget``: for a page that keeps what it computed between views (the caseload), drops what it keeps. Each
    measure is then of a cold view (forget() first) and of the warm view after it, and both must stay flat."""
    def measure() -> tuple[int, ...]:
        counts = []
        for cold in ((True, False) if forget else (False,)):
            if cold:
                forget()
            with counting_queries() as ran:
                response = client.get(url)
            assert response.status_code == 200, response.status_code
            counts.append(ran.count)
        return tuple(counts), ran

    client.get(url)  # warm caches (mapper configuration, first-use queries)
    before, _ = measure()
    grow()
    after, ran = measure()
    assert after == before, f"query count grew: {before} → {after}\n{ran!r}"


@pytest.fixture
def sql(db):
    """Run a raw count or scalar query: sql('select count(*) from users')."""
    return lambda text, **params: _db.session.execute(sa.text(text), params).scalar()
