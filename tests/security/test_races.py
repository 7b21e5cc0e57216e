"""Two requests at the same moment: a message or a wait, never a 500 or a deadlock."""

from __future__ import annotations

import os
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from cohorts.delivery.attendance import record_attendance
from cohorts.errors import CohortRuleError
from cohorts.models import AttendanceStatus, CohortSession, CohortStatus, EnrolmentStatus
from cohorts.participants import admissions
from tests import factories
from tests.app.test_migrations import scratch_database_url
from tests.conftest import ConnectionSession, counting_queries


def test_two_confirmations_for_one_new_address_give_the_second_a_message(monkeypatch):
    """The other confirmation wins the race between the lookup and the insert (the unique key)."""
    cohort = factories.CohortFactory(status=CohortStatus.recruiting)
    factories.ParticipantFactory(email="race@example.org")
    monkeypatch.setattr(admissions, "_participant_by_email", lambda email: None)  # it looked first
    with pytest.raises(CohortRuleError, match="at the same moment"):
        admissions.apply_to_cohort(cohort, first_name="Ada", last_name="Lovelace", email="race@example.org")
    db.session.flush()  # the transaction is still usable: the clash stayed inside its savepoint


def test_a_register_save_locks_its_session_first(app):
    """Saves of one register queue behind each other instead of inserting marks in two orders
    (1 save in 70 deadlocked on PostgreSQL under 50 clients), after taking the outcomes stamp's lock: the
    stamp's triggers take it before a statement's rows (a reschedule's), so the other order could deadlock."""
    enrolment = factories.EnrolmentFactory(status=EnrolmentStatus.enrolled)
    session = factories.CohortSessionFactory(cohort=enrolment.cohort,
                                             starts_at=datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1))
    db.session.flush()
    with counting_queries() as queries:
        record_attendance(session, {enrolment.participant_id: AttendanceStatus.present},
                          factories.user_for_role(Role.staff))
    locks = [s for s in queries.statements if "FOR UPDATE" in s.upper()]
    if db.engine.dialect.name == "postgresql":
        assert len(locks) == 2 and "outcome_stamps" in locks[0] and "sessions" in locks[1]
        first_attendance = next(i for i, s in enumerate(queries.statements) if "FROM attendance" in s)
        assert queries.statements.index(locks[0]) < queries.statements.index(locks[1]) < first_attendance
    else:  # SQLite has no row locks: one writer at a time holds the whole file
        assert locks == []


@pytest.fixture
def committed(app, tmp_path):
    """A database of its own whose rows other connections see (the test's own transaction hides them):
    ``db.session`` is bound to it, one session per thread's app context."""
    url = scratch_database_url(tmp_path, "lock_order")
    engine = sa.create_engine(url)
    db.Model.metadata.create_all(engine)  # the triggers too
    test_session = db.session
    db.session = db._make_scoped_session({"bind": engine, "class_": ConnectionSession})
    try:
        yield engine
    finally:
        db.session.remove()
        db.session = test_session
        engine.dispose()


def _someone_waits_on_a_lock(engine, deadline: float) -> bool:
    with engine.connect() as connection:
        while time.monotonic() < deadline:
            if connection.execute(sa.text("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                                          "AND wait_event_type = 'Lock'")).scalar():
                return True
            time.sleep(0.05)  # polling for the condition, not a fixed wait
    return False


@pytest.mark.skipif(not os.environ.get("TEST_DATABASE_URL", "").startswith("postgresql"), reason="row locks: PostgreSQL")
def test_a_register_save_and_a_reschedule_of_its_session_take_turns(app, committed):
    """The register save holds its session's lock when the reschedule starts: the reschedule must queue behind it
    (the outcomes stamp's lock first, as its triggers take it), not take the stamp and deadlock."""
    enrolment = factories.EnrolmentFactory(status=EnrolmentStatus.enrolled)
    started = datetime.now(UTC).replace(microsecond=0) - timedelta(hours=1)
    session_id = factories.CohortSessionFactory(cohort=enrolment.cohort, starts_at=started).id
    participant_id = enrolment.participant_id
    db.session.commit()
    locked, errors = threading.Event(), []
    register_thread: list[threading.Thread] = []

    def pause_once_the_session_is_locked(connection, cursor, statement, *args) -> None:
        if threading.current_thread() in register_thread and "FOR UPDATE" in statement and "FROM sessions" in statement:
            locked.set()  # the reschedule starts now; the save goes on once it waits
            assert _someone_waits_on_a_lock(committed, time.monotonic() + 30)

    def save_register() -> None:
        with app.app_context():
            try:
                session = db.session.get(CohortSession, session_id)
                record_attendance(session, {participant_id: AttendanceStatus.present}, None)
                db.session.commit()
            except Exception as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)
            finally:
                db.session.remove()

    def reschedule() -> None:
        with app.app_context():
            try:
                db.session.execute(sa.update(CohortSession).where(CohortSession.id == session_id)
                                   .values(starts_at=started - timedelta(minutes=5), ends_at=started + timedelta(hours=1)))
                db.session.commit()
            except Exception as error:  # noqa: BLE001 (reported by the test)
                errors.append(error)
            finally:
                db.session.remove()

    sa.event.listen(committed, "after_cursor_execute", pause_once_the_session_is_locked)
    register_thread.append(threading.Thread(target=save_register))
    register_thread[0].start()
    assert locked.wait(30), errors
    rescheduling = threading.Thread(target=reschedule)
    rescheduling.start()
    for thread in (register_thread[0], rescheduling):
        thread.join(60)
    assert errors == []
    with committed.connect() as connection:  # the mark carries the session's new start
        starts = connection.execute(sa.text("SELECT session_starts_at FROM attendance")).scalars().all()
        assert [at.replace(tzinfo=UTC) for at in starts] == [(started - timedelta(minutes=5)).replace(tzinfo=None)
                                                            .replace(tzinfo=UTC)]
