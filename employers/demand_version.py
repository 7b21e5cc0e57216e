"""The demand version: a token the database draws anew with every write the demand board reads.

The demand board's figures (employers/demand.py) are grouped over every open hiring need and
competency; they are kept per app between requests under the token read at the start of the
request, and so recomputed exactly when the data under them changed. Triggers draw the token in
the same transaction as every write to

    hiring_needs (insert, delete, update of a column the board reads), hiring_need_skills (any
    write), skills (a new label)

whichever path wrote it (pages, services, the workbook import, `seed-scale`, raw SQL, cascades),
so no application code has to remember it. The token is random (128 bits), never a counter: a
transaction that wrote and then rolled back must not hand its number to another's data.

On PostgreSQL the triggers run BEFORE each statement, so a transaction takes the token's row
lock before any row lock of the demand tables (writers queue in one order: no deadlock between
them), and once per statement however many rows COPY or a bulk insert writes. SQLite has one
writer at a time and row triggers only.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

#: the hiring need columns the board groups, sums, counts or filters on
BOARD_COLUMNS = ("status", "submitted_at", "role_title", "region", "openings", "needed_by", "employer_id")
#: (table, what writes to it draw a new token)
WATCHED = (
    ("hiring_needs", f"INSERT OR DELETE OR UPDATE OF {', '.join(BOARD_COLUMNS)}"),
    ("hiring_need_skills", "INSERT OR DELETE OR UPDATE"),
    ("skills", "UPDATE OF label"),
)


class DemandVersion(Base):
    """The one row (id 1) holding the current token; absent until the first write after creation."""

    __tablename__ = "demand_versions"
    __repr_attr__ = "token"
    __table_args__ = (sa.CheckConstraint("id = 1", name="one_row"),)

    #: primary key, always 1 (check one_row)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: 32 random hex digits, drawn by the triggers
    token: Mapped[str] = mapped_column(sa.String(32))


def _draw(token: str) -> str:
    return (f"INSERT INTO demand_versions (id, token) VALUES (1, {token}) "
            "ON CONFLICT (id) DO UPDATE SET token = excluded.token")


def _sqlite_ddl() -> list[str]:
    draw = _draw("lower(hex(randomblob(16)))")
    statements = []
    for table, events in WATCHED:
        for op in events.split(" OR "):
            name = f"demand_version_{table}_{op.split()[0].lower()}"
            statements.append(f"CREATE TRIGGER {name} AFTER {op} ON {table} BEGIN {draw}; END")
    return statements


def _pg_ddl() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION demand_version_drawn() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        {_draw("replace(gen_random_uuid()::text, '-', '')")};
        RETURN NULL;
        END $body$""",
        *(f"""CREATE TRIGGER demand_version_{table} BEFORE {events}{' OR TRUNCATE' if 'INSERT' in events else ''}
        ON {table} FOR EACH STATEMENT EXECUTE FUNCTION demand_version_drawn()""" for table, events in WATCHED),
    ]


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers (and PostgreSQL's function) on `dialect`."""
    if dialect == "postgresql":
        return _pg_ddl()
    if dialect == "sqlite":
        return _sqlite_ddl()
    raise NotImplementedError(f"the demand version needs triggers written for {dialect}")


@event.listens_for(Base.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same triggers as the migration."""
    if DemandVersion.__table__ in kw.get("tables", ()):
        for statement in trigger_ddl(connection.dialect.name):
            connection.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "after_drop")
def _drop_function(target, connection, **kw) -> None:
    """PostgreSQL's trigger function outlives the tables; drop it with the schema."""
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql("DROP FUNCTION IF EXISTS demand_version_drawn() CASCADE")
