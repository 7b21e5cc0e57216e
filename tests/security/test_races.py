"""Two requests at the same moment: a message or a wait, never a 500 or a deadlock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import Role
from cohorts.delivery.attendance import record_attendance
from cohorts.errors import CohortRuleError
from cohorts.models import AttendanceStatus, CohortStatus, EnrolmentStatus
from cohorts.participants import admissions
from tests import factories
from tests.conftest import counting_queries


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
