"""Erasure leaves no trace: mail to any address the person had, waiting uploads, search logs."""

from __future__ import annotations

import logging
import runpy
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.mail import send_mail
from app.models import OutboxMessage, Role
from app.security.requests import SearchQueryFilter
from cohorts.participants.services import update_intake
from cohorts.privacy.erasure import erase_participant
from app import uploads
from tests import factories

ROOT = Path(__file__).resolve().parents[3]


def _mail_to(*addresses: str) -> int:
    return db.session.scalar(select(func.count()).select_from(OutboxMessage)
                             .where(OutboxMessage.recipient.in_(addresses)))


def test_mail_sent_to_a_former_address_goes_too():
    staff = factories.user_for_role(Role.staff)
    participant = factories.ParticipantFactory(email="old@example.test")
    send_mail("old@example.test", "Welcome", "Hello at your old address", kind="general")
    update_intake(participant, staff, email="new@example.test")
    send_mail("new@example.test", "Reminder", "Hello at your new address", kind="general")
    assert _mail_to("old@example.test", "new@example.test") == 2
    erase_participant(participant, staff)
    assert _mail_to("old@example.test", "new@example.test") == 0


def test_uploads_waiting_for_a_confirm_are_dropped_by_an_erasure():
    waiting = uploads.store_bytes(b"rows naming people", "waiting.zip", None).token
    erase_participant(factories.ParticipantFactory(), factories.user_for_role(Role.admin))
    assert uploads.find_upload(waiting) is None


def test_the_development_server_logs_a_search_by_its_path_only():
    record = logging.LogRecord("werkzeug", logging.INFO, __file__, 1, '"%s" %s %s',
                               ("GET /staff/participants?q=Ada+Lovelace&page=2 HTTP/1.1", "200", "512"), None)
    SearchQueryFilter().filter(record)
    assert "Ada" not in record.getMessage() and "/staff/participants" in record.getMessage()


def test_gunicorn_access_lines_carry_no_query_string_or_referrer():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    line = settings["access_log_format"]
    assert "%(U)s" in line and not any(f"%({key})s" in line for key in ("r", "q", "f"))


def test_notices_naming_the_person_go_too():
    """A coach's "New application: Ada Lovelace" and the person's own list leave with an erasure."""
    from app.notifications.models import Notification
    from cohorts.models import CohortStatus
    from cohorts.participants.admissions import apply_to_cohort

    coach = factories.user_for_role(Role.staff)
    cohort = factories.CohortFactory(status=CohortStatus.recruiting)
    enrolment = apply_to_cohort(cohort, first_name="Ada", last_name="Lovelace", email="ada@example.test")
    db.session.flush()
    naming = select(func.count()).select_from(Notification).where(Notification.title.contains("Lovelace"))
    assert db.session.scalar(naming) >= 1
    erase_participant(enrolment.participant, coach)
    assert db.session.scalar(naming) == 0
