"""app.db.in_list: a column IN a list given at execution, the same rows on both databases; on
PostgreSQL one array parameter, so the statement's text is the same for every length of list."""

from __future__ import annotations

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy.dialects import postgresql, sqlite

from app.db import in_list
from app.extensions import db
from app.models import User
from tests import factories

ROWS = sa.select(User.id).where(in_list(User.id, "ids"), in_list(User.email, "emails")).order_by(User.id)


def test_postgresql_gets_one_array_parameter_and_sqlite_an_expanding_in():
    assert "users.id = ANY (%(ids)s::INTEGER[])" in str(ROWS.compile(dialect=postgresql.psycopg.dialect()))
    assert "users.id IN (__[POSTCOMPILE_ids])" in str(ROWS.compile(dialect=sqlite.dialect()))
    assert "= 1" not in str(ROWS.compile(dialect=sqlite.dialect()))  # no boolean comparison an index cannot serve


@settings(max_examples=20, deadline=None)
@given(picked=st.lists(st.integers(0, 4)), kind=st.sampled_from([list, tuple, set, frozenset]))
def test_the_same_rows_as_a_python_filter(picked, kind):
    users = [factories.UserFactory() for _ in range(5)]
    db.session.flush()
    ids = [users[n].id for n in picked]
    emails = [user.email for user in users[:3]]
    found = db.session.execute(ROWS, {"ids": kind(ids), "emails": kind(emails)}).scalars().all()
    assert found == sorted({users[n].id for n in picked if n < 3})
