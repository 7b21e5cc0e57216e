"""Pages of a list already in memory, for the same `paginate` macro as the database lists."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flask_sqlalchemy.pagination import Pagination, SelectPagination
from sqlalchemy import Select, select, tuple_
from sqlalchemy.orm import InstrumentedAttribute

from app.extensions import db


class ListPagination(Pagination):
    """Flask-SQLAlchemy's Pagination over a sequence: ``ListPagination(items=rows, page=…, per_page=…)``.

    For figures computed in one pass (the outcomes by cohort): the whole list exists already,
    but a page of it is what the browser should have to render.
    """

    def _query_items(self) -> list[Any]:
        rows: Sequence[Any] = self._query_args["items"]
        return list(rows[self._query_offset:self._query_offset + self.per_page])

    def _query_count(self) -> int:
        return len(self._query_args["items"])


class CountedPagination(SelectPagination):
    """``db.paginate``'s pages, counted by a statement of the caller's (``counted_page``)."""

    def _query_count(self) -> int:
        return self._query_args["session"].scalar(self._query_args["count_stmt"])


class RowPagination(Pagination):
    """A page of rows of ``select`` (Flask-SQLAlchemy's pages hold only the first column of each),
    each made into ``row(*columns)`` when given, its total from ``count_select`` (a statement, or a
    number the caller keeps): ``RowPagination(select=…, count_select=…, row=…, page=…, per_page=…)``."""

    def _query_items(self) -> list[Any]:
        stmt = self._query_args["select"].limit(self.per_page).offset(self._query_offset)
        row = self._query_args.get("row")
        result = db.session.execute(stmt)
        return [row(*columns) for columns in result] if row else list(result)

    def _query_count(self) -> int:
        total = self._query_args["count_select"]
        return total if isinstance(total, int) else db.session.scalar(total)


def counted_page(stmt: Select, count_stmt: Select, *, page: int | None, per_page: int | None = None,
                 max_per_page: int | None = 100) -> Pagination:
    """A page of ``stmt`` as ``db.paginate(stmt, …, error_out=False)``, its total from ``count_stmt``.

    ``db.paginate`` counts the rows of the whole select, joins included; ``count_stmt`` counts
    the list's own table under the same filters, which an index answers without the join.
    """
    return CountedPagination(select=stmt, count_stmt=count_stmt, session=db.session(), page=page,
                             per_page=per_page, max_per_page=max_per_page, error_out=False)


def _row_id(value: str | None) -> int | None:
    return int(value) if value and value.isascii() and value.isdigit() and 0 < int(value) < 2 ** 63 else None


@dataclass(frozen=True)
class Cursor:
    """Where a page starts: after a row, before a row (both by id), or at the end; else at the start."""

    after: int | None = None
    before: int | None = None
    last: bool = False

    @classmethod
    def from_args(cls, args: Mapping[str, str]) -> Cursor:
        if after := _row_id(args.get("after")):
            return cls(after=after)
        if before := _row_id(args.get("before")):
            return cls(before=before)
        return cls(last=args.get("last") == "1")


@dataclass(frozen=True)
class KeysetPage:
    """One page of rows, where it sits in the whole list, and the cursors of the pages either side."""

    items: list[Any]
    total: int
    #: position of the first row in the whole list, from 1 (0 for an empty page)
    first: int
    #: query-string arguments of the previous and next pages ({} when there is none)
    prev_cursor: dict[str, int]
    next_cursor: dict[str, int]

    @property
    def last(self) -> int:
        return self.first + len(self.items) - 1 if self.items else 0

    @property
    def has_prev(self) -> bool:
        return bool(self.prev_cursor)

    @property
    def has_next(self) -> bool:
        return bool(self.next_cursor)


def keyset_page(
    stmt: Select, count_stmt: Select, key: Sequence[InstrumentedAttribute], cursor: Cursor, per_page: int,
    total: int | None = None,
) -> KeysetPage:
    """``per_page`` rows of ``stmt`` (filtered, unordered) in ``key`` order from ``cursor``.

    ``key`` ends with the primary key, so it is unique; ``count_stmt`` counts ``stmt``'s rows and
    gives the total (unless the caller has a cheaper ``total``) and, inside the list, the position.
    ``stmt`` selects one entity (the page holds objects) or columns including ``key`` (the page
    holds rows, cheaper to read when a list shows a few fields of many records).
    """
    items, more = _rows(stmt, key, cursor, per_page)
    if items is None:  # the cursor's row was deleted: start again from the top
        cursor = Cursor()
        items, more = _rows(stmt, key, cursor, per_page)
    elif not items and (cursor.after or cursor.before):  # nothing past the cursor: the end it ran into
        cursor = Cursor(last=bool(cursor.after))
        items, more = _rows(stmt, key, cursor, per_page)
    if total is None:
        total = db.session.scalar(count_stmt)
    if not items:
        first = 0
    elif cursor.last:
        first = total - len(items) + 1
    elif cursor.after or cursor.before:
        before_it = tuple_(*key) < tuple_(*(getattr(items[0], column.key) for column in key))
        first = db.session.scalar(count_stmt.where(before_it)) + 1
    else:
        first = 1
    backward = bool(cursor.before or cursor.last)
    has_prev, has_next = (more, bool(cursor.before)) if backward else (bool(cursor.after), more)
    row_id = key[-1].key
    return KeysetPage(
        items=items, total=total, first=first,
        prev_cursor={"before": getattr(items[0], row_id)} if has_prev else {},
        next_cursor={"after": getattr(items[-1], row_id)} if has_next else {},
    )


def _rows(stmt: Select, key: Sequence[InstrumentedAttribute], cursor: Cursor, per_page: int) -> tuple[list | None, bool]:
    """The page's rows in key order and whether more lie beyond them (None: no such cursor row)."""
    row_key = tuple_(*key)
    if cursor.after or cursor.before:
        at = db.session.execute(select(*key).where(key[-1] == (cursor.after or cursor.before))).first()
        if at is None:
            return None, False
        stmt = stmt.where(row_key > tuple_(*at) if cursor.after else row_key < tuple_(*at))
    backward = bool(cursor.before or cursor.last)
    stmt = stmt.order_by(*(column.desc() for column in key) if backward else key)
    stmt = stmt.limit(per_page + 1)
    items = list(db.session.scalars(stmt) if _selects_one_entity(stmt) else db.session.execute(stmt))
    more = len(items) > per_page
    del items[per_page:]
    if backward:
        items.reverse()
    return items, more


def _selects_one_entity(stmt: Select) -> bool:
    described = stmt.column_descriptions
    return len(described) == 1 and described[0]["entity"] is not None and described[0]["expr"] is described[0]["entity"]
