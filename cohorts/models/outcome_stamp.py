"""The outcomes stamp: one row whose value names the state of every cohort's outcome data and caseload.

The programme figures (cohorts/outcomes/stored.py `stamped`) and the programme dashboard's body
(cohorts/outcomes/staff_views.py) are kept per app under the value read at the start of the
request, so a warm view reads this one row instead of a row per cohort. Triggers draw a new value
in the same transaction as every write to

    cohort_outcome_versions (insert, delete, update of cohort_id or version): every write that can
        change a cohort's figures draws the cohort a new data version (cohorts/models/tallies.py)
    cohorts (insert, delete, update of id, code, ends_on, programme_id): the codes and links listed,
        and which cohorts have ended (the dashboard's default selection)
    programmes (delete, update of id, currency): the currency salaries are shown in

and every write to a table and column a coach's caseload reads (WATCHED below; the caseload is kept
per app under this stamp too: cohorts/participants/caseload/kept.py) and a cohort's learnability
figures read (who started: an enrolment's start date and exclusion; cohorts/learnability/queries.py),
whichever path wrote it (pages, services, the workbook import, `seed-scale`, raw SQL, cascades).
`cohort_outcome_parts` is not watched: parts are a cache of a function of the data at their
version, so storing them (a view, the hourly task) changes no figure and leaves kept views valid.

The value is a counter and a random token (128 bits). The token makes it unique: a transaction
that wrote and rolled back drew counter + 1 too, and the next writer draws that counter again
with another token, so nothing kept under the aborted value is ever found. A sequence would not
do: nextval is not transactional, a reader could see a value before the data it names commits.

On PostgreSQL the triggers run BEFORE each statement: once per statement however many rows a bulk
write or a COPY touches, and the stamp's row lock is taken before the row locks of the versions,
so writers queue in one order. A transaction that writes outcome data holds that lock until it
commits. SQLite has one writer at a time and row triggers only.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any, TypeVar

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base

#: (table, the writes to it that draw a new value): the programme figures' and dashboard's first,
#: then what a coach's caseload reads (cohorts/participants/caseload/, its starter bands too) and a
#: cohort's learnability figures (cohorts/learnability/queries.py: who started, their time and gains)
WATCHED = (
    ("cohort_outcome_versions", ("INSERT", "DELETE", "UPDATE OF cohort_id, version")),
    ("cohorts", ("INSERT", "DELETE", "UPDATE OF id, code, ends_on, programme_id, status, starts_on")),
    ("programmes", ("DELETE", "UPDATE OF id, currency")),
    ("participants", ("INSERT", "DELETE", ("UPDATE OF id, first_name, last_name, email, consent_to_share, "
                                           "created_at, coach_id, anonymised_at"))),
    ("enrolments", ("INSERT", "DELETE", ("UPDATE OF participant_id, cohort_id, status, enrolled_on, "
                                         "exclusion_reason"))),
    ("sessions", ("INSERT", "DELETE", "UPDATE OF id, cohort_id, title, starts_at, ends_at")),
    ("attendance", ("INSERT", "DELETE", "UPDATE OF participant_id, session_id, status, session_starts_at")),
    ("skill_assessments", ("INSERT", "DELETE", "UPDATE OF participant_id, skill_id, stage, level, assessed_on")),
    ("candidacies", ("INSERT", "DELETE", "UPDATE OF participant_id, stage_changed_at")),
    ("placements", ("INSERT", "DELETE", "UPDATE OF id, participant_id, employer_id, voided_at, ended_on")),
    ("retention_checks", ("INSERT", "DELETE", "UPDATE OF placement_id, day_mark, due_on, checked_on")),
    ("check_ins", ("INSERT", "DELETE", "UPDATE OF participant_id, placement_id, week, due_on, answered_at")),
    ("employers", ("DELETE", "UPDATE OF id, name")),
    ("saved_postings", ("INSERT", "DELETE", "UPDATE OF participant_id, posting_id, stage, stage_changed_at")),
    ("job_postings", ("DELETE", "UPDATE OF id, title, employer_name")),
)
#: PostgreSQL's trigger function (it outlives the tables: dropped with the schema)
PG_FUNCTION = "outcome_stamp_drawn"


class OutcomeStamp(Base):
    """The one row (id 1), seeded with the table; read by the outcome views, written by triggers only."""

    __tablename__ = "outcome_stamps"
    __repr_attr__ = "counter"
    __table_args__ = (sa.CheckConstraint("id = 1", name="one_row"),)

    #: primary key, always 1 (check one_row)
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    #: writes drawn so far (per statement on PostgreSQL, per row on SQLite); ordering only, not unique
    counter: Mapped[int] = mapped_column(sa.BigInteger, default=0)
    #: 32 random hex digits, drawn anew with the counter: what makes the value unique
    token: Mapped[str] = mapped_column(sa.String(32))


#: the stamp's value, one row by its key
_READ = sa.select(OutcomeStamp.counter, OutcomeStamp.token).where(OutcomeStamp.id == 1)


def read_stamp(session) -> tuple[int, str] | None:
    """The stamp as (counter, token) in the session's transaction; None when its row is missing (nothing
    is kept under it then). Read it before the rows a kept result is computed from: a write landing in
    between only makes the result newer than its key."""
    row = session.execute(_READ).first()
    return None if row is None else (row.counter, row.token)


T = TypeVar("T")


def kept_under_stamp(session, name: str, key: Hashable, compute: Callable[[], T], *, size: int,
                     refresh: bool = False) -> T:
    """compute() kept per app (``current_app.extensions[name]``) under (the stamp read first, key): a warm
    call reads the stamp's row only. The stamp moves with every write to what WATCHED names and never takes
    a value twice, so for a result computed from those rows alone the same stamp means the same result.
    Without a stamp row, compute() is not kept. Past ``size`` results all are dropped together. refresh:
    compute (and keep) even when a result is kept, for a caller that wants compute's side effects. What
    comes back is shared between callers: read it, never change it."""
    stamp = read_stamp(session)  # before the rows the result is computed from: a write in between only makes it newer
    if stamp is None:
        return compute()
    kept: dict[Any, Any] = current_app.extensions.setdefault(name, {})
    found = None if refresh else kept.get((stamp, key))
    if found is None:
        found = compute()
        if len(kept) >= size:
            kept.clear()
        kept[stamp, key] = found
    return found


def hold_stamp(session) -> None:
    """Take the stamp's row lock now (PostgreSQL; SQLite has one writer anyway), for a writer about to lock rows
    of a watched table itself: the triggers take the stamp before a statement's rows, so taking a row first
    and the stamp at the next write would deadlock with a writer doing it the other way round."""
    session.execute(_READ.with_for_update())


def _random_token(dialect: str) -> str:
    if dialect == "postgresql":
        return "replace(gen_random_uuid()::text, '-', '')"
    if dialect == "sqlite":
        return "lower(hex(randomblob(16)))"
    raise NotImplementedError(f"the outcomes stamp needs triggers written for {dialect}")


def _draw(dialect: str) -> str:
    return f"UPDATE outcome_stamps SET counter = counter + 1, token = {_random_token(dialect)} WHERE id = 1"


def seed_statement(dialect: str) -> str:
    """SQL: the one row, at counter 0 (the migration and create_all)."""
    return f"INSERT INTO outcome_stamps (id, counter, token) VALUES (1, 0, {_random_token(dialect)})"


def _sqlite_ddl() -> list[str]:
    draw = _draw("sqlite")
    return [f"CREATE TRIGGER outcome_stamp_{table}_{op.split()[0].lower()} AFTER {op} ON {table} BEGIN {draw}; END"
            for table, ops in WATCHED for op in ops]


def _pg_ddl() -> list[str]:
    return [
        f"""CREATE OR REPLACE FUNCTION {PG_FUNCTION}() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        {_draw("postgresql")};
        RETURN NULL;
        END $body$""",
        *(f"""CREATE TRIGGER outcome_stamp_{table} BEFORE {' OR '.join(ops)} OR TRUNCATE
        ON {table} FOR EACH STATEMENT EXECUTE FUNCTION {PG_FUNCTION}()""" for table, ops in WATCHED),
    ]


def trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the triggers (and PostgreSQL's function) on `dialect`."""
    if dialect == "postgresql":
        return _pg_ddl()
    if dialect == "sqlite":
        return _sqlite_ddl()
    raise NotImplementedError(f"the outcomes stamp needs triggers written for {dialect}")


@event.listens_for(Base.metadata, "after_create")
def _create_triggers(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same triggers and row as the migration."""
    if OutcomeStamp.__table__ in kw.get("tables", ()):
        for statement in [*trigger_ddl(connection.dialect.name), seed_statement(connection.dialect.name)]:
            connection.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "after_drop")
def _drop_function(target, connection, **kw) -> None:
    if connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {PG_FUNCTION}() CASCADE")
