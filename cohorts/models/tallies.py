"""Starters' attendance tallied per session and status, kept exact by the database itself.

The outcomes' attendance rate counts the rows of a cohort's *starters* only (docs/OUTCOMES.md).
Counting a million attendance rows per dashboard view is what made the programme outcomes slow,
so the database keeps the count: triggers on `attendance`, `enrolments` and `sessions` maintain

    tally(session, status) = attendance rows of that session and status whose participant has a
                             starter enrolment in the session's cohort

in the same statement as every write, whichever path wrote it (pages, the workbook import's bulk
inserts, `seed-scale`'s COPY, cascading deletes, erasure). No application code has to remember it,
and `rebuild_statement()` recomputes it from scratch for the migration and the tests.

On PostgreSQL, attendance writes take FOR KEY SHARE on their sessions and enrolment changes take
FOR UPDATE on their cohort's sessions, so an attendance write and a change to who is a starter in
the same cohort never interleave unseen (no write skew under READ COMMITTED). SQLite has one
writer at a time.

The outcome figures' parts (CohortOutcomeParts) are kept per cohort and as-of date under the
cohort's data version (CohortOutcomeVersion), which the session listeners at the end of this
module draw anew in the same transaction as every ORM write that can change the cohort's figures;
bulk writers call bump_outcome_versions() themselves (docs/OUTCOMES.md, "How the figures are kept").
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, Session, mapped_column

from app.db import Base, UTCDateTime, enum_column, utcnow
from cohorts.models.participants import AttendanceStatus, EnrolmentStatus

#: an enrolment that counts as a starter (docs/OUTCOMES.md, `starters`)
STARTER_STATUSES = (EnrolmentStatus.enrolled, EnrolmentStatus.completed, EnrolmentStatus.withdrawn)


class StarterAttendanceTally(Base):
    __tablename__ = "starter_attendance_tallies"
    __repr_attr__ = "tally"
    __table_args__ = (sa.CheckConstraint("tally >= 0", name="tally_not_negative"),)

    #: the session counted
    session_id: Mapped[int] = mapped_column(
        sa.ForeignKey("sessions.id", ondelete="CASCADE"), primary_key=True
    )
    #: the attendance status counted
    status: Mapped[AttendanceStatus] = mapped_column(
        enum_column(AttendanceStatus, "starter_attendance_tally_status"), primary_key=True
    )
    #: starters' attendance rows of that session and status; written by triggers only, ≥ 0
    tally: Mapped[int] = mapped_column(default=0)


def starter_clause(enrolment) -> sa.ColumnElement[bool]:
    """The enrolment (the Enrolment entity or an alias) is a starter's, as an SQL expression."""
    return sa.and_(enrolment.status.in_(STARTER_STATUSES), enrolment.enrolled_on.is_not(None),
                   enrolment.exclusion_reason.is_(None))


def is_starter(alias: str) -> str:
    """The same rule as SQL text for the triggers: the enrolment row `alias` is a starter's."""
    statuses = ", ".join(f"'{s.value}'" for s in STARTER_STATUSES)
    return (f"{alias}.status IN ({statuses}) AND {alias}.enrolled_on IS NOT NULL "
            f"AND {alias}.exclusion_reason IS NULL")


def rebuild_statement() -> str:
    """SQL: every tally, recomputed from the rows (the tally table must be empty)."""
    return f"""
        INSERT INTO starter_attendance_tallies (session_id, status, tally)
        SELECT a.session_id, a.status, count(*)
        FROM attendance a
        JOIN sessions s ON s.id = a.session_id
        JOIN enrolments e ON e.participant_id = a.participant_id AND e.cohort_id = s.cohort_id
        WHERE {is_starter('e')}
        GROUP BY a.session_id, a.status"""


# --- the shared statements: add or subtract counted rows ------------------------------------

_ADD = """
        INSERT INTO starter_attendance_tallies (session_id, status, tally)
        {select}
        ON CONFLICT (session_id, status) DO UPDATE
        SET tally = starter_attendance_tallies.tally + excluded.tally"""
_SUBTRACT = """
        UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
        FROM ({select}) AS d
        WHERE starter_attendance_tallies.session_id = d.session_id
          AND starter_attendance_tallies.status = d.status"""


def _rows_of_attendance(source: str) -> str:
    """SELECT session_id, status, n over attendance rows in `source` that belong to starters."""
    return f"""SELECT r.session_id, r.status, count(*) AS n
        FROM {source} r
        JOIN sessions s ON s.id = r.session_id
        JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
        WHERE {is_starter('e')}
        GROUP BY r.session_id, r.status"""


