"""The starters' attendance tallies stay equal to a count from scratch, whatever writes them."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from cohorts.models import (
    Attendance,
    AttendanceStatus,
    CohortSession,
    Enrolment,
    EnrolmentStatus,
    ExclusionReason,
    Participant,
    StarterAttendanceTally,
)
from cohorts.models.tallies import rebuild_statement
from cohorts.outcomes.measures import cohort_outcomes
from tests import factories as f

STATUSES = [s.value for s in AttendanceStatus]


def tallies() -> dict[tuple[int, str], int]:
    rows = db.session.execute(sa.select(
        StarterAttendanceTally.session_id, StarterAttendanceTally.status, StarterAttendanceTally.tally,
    ).where(StarterAttendanceTally.tally > 0))
    return {(session_id, str(status)): tally for session_id, status, tally in rows}


def counted_from_scratch() -> dict[tuple[int, str], int]:
    select = "SELECT" + rebuild_statement().split("SELECT", 1)[1]
    return {(session_id, status): n for session_id, status, n in db.session.execute(sa.text(select))}


def assert_exact() -> None:
    db.session.flush()
    assert tallies() == counted_from_scratch()


class World:
    """Two cohorts with three sessions each, four people enrolled in the first, one in both."""

    def __init__(self) -> None:
        self.cohorts = [f.CohortFactory(), f.CohortFactory()]
        self.sessions = [f.CohortSessionFactory(cohort=c) for c in self.cohorts for _ in range(3)]
        self.people = [f.ParticipantFactory() for _ in range(5)]
        for person in self.people[:4]:
            f.EnrolmentFactory(participant=person, cohort=self.cohorts[0])
        f.EnrolmentFactory(participant=self.people[0], cohort=self.cohorts[1])
        db.session.flush()
        self.session_ids = [s.id for s in self.sessions]
        self.person_ids = [p.id for p in self.people]
        self.cohort_ids = [c.id for c in self.cohorts]


A = Attendance.__table__
E = Enrolment.__table__


def attendance_key(world: World, draw_session: int, draw_person: int):
    return world.session_ids[draw_session % len(world.session_ids)], world.person_ids[draw_person % 5]


def apply(world: World, op: tuple) -> None:
    """One write, through Core statements as the bulk paths write (the ORM's are the same SQL)."""
    kind, i, j, k = op
    session_id, person_id = attendance_key(world, i, j)
    cohort_id = world.cohort_ids[k % 2]
    row = sa.and_(A.c.session_id == session_id, A.c.participant_id == person_id)
    enrolment = sa.and_(E.c.participant_id == person_id, E.c.cohort_id == cohort_id)
    s = db.session
    if kind == "record":
        exists = s.execute(sa.select(sa.func.count()).select_from(A).where(row)).scalar()
        if exists:
            s.execute(A.update().where(row).values(status=STATUSES[k % 4]))
        else:
            s.execute(A.insert().values(session_id=session_id, participant_id=person_id,
                                        status=STATUSES[k % 4], recorded_at=datetime.now(UTC)))
    elif kind == "register":  # a whole session at once: one multi-row statement
        s.execute(A.delete().where(A.c.session_id == session_id))
        s.execute(A.insert(), [
            {"session_id": session_id, "participant_id": pid, "status": STATUSES[(k + n) % 4],
             "recorded_at": datetime.now(UTC)} for n, pid in enumerate(world.person_ids[: 1 + j % 5])])
    elif kind == "forget":
        s.execute(A.delete().where(row))
    elif kind == "move_row":
        target = world.session_ids[(i + 1 + k) % len(world.session_ids)]
        taken = s.execute(sa.select(sa.func.count()).select_from(A).where(
            A.c.session_id == target, A.c.participant_id == person_id)).scalar()
        if not taken:
            s.execute(A.update().where(row).values(session_id=target))
    elif kind == "status":
        s.execute(E.update().where(enrolment).values(status=list(EnrolmentStatus)[i % 6].value))
    elif kind == "exclude":
        s.execute(E.update().where(enrolment).values(
            exclusion_reason=None if i % 2 else ExclusionReason.death.value))
    elif kind == "unstart":
        s.execute(E.update().where(enrolment).values(enrolled_on=None if i % 2 else date(2026, 1, 5)))
    elif kind == "enrol":
        if not s.execute(sa.select(sa.func.count()).select_from(E).where(enrolment)).scalar():
            s.execute(E.insert().values(
                participant_id=person_id, cohort_id=cohort_id, status="enrolled", applied_on=date(2026, 1, 1),
                enrolled_on=date(2026, 1, 5), job_seeking=True, withdrawal_reason="",
                created_at=datetime.now(UTC), updated_at=datetime.now(UTC)))
    elif kind == "unenrol":
        s.execute(E.delete().where(enrolment))
    elif kind == "move_session":
        s.execute(CohortSession.__table__.update().where(CohortSession.__table__.c.id == session_id)
                  .values(cohort_id=cohort_id))
    assert_exact()


operations = st.lists(st.tuples(
    st.sampled_from(["record", "record", "register", "forget", "move_row", "status", "exclude",
                     "unstart", "enrol", "unenrol", "move_session"]),
    st.integers(0, 11), st.integers(0, 11), st.integers(0, 11),
), min_size=1, max_size=25)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ops=operations)
def test_every_write_keeps_the_tallies_exact(ops):
    savepoint = db.session.begin_nested()
    try:
        world = World()
        assert_exact()
        for op in ops:
            apply(world, op)
    finally:
        savepoint.rollback()


def test_deleting_a_session_or_a_person_cascades_exactly():
    world = World()
    for session in world.sessions:
        for person in world.people:
            f.AttendanceFactory(session=session, participant=person)
    assert_exact()
    db.session.delete(world.sessions[0])
    assert_exact()
    # the database cascades a person's enrolments and attendance (as erasing them does)
    db.session.execute(sa.delete(Participant.__table__).where(Participant.__table__.c.id == world.person_ids[0]))
    assert_exact()
    assert not db.session.scalar(sa.select(sa.func.count()).select_from(StarterAttendanceTally).where(
        StarterAttendanceTally.session_id == world.session_ids[0]))


def test_orm_writes_keep_the_tallies_exact_and_the_rate_follows():
    world = World()
    cohort = world.cohorts[0]
    session = world.sessions[0]
    session.starts_at = datetime(2026, 1, 10, 9, tzinfo=UTC)
    present = f.AttendanceFactory(session=session, participant=world.people[1])
    absent = f.AttendanceFactory(session=session, participant=world.people[2],
                                 status=AttendanceStatus.absent)
    assert_exact()
    as_of = date(2026, 1, 10)
    assert cohort_outcomes(as_of, [cohort.code])["cohorts"][cohort.code]["attendance_rate"] == 0.5
    absent.status = AttendanceStatus.late
    assert_exact()
    assert cohort_outcomes(as_of, [cohort.code])["cohorts"][cohort.code]["attendance_rate"] == 1.0
    enrolment = db.session.scalar(sa.select(Enrolment).filter_by(participant=world.people[1], cohort=cohort))
    enrolment.exclusion_reason = ExclusionReason.death
    assert_exact()
    assert cohort_outcomes(as_of, [cohort.code])["cohorts"][cohort.code]["attendance_rate"] == 1.0
    db.session.delete(present)
    assert_exact()
    # a session not yet started by the as-of date does not count
    assert cohort_outcomes(as_of - timedelta(days=1), [cohort.code])["cohorts"][cohort.code][
        "attendance_rate"] is None
    assert db.session.get(Participant, world.person_ids[2]) is not None
