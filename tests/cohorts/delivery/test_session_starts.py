"""Every attendance mark carries its session's start (attendance.session_starts_at), whatever writes
the mark or the session: the database's triggers copy it (cohorts/models/participants.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from cohorts.models import Attendance, AttendanceStatus, CohortSession
from tests import factories as f

A = Attendance.__table__
S = CohortSession.__table__
STATUSES = [s.value for s in AttendanceStatus]
START = datetime(2026, 3, 2, 9, tzinfo=UTC)


def copied_and_true() -> tuple[list, list]:
    """(each mark's copied start, its session's start), in the same order: equal when the copy is exact."""
    rows = db.session.execute(sa.select(A.c.session_starts_at, S.c.starts_at).join(S, S.c.id == A.c.session_id)
                              .order_by(A.c.session_id, A.c.participant_id)).all()
    return [r[0] for r in rows], [r[1] for r in rows]


def assert_copied() -> None:
    db.session.flush()
    copied, true = copied_and_true()
    assert copied == true and None not in copied


class World:
    """One cohort, four sessions, three people."""

    def __init__(self) -> None:
        cohort = f.CohortFactory()
        self.sessions = [f.CohortSessionFactory(cohort=cohort, starts_at=START + timedelta(days=7 * n))
                         for n in range(4)]
        self.people = [f.ParticipantFactory() for _ in range(3)]
        db.session.flush()
        self.session_ids = [s.id for s in self.sessions]
        self.person_ids = [p.id for p in self.people]


def apply(world: World, op: tuple) -> None:
    """One write through Core, as the workbook import and seed-scale write (the ORM's is the same SQL)."""
    kind, i, j, k = op
    session_id, person_id = world.session_ids[i % 4], world.person_ids[j % 3]
    row = sa.and_(A.c.session_id == session_id, A.c.participant_id == person_id)
    s = db.session
    taken = s.execute(sa.select(sa.func.count()).select_from(A).where(row)).scalar()
    if kind == "record" and not taken:
        s.execute(A.insert().values(session_id=session_id, participant_id=person_id, status=STATUSES[k % 4],
                                    recorded_at=datetime.now(UTC)))
    elif kind == "register":  # a whole session in one multi-row statement
        s.execute(A.delete().where(A.c.session_id == session_id))
        s.execute(A.insert(), [{"session_id": session_id, "participant_id": pid, "status": STATUSES[k % 4],
                                "recorded_at": datetime.now(UTC)} for pid in world.person_ids[: 1 + k % 3]])
    elif kind == "move_row" and taken:
        target = world.session_ids[(i + 1 + k) % 4]
        if not s.execute(sa.select(sa.func.count()).select_from(A).where(
                A.c.session_id == target, A.c.participant_id == person_id)).scalar():
            s.execute(A.update().where(row).values(session_id=target))
    elif kind == "reschedule":
        at = START + timedelta(hours=k - 5, days=i)
        s.execute(S.update().where(S.c.id == session_id).values(starts_at=at, ends_at=at + timedelta(hours=2)))
    elif kind == "overwrite" and taken:  # a writer that names the column itself cannot make it wrong
        s.execute(A.update().where(row).values(session_starts_at=datetime(2001, 1, 1), status=STATUSES[k % 4]))
    elif kind == "forget":
        s.execute(A.delete().where(row))
    assert_copied()


operations = st.lists(st.tuples(
    st.sampled_from(["record", "record", "register", "move_row", "reschedule", "overwrite", "forget"]),
    st.integers(0, 11), st.integers(0, 11), st.integers(0, 11),
), min_size=1, max_size=20)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_every_write_keeps_each_marks_session_start(ops):
    savepoint = db.session.begin_nested()
    try:
        world = World()
        for op in ops:
            apply(world, op)
    finally:
        savepoint.rollback()


def test_orm_writes_keep_it_and_a_reschedule_moves_every_mark():
    world = World()
    marks = [f.AttendanceFactory(session=world.sessions[0], participant=p) for p in world.people]
    assert_copied()
    world.sessions[0].starts_at, world.sessions[0].ends_at = START - timedelta(days=30), None
    assert_copied()
    marks[0].session = world.sessions[2]
    assert_copied()
    moved = db.session.scalar(sa.select(A.c.session_starts_at).where(
        A.c.session_id == world.session_ids[2], A.c.participant_id == world.person_ids[0]))
    assert moved.replace(tzinfo=UTC) == START + timedelta(days=14)


def test_the_caseload_reads_the_latest_marks_from_the_index_alone():
    """A coach's caseload orders a person's marks by the copied start: no mark is joined to its session, and
    SQLite reads them from ix_attendance_participant_latest."""
    from cohorts.participants.caseload import caseload

    coach = f.UserFactory()
    world = World()
    for person in world.people:
        person.coach = coach
    for session in world.sessions:
        f.AttendanceFactory(session=session, participant=world.people[0], status=AttendanceStatus.absent)
    db.session.flush()
    seen = []
    sa.event.listen(db.engine, "before_cursor_execute", listener := lambda *a: seen.append(a[2:4]))
    try:
        rows = caseload(coach, START.date() + timedelta(days=60), now=START + timedelta(days=60))
    finally:
        sa.event.remove(db.engine, "before_cursor_execute", listener)
    assert {row.participant.id: row.kinds for row in rows}[world.person_ids[0]] == {"absences"}
    ((statement, params),) = [(sql, p) for sql, p in seen if "FROM attendance" in sql]
    assert "attendance.session_starts_at" in statement and "sessions.id = attendance.session_id" not in statement
    if db.engine.dialect.name == "sqlite":
        plan = " ".join(row[-1] for row in db.session.connection().exec_driver_sql(
            "EXPLAIN QUERY PLAN " + statement, params))
        assert "USING COVERING INDEX ix_attendance_participant_latest" in plan
