"""Declarative base, naming convention and column helpers shared by every model."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

import sqlalchemy as sa
from flask import has_request_context, request
from psycopg.pq import TransactionStatus
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

    PostgreSQL gets ``column = ANY(:name)``, one array parameter: one statement text whatever the
    list's length, so the connection keeps its plan (keep_read_plans) and the driver converts it once.
    An expanding IN writes a parameter per item into a new text for each length (a cohort's 171
    people: the plan made again each time, and ~0.5 ms converting the text). Elsewhere it is that
    expanding IN. For id and text columns (the array takes the column's type).
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


# --- PostgreSQL: plans kept between requests ----------------------------------------------------
# psycopg prepares a statement once it has run prepare_threshold (5) times on a connection, and
# PostgreSQL then reuses its plan instead of planning it again (planning was most of the database's
# time: 1.5–3.5 ms for the participant page's two largest reads, which run in 0.2–0.5 ms). But
# psycopg forgets every prepared statement on each ROLLBACK, and every request ended with one: the
# session's close rolls back what is left. A request that wrote nothing ends with COMMIT instead,
# which is the same for the database and keeps the connection's prepared statements.

#: connection.info flag: this transaction ran a statement other than a SELECT (or queued work for after commit)
_WROTE = "bridgework_wrote"
#: how many prepared statements a connection keeps (psycopg's default is 100; the app runs ~250 kinds of read)
PREPARED_PER_CONNECTION = 400


def keep_read_plans(app, db) -> None:
    """On PostgreSQL, end each request that wrote nothing with COMMIT (see above); a request that
    wrote, flushed, has changes pending or failed ends as before, with ROLLBACK. Connections also
    keep more prepared statements, and run without JIT compilation (_without_jit)."""
    if not str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        return
    with app.app_context():
        engine = db.engine
    if sa.event.contains(engine, "do_connect", _without_jit):
        return
    sa.event.listen(engine, "do_connect", _without_jit)
    if not app.config.get("DATABASE_PREPARED_STATEMENTS", True):
        sa.event.listen(engine, "connect", _prepare_nothing)
        return
    sa.event.listen(engine, "connect", _keep_more_prepared)
    sa.event.listen(engine, "after_cursor_execute", _note_writes)
    for name in ("commit", "rollback"):
        sa.event.listen(engine, name, _forget_writes)
    sa.event.listen(engine, "checkin", _forget_writes_on_checkin)
    sa.event.listen(engine, "begin", _read_without_transaction)
    sa.event.listen(engine, "before_cursor_execute", _transaction_before_writing)
    sa.event.listen(engine, "checkin", _transactions_again)

    @app.teardown_request
    def commit_reads(error: BaseException | None) -> None:
        if error is None and db.session.registry.has() and _wrote_nothing(session := db.session()):
            session.expire_on_commit = False  # the session ends here: expiring what it loaded is wasted work
            try:
                session.commit()
            except sa.exc.SQLAlchemyError:  # nothing was written: the session's close rolls back as before
                app.logger.warning("COMMIT of a read-only request failed", exc_info=True)


def _wrote_nothing(session: sa.orm.Session) -> bool:
    """The session's transaction only read: nothing pending, flushed, executed or queued for after its commit
    (a transaction a failed statement left inactive answers False too)."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return False
    if any(session.info.get(key) for key in _AFTER_COMMIT_KEYS):
        return False
    try:
        return not session.connection().info.get(_WROTE)
    except sa.exc.SQLAlchemyError:
        return False


def _without_jit(dialect, connection_record, cargs, cparams) -> None:
    """Connect with JIT compilation off: PostgreSQL compiles a statement whose estimate passes
    jit_above_cost on every run, prepared or not (28 ms of a national coach's 113 ms caseload read),
    which pays only for long analytical queries, never for a page's reads."""
    options = cparams.get("options", "")
    if "jit" not in options:
        cparams["options"] = f"{options} -c jit=off".strip()


def _prepare_nothing(dbapi_connection, connection_record) -> None:
    if hasattr(dbapi_connection, "prepare_threshold"):
        dbapi_connection.prepare_threshold = None


def _keep_more_prepared(dbapi_connection, connection_record) -> None:
    if hasattr(dbapi_connection, "prepared_max"):
        dbapi_connection.prepared_max = PREPARED_PER_CONNECTION


def _note_writes(connection, cursor, statement, parameters, context, executemany) -> None:
    if not (cursor.statusmessage or "").startswith("SELECT"):
        connection.info[_WROTE] = True


def _forget_writes(connection) -> None:
    connection.info.pop(_WROTE, None)


def _forget_writes_on_checkin(dbapi_connection, connection_record) -> None:
    connection_record.info.pop(_WROTE, None)


# --- PostgreSQL: a page's reads without BEGIN and COMMIT --------------------------------------------
# psycopg sends BEGIN as a round trip of its own before a transaction's first statement, and the
# request's COMMIT is another: two of a page's ~7 round trips, each a scheduling wait on a busy server
# (~16 % of the workers' time under bench/load.py). Under READ COMMITTED every statement reads its own
# snapshot anyway, so a GET's reads run in autocommit: the same rows, without the two round trips. The
# first statement that is not a plain read (a write, a row lock, a savepoint, a SET) switches the
# connection back before it runs, so it and everything after it are one transaction, committed or
# rolled back as before.

#: connection.info flag: this connection runs the request's reads in autocommit
_AUTOCOMMIT_READS = "bridgework_autocommit_reads"
#: what a plain read may not contain (a data-modifying CTE, a row lock)
_NOT_A_READ = re.compile(r"\b(INSERT|UPDATE|DELETE|MERGE|FOR\s+(NO\s+KEY\s+UPDATE|KEY\s+SHARE|SHARE|UPDATE))\b",
                         re.IGNORECASE)


@functools.lru_cache(maxsize=4096)
def is_plain_read(statement: str) -> bool:
    """The statement only reads (a SELECT, or a WITH that neither writes nor locks); kept per statement text."""
    head = statement.lstrip()[:6].upper()
    return (head == "SELECT" or head.startswith("WITH")) and not _NOT_A_READ.search(statement)


def _read_without_transaction(connection: sa.Connection) -> None:
    """A transaction begins in a GET or HEAD request: its reads run in autocommit (see above)."""
    if not has_request_context() or request.method not in ("GET", "HEAD"):
        return
    dbapi_connection = connection.connection.dbapi_connection
    if dbapi_connection is not None and not dbapi_connection.autocommit and \
            dbapi_connection.info.transaction_status == TransactionStatus.IDLE:
        dbapi_connection.autocommit = True
        connection.info[_AUTOCOMMIT_READS] = True


def _transaction_before_writing(connection, cursor, statement, parameters, context, executemany) -> None:
    if not connection.info.get(_AUTOCOMMIT_READS):
        return
    # a server-side cursor (stream_results) is declared in a transaction block, whatever it reads
    streamed = context is not None and context.execution_options.get("stream_results")
    if streamed or not is_plain_read(statement):
        connection.connection.dbapi_connection.autocommit = False  # psycopg sends BEGIN before this statement
        del connection.info[_AUTOCOMMIT_READS]


def _transactions_again(dbapi_connection, connection_record) -> None:
    """The pool takes the connection back: its next user begins transactions as usual."""
    connection_record.info.pop(_AUTOCOMMIT_READS, None)
    if dbapi_connection.autocommit:
        dbapi_connection.autocommit = False
