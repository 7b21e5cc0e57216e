"""Declarative base, naming convention and column helpers shared by every model."""

from __future__ import annotations

import enum
import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.dialects.postgresql import ARRAY
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from wtforms.fields.choices import SelectChoice

#: deterministic constraint names, so Alembic migrations are the same on every database
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)

    def __repr__(self) -> str:
        key = getattr(self, "__repr_attr__", "id")
        return f"<{type(self).__name__} {key}={getattr(self, key, None)!r}>"


#: flag on a worker task's app context (app.tasks.queue): on SQLite its transactions take the write
#: lock first (BEGIN IMMEDIATE, app/__init__.py), as a request that may write does
WRITING_TASK = "bridgework_writing_task"


@contextmanager
def writes_first() -> Iterator[None]:
    """Within it, transactions on SQLite take the write lock first, as a task's do: for code outside
    a request that reads then writes while a worker may be writing (a script, a test)."""
    from flask import g

    before = g.get(WRITING_TASK, False)
    setattr(g, WRITING_TASK, True)
    try:
        yield
    finally:
        setattr(g, WRITING_TASK, before)


def utcnow() -> datetime:
    """Timezone-aware UTC now; used as a column default callable, never at import time."""
    return datetime.now(UTC)


class UTCDateTime(sa.types.TypeDecorator):
    """Stores naive UTC, hands back aware UTC: SQLite keeps no zone, PostgreSQL may."""

    impl = sa.DateTime
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value

    def process_result_value(self, value: datetime | None, dialect: Any) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class StrEnum(str, enum.Enum):
    """A status or kind whose value is what the database, forms and workbook all use."""

    def __str__(self) -> str:
        return self.value

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[SelectChoice]:
        """The members as SelectField choices (value, label)."""
        return [SelectChoice(value=member.value, label=member.label) for member in cls]


def enum_column(enum_cls: type[StrEnum], name: str, **kwargs: Any) -> sa.Enum:
    """A portable enum: VARCHAR plus a named CHECK constraint (no native PG types to migrate)."""
    return sa.Enum(
        enum_cls,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
        **kwargs,
    )


class TimestampMixin:
    #: when the row was created (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)
    #: when the row last changed (UTC)
    updated_at: Mapped[datetime] = mapped_column(
        UTCDateTime, default=utcnow, onupdate=utcnow, nullable=False
    )


def render_migration_item(type_: str, obj: Any, autogen_context: Any) -> str | bool:
    """Alembic autogenerate: write our column types as plain SQLAlchemy types.

    Migrations must not import the app (they outlive its code), so UTCDateTime is
    rendered as the DateTime it stores.
    """
    if type_ == "type" and isinstance(obj, UTCDateTime):
        return "sa.DateTime()"
    return False


# --- portable SQL for analytics ---------------------------------------------------------------


class day_number(sa.sql.functions.FunctionElement):
    """A DATE as whole days since 1970-01-01 (NULL stays NULL), so date rules are integer sums.

    SQLite stores dates as ISO text (julianday is x.5 at midnight, so the difference is whole);
    PostgreSQL subtracts dates to an integer.
    """

    type = sa.Integer()
    inherit_cache = True


@compiles(day_number, "sqlite")
def _day_number_sqlite(element, compiler, **kw) -> str:
    return f"CAST(julianday({compiler.process(element.clauses, **kw)}) - 2440587.5 AS INTEGER)"


@compiles(day_number, "postgresql")
def _day_number_postgresql(element, compiler, **kw) -> str:
    return f"(({compiler.process(element.clauses, **kw)}) - DATE '1970-01-01')"


