"""The bulk writer behind `flask seed-scale`: tuples into one table at a time, by the driver's fastest path.

COPY on PostgreSQL, executemany on SQLite (with values stored as SQLAlchemy's SQLite types
would store them). Columns a row leaves out take their model default.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from decimal import Decimal

import sqlalchemy as sa

from app.db import utcnow
from app.extensions import db

Progress = Callable[[str], None]


class BulkWriter:
    """Bulk-writes tuples into one table through the fastest path the driver has."""

    def __init__(self, progress: Progress, stamp: datetime) -> None:
        self.connection = db.session.connection()
        self.dialect = self.connection.dialect.name
        self.progress, self.stamp = progress, stamp
        self.counts: dict[str, int] = {}

    def base_id(self, table: str) -> int:
        """Ids continue after any rows already there (e.g. the demo or the question bank)."""
        return self.connection.execute(sa.text(f"SELECT coalesce(max(id), 0) FROM {table}")).scalar()

    def write(self, name: str, columns: Sequence[str], rows: Iterable[tuple]) -> None:
        started = time.perf_counter()
        table = _metadata().tables[name]
        columns, extra = self._fill(table, list(columns))
        rows = (row + extra for row in rows) if extra else rows
        if self.dialect == "postgresql":
            count = self._copy(name, columns, rows)
        else:
            count = self._executemany(name, columns, rows)
        self.counts[name] = self.counts.get(name, 0) + count
        self.progress(f"  {name:22} {count:>10,} rows  {time.perf_counter() - started:6.1f} s")

    def _fill(self, table: sa.Table, columns: list[str]) -> tuple[list[str], tuple]:
        """Columns left out take their model default: a plain value, or the load's timestamp."""
        extra = []
        for column in table.c:
            if column.name in columns or column.server_default is not None or column.nullable:
                continue
            default = column.default
            if default is not None and default.is_scalar:
                value = default.arg
            elif default is not None and getattr(default.arg, "__wrapped__", None) is utcnow:
                value = self.stamp
            else:
                raise ValueError(f"{table.name}.{column.name} needs a value")
            columns.append(column.name)
            extra.append(value)
        return columns, tuple(extra)

    def _copy(self, name: str, columns: list[str], rows: Iterable[tuple]) -> int:
        raw = self.connection.connection.dbapi_connection
        count = 0
        with raw.cursor() as cursor, cursor.copy(f"COPY {name} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
                count += 1
        return count

    def _executemany(self, name: str, columns: list[str], rows: Iterable[tuple]) -> int:
        sql = f"INSERT INTO {name} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        raw = self.connection.connection.dbapi_connection
        cursor, count, batch = raw.cursor(), 0, []
        for row in rows:
            batch.append(tuple(_sqlite_value(v) for v in row))
            if len(batch) == 50_000:
                cursor.executemany(sql, batch)
                count, batch = count + len(batch), []
        if batch:
            cursor.executemany(sql, batch)
            count += len(batch)
        cursor.close()
        return count

    def reset_sequences(self, tables: Iterable[str]) -> None:
        """PostgreSQL: ids were given explicitly, so move each id sequence past them."""
        if self.dialect != "postgresql":
            return
        for name in tables:
            self.connection.execute(sa.text(
                f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                f"(SELECT coalesce(max(id), 0) + 1 FROM {name}), false)"))


def _metadata() -> sa.MetaData:
    from app.db import Base

    return Base.metadata


def _sqlite_value(value):
    """SQLite stores what SQLAlchemy's SQLite types would: ISO text for dates, 0/1, floats."""
    kind = type(value)
    if kind is datetime:
        return value.strftime("%Y-%m-%d %H:%M:%S.%f")
    if kind is date:
        return value.isoformat()
    if kind is bool:
        return int(value)
    if kind is Decimal:
        return float(value)
    return value
