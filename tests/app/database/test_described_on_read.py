"""PostgreSQL cursors build a result's description only when it is read (app.db.postgres): what they
describe is what psycopg's own cursor describes, and the app's connections use them."""

from __future__ import annotations

import os

import psycopg
import pytest
import sqlalchemy as sa

from app.db.postgres import DescribedOnReadCursor

POSTGRES_URL = os.environ.get("TEST_DATABASE_URL", "")
pytestmark = pytest.mark.skipif(not POSTGRES_URL.startswith("postgresql"), reason="PostgreSQL only")
QUERY = "SELECT 1 AS one, 'two'::text AS two, now() AS three, NULL::numeric(10, 2) AS four"


def _connect() -> psycopg.Connection:
    return psycopg.connect(sa.make_url(POSTGRES_URL).set(drivername="postgresql").render_as_string(False))


def _as_tuples(description) -> list[tuple]:
    return [(column.name, column.type_code, tuple(column)) for column in description]


def test_the_description_is_psycopgs():
    with _connect() as connection:
        expected = _as_tuples(connection.cursor().execute(QUERY).description)
        cursor = DescribedOnReadCursor(connection).execute(QUERY)
        assert len(cursor.description) == 4
        assert _as_tuples(cursor.description) == expected
        assert cursor.description[1].name == "two" and [c.name for c in cursor.description[1:3]] == ["two", "three"]
        assert cursor.execute("CREATE TEMPORARY TABLE probe (id int)").description is None
        assert len(cursor.execute("SELECT").description) == 0  # rows without columns are still described


def test_a_description_read_late_tells_of_its_own_result():
    with _connect() as connection:
        cursor = DescribedOnReadCursor(connection)
        first = cursor.execute("SELECT 1 AS early").description
        cursor.execute("SELECT 2 AS late, 3 AS later")
        assert [column.name for column in first] == ["early"]


def test_the_apps_connections_use_it(app):  # on TEST_DATABASE_URL, as the module is
    from app.extensions import db

    with db.engine.connect() as connection:
        dbapi_connection = connection.connection.dbapi_connection
        assert dbapi_connection.cursor_factory is DescribedOnReadCursor
        result = connection.execute(sa.text("SELECT 1 AS one, 2 AS two"))
        assert list(result.keys()) == ["one", "two"] and result.one() == (1, 2)