def _rows_of_enrolment(row: str) -> str:
    """SELECT session_id, status, n over the attendance of enrolment `row` (OLD or NEW) if a starter."""
    return f"""SELECT a.session_id, a.status, count(*) AS n
        FROM attendance a
        JOIN sessions s ON s.id = a.session_id
        WHERE a.participant_id = {row}.participant_id AND s.cohort_id = {row}.cohort_id
          AND {is_starter(row)}
        GROUP BY a.session_id, a.status"""


def _rows_of_session(row: str) -> str:
    return f"""SELECT a.session_id, a.status, count(*) AS n
        FROM attendance a
        JOIN enrolments e ON e.participant_id = a.participant_id AND e.cohort_id = {row}.cohort_id
        WHERE a.session_id = {row}.id AND {is_starter('e')}
        GROUP BY a.session_id, a.status"""


def _add(select: str) -> str:
    return _ADD.format(select=select)


def _subtract(select: str) -> str:
    return _SUBTRACT.format(select=select)


_ENROLMENT_COLUMNS = "participant_id, cohort_id, status, enrolled_on, exclusion_reason"


def _one(row: str) -> str:
    """The attendance row OLD or NEW as a one-row table."""
    return (f"(SELECT {row}.session_id AS session_id, {row}.status AS status, "
            f"{row}.participant_id AS participant_id)")


# --- SQLite: row triggers, which fire as each row changes (cascades included) ----------------


def _sqlite_ddl() -> list[str]:
    # a WHERE in every INSERT … SELECT keeps SQLite's parser from reading ON CONFLICT as a join's ON
    return [
        f"""CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance BEGIN
            {_add(_rows_of_attendance(_one('NEW')))}; END""",
        f"""CREATE TRIGGER tally_attendance_delete AFTER DELETE ON attendance BEGIN
            {_subtract(_rows_of_attendance(_one('OLD')))}; END""",
        f"""CREATE TRIGGER tally_attendance_update AFTER UPDATE OF session_id, participant_id, status
            ON attendance BEGIN
            {_subtract(_rows_of_attendance(_one('OLD')))};
            {_add(_rows_of_attendance(_one('NEW')))}; END""",
        f"""CREATE TRIGGER tally_enrolment_insert AFTER INSERT ON enrolments BEGIN
            {_add(_rows_of_enrolment('NEW'))}; END""",
        f"""CREATE TRIGGER tally_enrolment_delete AFTER DELETE ON enrolments BEGIN
            {_subtract(_rows_of_enrolment('OLD'))}; END""",
        f"""CREATE TRIGGER tally_enrolment_update AFTER UPDATE OF {_ENROLMENT_COLUMNS} ON enrolments BEGIN
            {_subtract(_rows_of_enrolment('OLD'))};
            {_add(_rows_of_enrolment('NEW'))}; END""",
        f"""CREATE TRIGGER tally_session_move AFTER UPDATE OF cohort_id ON sessions BEGIN
            DELETE FROM starter_attendance_tallies WHERE session_id = OLD.id;
            {_add(_rows_of_session('NEW'))}; END""",
    ]


# --- PostgreSQL ------------------------------------------------------------------------------
# Inserts and updates of attendance: statement triggers over transition tables (COPY and bulk
# inserts fire once per statement). Deletes of attendance and enrolments: BEFORE row triggers,
# because deleting a person cascades to both tables in one statement, and AFTER triggers would
# all run at its end, when neither the rows nor the enrolment that made them count are left.

_PG_FUNCTIONS = ("tally_attendance_added", "tally_attendance_removed", "tally_attendance_changed",
                 "tally_enrolment_changed", "tally_enrolment_removed", "tally_session_moved")


