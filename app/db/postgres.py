"""PostgreSQL connections tuned for a web app's reads: plans kept between requests, a page's reads
without BEGIN and COMMIT, no JIT compilation. Installed by ``keep_read_plans(app, db)``; SQLite is
left as it is."""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from types import SimpleNamespace

import psycopg
import sqlalchemy as sa
from flask import has_request_context, request
from psycopg.pq import ExecStatus, TransactionStatus

from app.db import work_waits_for_commit

# --- PostgreSQL: plans kept between requests ----------------------------------------------------
# psycopg prepares a statement once it has run prepare_threshold (5) times on a connection, and
# PostgreSQL then reuses its plan instead of planning it again (planning was most of the database's
# time: 1.5–3.5 ms for the participant page's two largest reads, which run in 0.2–0.5 ms). But
# psycopg forgets every prepared statement on each ROLLBACK, and every request ended with one: the
# session's close rolls back what is left. A request that wrote nothing ends with COMMIT instead,
# which is the same for the database and keeps the connection's prepared statements; one whose reads
# all ran in autocommit (below) has nothing open to end, and its close sends nothing at all.

#: connection.info flag: this transaction ran a statement other than a SELECT (or queued work for after commit)
_WROTE = "bridgework_wrote"
#: how many prepared statements a connection keeps (psycopg's default is 100; the app runs ~250 kinds of read)
PREPARED_PER_CONNECTION = 400


def keep_read_plans(app, db) -> None:
    """On PostgreSQL, end each request that wrote nothing with COMMIT, or with nothing when its reads
    ran in autocommit (see above); a request that wrote, flushed, has changes pending or failed ends as
    before, with ROLLBACK. Connections also
    keep more prepared statements, and run without JIT compilation (_without_jit)."""
    if not str(app.config.get("SQLALCHEMY_DATABASE_URI", "")).startswith("postgresql"):
        return
    with app.app_context():
        engine = db.engine
    if sa.event.contains(engine, "do_connect", _without_jit):
        return
    sa.event.listen(engine, "do_connect", _without_jit)
    sa.event.listen(engine, "connect", _describe_on_read)
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
        if error is not None or not db.session.registry.has():
            return
        session = db.session()
        connection = _read_only_connection(session)
        # wrote something: the close rolls it back; read in autocommit: nothing is open on the server, and
        # psycopg sends no ROLLBACK for an idle connection, so the close ends it as a COMMIT would, with
        # less work (the commit's flush and state changes, ~3 % of a worker's time under bench/load.py)
        if connection is None or connection.info.get(_AUTOCOMMIT_READS):
            return
        session.expire_on_commit = False  # the session ends here: expiring what it loaded is wasted work
        try:
            session.commit()
        except sa.exc.SQLAlchemyError:  # nothing was written: the session's close rolls back as before
            app.logger.warning("COMMIT of a read-only request failed", exc_info=True)


def _read_only_connection(session: sa.orm.Session) -> sa.Connection | None:
    """The session's connection if its transaction only read: nothing pending, flushed, executed or queued
    for after its commit; else None (a transaction a failed statement left inactive too)."""
    if not session.in_transaction() or session.new or session.dirty or session.deleted:
        return None
    if work_waits_for_commit(session):
        return None
    try:
        connection = session.connection()
    except sa.exc.SQLAlchemyError:
        return None
    return None if connection.info.get(_WROTE) else connection


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


# --- PostgreSQL: a result's description built only when read ----------------------------------------
# SQLAlchemy asks the cursor for its description after every statement, but reads the columns only
# the first time a statement runs: their meaning is kept with the compiled statement after that. psycopg
# builds a Column object per column on each ask (a page's reads of 20-60 columns each: ~1.5 % of a
# worker's time under bench/load.py), so the connections' cursors build them when first read.

#: result statuses that carry rows, and so a description, even with no columns ("SELECT ;")
_ROWS = frozenset({ExecStatus.TUPLES_OK, ExecStatus.SINGLE_TUPLE, ExecStatus.TUPLES_CHUNK})


class DescribedOnReadCursor(psycopg.Cursor):
    """psycopg's cursor, whose ``description`` builds its Column objects when first read."""

    @property
    def description(self) -> Sequence[psycopg.Column] | None:
        result = self.pgresult
        if result is None or not (result.nfields or result.status in _ROWS):
            return None
        return ResultDescription(self, result)


class ResultDescription(Sequence):
    """One result's columns, as psycopg describes them, built on first read and then kept. The result
    is held, not the cursor: a description read after the cursor moved on still tells of its own."""

    __slots__ = ("_columns", "_source")

    def __init__(self, cursor: psycopg.Cursor, result) -> None:
        # what psycopg's Column reads from a cursor, fixed to this result
        self._source = SimpleNamespace(pgresult=result, _encoding=cursor._encoding, adapters=cursor.adapters)
        self._columns: list[psycopg.Column] | None = None

    def _built(self) -> list[psycopg.Column]:
        if self._columns is None:
            self._columns = [psycopg.Column(self._source, index) for index in range(len(self))]
        return self._columns

    def __len__(self) -> int:
        return self._source.pgresult.nfields

    def __getitem__(self, index):
        return self._built()[index]

    def __repr__(self) -> str:
        return repr(self._built())


def _describe_on_read(dbapi_connection, connection_record) -> None:
    if isinstance(dbapi_connection, psycopg.Connection):
        dbapi_connection.cursor_factory = DescribedOnReadCursor