class in_list(sa.sql.functions.FunctionElement):
    """``in_list(column, name)``: column IN the list given as parameter ``name`` at execution.

    One parameter, one statement text whatever the list's length: PostgreSQL gets ``column =
    ANY(:name)`` (an array), so the connection keeps its plan (keep_read_plans) and the driver converts
    it once; SQLite gets ``column IN (SELECT value FROM json_each(:name))`` (the list as JSON), so its
    statement cache keeps the prepared statement. An expanding IN writes a parameter per item into a
    new text for each length (a cohort's 171 people: the plan made again each time, and ~0.5 ms
    converting the text); other databases get that. For id and text columns (the array takes the
    column's type; JSON keeps numbers and strings apart as SQLite compares them).
    """

    #: no type: a Boolean one would be written "… = 1" on SQLite, which no index serves
    type = sa.types.NullType()
    inherit_cache = True

    def __init__(self, column, name: str) -> None:
        super().__init__(column, sa.bindparam(name))


def _in_list_parts(element) -> tuple:
    column, parameter = element.clauses.clauses
    return column, parameter.key


@compiles(in_list)
def _in_list_expanding(element, compiler, **kw) -> str:
    column, name = _in_list_parts(element)
    return compiler.process(column.in_(sa.bindparam(name, expanding=True)), **kw)


class _JsonList(sa.types.TypeDecorator):
    """Any collection (list, tuple, set…) sent as a JSON array."""

    impl = sa.String
    cache_ok = True

    def process_bind_param(self, value, dialect):
        return json.dumps(list(value))


@compiles(in_list, "sqlite")
def _in_list_json(element, compiler, **kw) -> str:
    column, name = _in_list_parts(element)
    values = sa.select(sa.column("value")).select_from(sa.func.json_each(sa.bindparam(name, type_=_JsonList())))
    return compiler.process(column.in_(values.scalar_subquery()), **kw)


@compiles(in_list, "postgresql")
def _in_list_array(element, compiler, **kw) -> str:
    column, name = _in_list_parts(element)  # ARRAY takes any collection, as an expanding IN does
    return compiler.process(column == sa.any_(sa.bindparam(name, type_=ARRAY(column.type))), **kw)


@contextmanager
def flush_unique(session: sa.orm.Session, refusal: Exception) -> Iterator[None]:
    """Flush the block's changes in a savepoint: a unique key they break after the service's own
    check (another request won the race, or the database folds case differently from Python)
    raises ``refusal`` instead, and the transaction around it stays usable.

    Make the changes inside the block: begin_nested() flushes what is already pending before its
    SAVEPOINT, so a clash there would roll back the whole transaction.
    """
    session.flush()
    try:
        with session.begin_nested():
            yield
    except sa.exc.IntegrityError as exc:
        raise refusal from exc


def json_safe(value: Any) -> Any:
    """A column value as JSON takes it: enums as their stored value, dates in ISO 8601, Decimals
    as numbers (the audit log, subject-access exports and edit snapshots all use this one form)."""
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


# --- work that waits for the commit (mail, webhooks) --------------------------------------------

#: the session.info keys after_commit() dispatches from: a request holding any ends as it would (read_commits)
_AFTER_COMMIT_KEYS: set[str] = set()


def work_waits_for_commit(session: sa.orm.Session) -> bool:
    """Something is queued to be handed on when the session's transaction commits (after_commit)."""
    return any(session.info.get(key) for key in _AFTER_COMMIT_KEYS)


def after_commit(key: str, dispatch) -> None:
    """Hand what ``session.info[key]`` collected to ``dispatch(items)`` once its transaction commits;
    a rolled-back change takes its items with it (a savepoint's rollback leaves the rest queued)."""
    from sqlalchemy import event
    from sqlalchemy.orm import Session

    _AFTER_COMMIT_KEYS.add(key)

    @event.listens_for(Session, "after_soft_rollback")
    def forget_rolled_back(session: Session, previous_transaction) -> None:
        if previous_transaction.parent is None and not previous_transaction.nested:
            session.info.pop(key, None)

    @event.listens_for(Session, "after_commit")
    def dispatch_after_commit(session: Session) -> None:
        items = session.info.pop(key, None)
        if items:
            dispatch(items)