def _pg_function(name: str, body: str, returns: str = "NULL") -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        {body}
        RETURN {returns};
        END $body$"""


def _pg_lock_sessions(source: str) -> str:
    return f"PERFORM 1 FROM sessions WHERE id IN (SELECT session_id FROM {source}) FOR KEY SHARE;"


def _pg_ddl() -> list[str]:
    return [
        _pg_function("tally_attendance_added", f"""{_pg_lock_sessions('new_rows')}
            {_add(_rows_of_attendance('new_rows'))};"""),
        _pg_function("tally_attendance_removed", f"""PERFORM 1 FROM sessions WHERE id = OLD.session_id FOR KEY SHARE;
            {_subtract(_rows_of_attendance(_one('OLD')))};""", returns="OLD"),
        _pg_function("tally_attendance_changed", f"""{_pg_lock_sessions('old_rows')}
            {_pg_lock_sessions('new_rows')}
            {_subtract(_rows_of_attendance('old_rows'))};
            {_add(_rows_of_attendance('new_rows'))};"""),
        _pg_function("tally_enrolment_changed", f"""
            IF TG_OP = 'UPDATE' THEN
                PERFORM 1 FROM sessions WHERE cohort_id = OLD.cohort_id FOR UPDATE;
                {_subtract(_rows_of_enrolment('OLD'))};
            END IF;
            PERFORM 1 FROM sessions WHERE cohort_id = NEW.cohort_id FOR UPDATE;
            {_add(_rows_of_enrolment('NEW'))};"""),
        _pg_function("tally_enrolment_removed", f"""
            PERFORM 1 FROM sessions WHERE cohort_id = OLD.cohort_id FOR UPDATE;
            {_subtract(_rows_of_enrolment('OLD'))};""", returns="OLD"),
        _pg_function("tally_session_moved", f"""
            DELETE FROM starter_attendance_tallies WHERE session_id = OLD.id;
            {_add(_rows_of_session('NEW'))};"""),
        """CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance
            REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_attendance_added()""",
        """CREATE TRIGGER tally_attendance_delete BEFORE DELETE ON attendance
            FOR EACH ROW EXECUTE FUNCTION tally_attendance_removed()""",
        """CREATE TRIGGER tally_attendance_update AFTER UPDATE ON attendance
            REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
            FOR EACH STATEMENT EXECUTE FUNCTION tally_attendance_changed()""",
        f"""CREATE TRIGGER tally_enrolment_change AFTER INSERT OR UPDATE OF {_ENROLMENT_COLUMNS}
            ON enrolments FOR EACH ROW EXECUTE FUNCTION tally_enrolment_changed()""",
        """CREATE TRIGGER tally_enrolment_delete BEFORE DELETE ON enrolments
            FOR EACH ROW EXECUTE FUNCTION tally_enrolment_removed()""",
        """CREATE TRIGGER tally_session_move AFTER UPDATE OF cohort_id ON sessions
            FOR EACH ROW WHEN (OLD.cohort_id IS DISTINCT FROM NEW.cohort_id)
            EXECUTE FUNCTION tally_session_moved()""",
    ]


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers (and PostgreSQL's functions) on `dialect`."""
    if dialect == "postgresql":
        return _pg_ddl()
    if dialect == "sqlite":
        return _sqlite_ddl()
    raise NotImplementedError(f"attendance tallies need triggers written for {dialect}")


def drop_function_ddl(dialect: str) -> list[str]:
    """PostgreSQL's trigger functions outlive their tables; drop them with the schema."""
    if dialect != "postgresql":
        return []
    return [f"DROP FUNCTION IF EXISTS {name}() CASCADE" for name in _PG_FUNCTIONS]


