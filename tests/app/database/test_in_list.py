"""app.db.in_list: a column IN a list given at execution, the same rows on both databases, and one
parameter (an array on PostgreSQL, JSON on SQLite), so the statement's text is the same for every
length of list."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from app.db import in_list
from app.extensions import db
from app.models import User
from tests import factories
from tests.conftest import counting_queries

ROWS = sa.select(User.id).where(in_list(User.id, "ids"), in_list(User.email, "emails")).order_by(User.id)


def test_postgresql_gets_one_array_parameter_and_sqlite_one_json_parameter():
    assert "users.id = ANY (%(ids)s::INTEGER[])" in str(ROWS.compile(dialect=postgresql.psycopg.dialect()))
    on_sqlite = " ".join(str(ROWS.compile(dialect=sqlite.dialect())).split())
    assert "users.id IN (SELECT value FROM json_each(?))" in on_sqlite
    assert "POSTCOMPILE" not in on_sqlite
    assert "= 1" not in on_sqlite  # no boolean comparison an index cannot serve


def test_the_database_is_sent_one_text_for_every_length_of_list():
    users = [factories.UserFactory() for _ in range(7)]
    db.session.flush()
    with counting_queries() as ran:
        for length in (0, 1, 7):
            ids = [user.id for user in users[:length]]
            db.session.execute(ROWS, {"ids": ids, "emails": [user.email for user in users]}).all()
    assert len(ran.statements) == 3 and len(set(ran.statements)) == 1, ran


def test_sqlite_reads_the_list_through_the_index():
    connection = db.session.connection()
    if connection.dialect.name != "sqlite":
        pytest.skip("SQLite's plan")
    text = str(sa.select(User.id).where(in_list(User.id, "ids")).compile(connection))
    plan = connection.exec_driver_sql(f"EXPLAIN QUERY PLAN {text}", ("[1, 2]",)).all()
    assert any("SEARCH users USING INTEGER PRIMARY KEY" in row[-1] for row in plan), plan


@settings(max_examples=20, deadline=None)
@given(picked=st.lists(st.integers(0, 4)), kind=st.sampled_from([list, tuple, set, frozenset]))
def test_the_same_rows_as_a_python_filter(picked, kind):
    users = [factories.UserFactory() for _ in range(5)]
    db.session.flush()
    ids = [users[n].id for n in picked]
    emails = [user.email for user in users[:3]]
    found = db.session.execute(ROWS, {"ids": kind(ids), "emails": kind(emails)}).scalars().all()
    assert found == sorted({users[n].id for n in picked if n < 3})
