"""Counts of growing tables kept by the database, so no page counts a whole table to show a total.

The staff home shows how many participants and live (not voided) placements there are, and the
participants list how many people are not erased. Counting 50,000 people or 30,000 placements on
every view is a scan on PostgreSQL, so triggers keep (COUNTED below)

    row_counts('participants')       = rows of participants
    row_counts('live_participants')  = rows of participants whose anonymised_at is NULL
    row_counts('live_placements')    = rows of placements whose voided_at is NULL

in the same statement as every write, whichever path wrote it (pages, the workbook import,
`seed-scale`'s COPY, cascading deletes, erasure). On PostgreSQL inserts and updates are counted
once per statement over its transition tables (an update that moves no row in or out of a count
leaves it alone), deletes per row (a delete that cascades from another table runs its own
statements); SQLite fires per row. A write that changes a count holds that count's row until it commits, so two transactions adding people queue there for the moment
of their commit: people and placements are written one at a time by staff, or in one bulk
statement, so the queue is short. `recount_statements()` recomputes both from the tables.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

#: name → (table, the column whose change can move the row in or out or None, the rows counted as
#: a condition on a row alias {r})
COUNTED: dict[str, tuple[str, str | None, str]] = {
    "participants": ("participants", None, "TRUE"),
    "live_participants": ("participants", "anonymised_at", "{r}.anonymised_at IS NULL"),
    "live_placements": ("placements", "voided_at", "{r}.voided_at IS NULL"),
}
#: the tables counted, in a fixed order
TABLES = tuple(dict.fromkeys(table for table, _, _ in COUNTED.values()))


class RowCount(Base):
    __tablename__ = "row_counts"
    __repr_attr__ = "value"
    __table_args__ = (sa.CheckConstraint("value >= 0", name="value_not_negative"),)

    #: what is counted (a key of COUNTED)
    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    #: written by triggers only
    value: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def recount_statements() -> list[str]:
    """Set every count from its table (the migration, after create_all, and a repair)."""
    return [f"DELETE FROM row_counts WHERE name = '{name}'" for name in COUNTED] + [
        f"INSERT INTO row_counts (name, value) SELECT '{name}', count(*) FROM {table} AS r WHERE {condition.format(r='r')}"
        for name, (table, _, condition) in COUNTED.items()]


def _change(name: str, amount: str) -> str:
    return f"UPDATE row_counts SET value = value + ({amount}) WHERE name = '{name}'"


def _counted(table: str) -> list[tuple[str, str | None, str]]:
    return [(name, column, condition) for name, (t, column, condition) in COUNTED.items() if t == table]


def _sqlite_ddl() -> list[str]:
    ddl = []
    for table in TABLES:
        for name, column, condition in _counted(table):
            new, old = condition.format(r="NEW"), condition.format(r="OLD")
            ddl += [f"CREATE TRIGGER count_{name}_insert AFTER INSERT ON {table} WHEN {new} BEGIN {_change(name, '1')}; END",
                    f"CREATE TRIGGER count_{name}_delete AFTER DELETE ON {table} WHEN {old} BEGIN {_change(name, '-1')}; END"]
            if column:
                ddl.append(f"""CREATE TRIGGER count_{name}_update AFTER UPDATE OF {column} ON {table}
                    WHEN ({new}) <> ({old}) BEGIN {_change(name, f'({new}) - ({old})')}; END""")
    return ddl


def _pg_function(name: str, body: str, returns: str = "NULL", declare: str = "") -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
        {declare} BEGIN {body} RETURN {returns}; END $body$"""


def _pg_ddl() -> list[str]:
    ddl = []
    for table in TABLES:
        counted = _counted(table)
        added = " ".join(_change(name, f"SELECT count(*) FROM new_rows AS r WHERE {condition.format(r='r')}") + ";"
                         for name, _, condition in counted)
        removed = " ".join(f"IF {condition.format(r='OLD')} THEN {_change(name, '-1')}; END IF;"
                           for name, _, condition in counted)
        # a statement that moves no row in or out (most updates) leaves the count's row alone
        changed = " ".join(
            f"""delta := (SELECT count(*) FROM new_rows AS r WHERE {condition.format(r='r')})
                       - (SELECT count(*) FROM old_rows AS r WHERE {condition.format(r='r')});
                IF delta <> 0 THEN {_change(name, 'delta')}; END IF;""" for name, column, condition in counted if column)
        ddl += [_pg_function(f"count_{table}_added", added), _pg_function(f"count_{table}_removed", removed, "OLD"),
                f"""CREATE TRIGGER count_{table}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION count_{table}_added()""",
                f"""CREATE TRIGGER count_{table}_delete AFTER DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION count_{table}_removed()"""]
        if changed:
            ddl += [_pg_function(f"count_{table}_changed", changed, declare="DECLARE delta bigint;"),
                    f"""CREATE TRIGGER count_{table}_update AFTER UPDATE ON {table}
                        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION count_{table}_changed()"""]
    return ddl


def pg_functions() -> list[str]:
    """PostgreSQL's trigger functions: they outlive their tables, so they are dropped with the schema."""
    return [f"count_{table}_{kind}" for table in TABLES for kind in ("added", "removed", "changed")]


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the counting triggers (and PostgreSQL's functions) on dialect."""
    if dialect == "postgresql":
        return _pg_ddl()
    if dialect == "sqlite":
        return _sqlite_ddl()
    raise NotImplementedError(f"the row counts need triggers written for {dialect}")


@event.listens_for(Base.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same triggers and starting counts as the migration."""
    if RowCount.__table__ in kw.get("tables", ()):
        for statement in trigger_ddl(connection.dialect.name) + recount_statements():
            connection.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "after_drop")
def _drop_functions(target, connection, **kw) -> None:
    if connection.dialect.name == "postgresql":
        for name in pg_functions():
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