@event.listens_for(Base.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same triggers as the migration."""
    if StarterAttendanceTally.__table__ in kw.get("tables", ()):
        for statement in trigger_ddl(connection.dialect.name):
            connection.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "after_drop")
def _drop_functions(target, connection, **kw) -> None:
    for statement in drop_function_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)


# --- the outcome figures' parts, kept per cohort (docs/OUTCOMES.md, "How the figures are kept") ---


class CohortOutcomeVersion(Base):
    """A cohort's data version: drawn anew (+1) in the same transaction as every write that can
    change its outcome figures (cohorts/outcomes/versions.py); no row means version 0."""

    __tablename__ = "cohort_outcome_versions"
    __repr_attr__ = "version"

    #: the cohort
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    #: bumped by every write to the cohort's outcome data
    version: Mapped[int] = mapped_column(default=0)


class CohortOutcomeParts(Base):
    """The parts of one cohort's outcome figures as of a date, computed at a data version: a row is
    used only while that version is the cohort's current one (cohorts/outcomes/stored.py)."""

    __tablename__ = "cohort_outcome_parts"
    __repr_attr__ = "as_of"

    #: the cohort
    cohort_id: Mapped[int] = mapped_column(sa.ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    #: the date the parts are computed as of
    as_of: Mapped[date] = mapped_column(primary_key=True)
    #: the cohort's data version read before the rows they were computed from
    data_version: Mapped[int]
    #: counts, numerators, denominators and the value lists the pooled figures need (JSON)
    parts: Mapped[dict] = mapped_column(sa.JSON)
    #: when they were computed
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


# the writes that move a cohort's data version: table → (the column of the written row, SQL giving
# the cohorts of a list of its values as :ids, or None when the column is the cohort's id)
_PEOPLE = ("SELECT cohort_id FROM enrolments WHERE participant_id IN :ids "
           "UNION SELECT cohort_id FROM placements WHERE participant_id IN :ids")
_WATCHED: dict[str, tuple[str, str | None]] = {
    "cohorts": ("id", None), "enrolments": ("cohort_id", None), "placements": ("cohort_id", None),
    "sessions": ("cohort_id", None), "cohort_hiring_needs": ("cohort_id", None),
    "consortium_members": ("cohort_id", None),
    "attendance": ("session_id", "SELECT cohort_id FROM sessions WHERE id IN :ids"),
    "retention_checks": ("placement_id", "SELECT cohort_id FROM placements WHERE id IN :ids"),
    "check_ins": ("placement_id", "SELECT cohort_id FROM placements WHERE id IN :ids"),
    "hiring_needs": ("id", "SELECT cohort_id FROM cohort_hiring_needs WHERE hiring_need_id IN :ids"),
    "later_jobs": ("participant_id", _PEOPLE),
    "participants": ("id", _PEOPLE),  # deleted only: the delete cascades to their enrolments and placements
}
_PENDING = "outcome_cohorts"


def bump_outcome_versions(connection: sa.Connection, cohort_ids=None) -> None:
    """Draw a new outcome data version for the cohorts (None: every cohort), in the connection's
    transaction: the bulk writers (workbook import, seed-scale) call it for what they wrote."""
    if cohort_ids is not None and not cohort_ids:
        return
    where = "1 = 1" if cohort_ids is None else "id IN :ids"
    stmt = sa.text(f"""INSERT INTO cohort_outcome_versions (cohort_id, version)
        SELECT id, 1 FROM cohorts WHERE {where} ORDER BY id
        ON CONFLICT (cohort_id) DO UPDATE SET version = cohort_outcome_versions.version + 1""")
    if cohort_ids is None:
        connection.execute(stmt)
    else:
        connection.execute(stmt.bindparams(sa.bindparam("ids", expanding=True)), {"ids": sorted(cohort_ids)})


def _written(objects, *, deleted: bool) -> dict[str, set]:
    """{table: the values of its watched column} over ORM objects (a moved row: old and new values)."""
    found: dict[str, set] = {}
    for obj in objects:
        table = getattr(obj, "__tablename__", None)
        if table not in _WATCHED or (table == "participants" and not deleted):
            continue
        column = _WATCHED[table][0]
        values = {getattr(obj, column), *sa.inspect(obj).attrs[column].history.deleted} - {None}
        found.setdefault(table, set()).update(values)
    return found


def _cohorts_of(connection: sa.Connection, written: dict[str, set]) -> set[int]:
    cohorts: set[int] = set()
    for table, values in written.items():
        sql = _WATCHED[table][1]
        if sql is None:
            cohorts |= values
        elif values:
            stmt = sa.text(sql).bindparams(sa.bindparam("ids", expanding=True))
            cohorts |= set(connection.execute(stmt, {"ids": sorted(values)}).scalars())
    return cohorts


@event.listens_for(Session, "before_flush")
def _before_flush(session: Session, context, instances) -> None:
    """Deleted rows' cohorts are looked up before the delete (and its cascades) runs."""
    written = _written(session.deleted, deleted=True)
    if written:
        session.info.setdefault(_PENDING, set()).update(_cohorts_of(session.connection(), written))


@event.listens_for(Session, "after_flush")
def _after_flush(session: Session, context) -> None:
    """New and changed rows' cohorts (their keys are assigned now), then one bump for the flush."""
    changed = [obj for obj in session.dirty if session.is_modified(obj, include_collections=False)]
    written = _written([*session.new, *changed], deleted=False)
    cohorts = session.info.pop(_PENDING, set()) | _cohorts_of(session.connection(), written)
    bump_outcome_versions(session.connection(), cohorts)


@event.listens_for(Session, "do_orm_execute")
def _bulk_write(state) -> None:
    """A bulk INSERT/UPDATE/DELETE through the session on a watched table: every cohort (safe)."""
    if (state.is_insert or state.is_update or state.is_delete) and getattr(
            state.statement, "table", None) is not None and state.statement.table.name in _WATCHED:
        bump_outcome_versions(state.session.connection(), None)
