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
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, enum_column
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
