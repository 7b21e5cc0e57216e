"""Mail that retries: claimed before sending, retried with backoff, failed visibly, never sent twice."""

from __future__ import annotations

import smtplib
from datetime import timedelta
from typing import ClassVar

import pytest

from app.db import utcnow
from app.extensions import db
from app.mail import RETRY_DELAYS, SENDING_LEASE, deliver_due, deliver_message, expire_stale_claims, resend, send_mail
from app.models import OutboxMessage, Role
from tests.app.notifications.test_services import FakeSMTP


class FlakySMTP(FakeSMTP):
    """An SMTP server that refuses the first ``failures`` connections, then accepts."""

    failures: ClassVar[int] = 0

    def __init__(self, *args, **kwargs) -> None:
        if FlakySMTP.failures > 0:
            FlakySMTP.failures -= 1
            raise ConnectionRefusedError("Connection refused")


@pytest.fixture
def smtp(app, monkeypatch):
    FlakySMTP.failures, FakeSMTP.sent = 0, []
    monkeypatch.setattr(smtplib, "SMTP", FlakySMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.test")
    return FlakySMTP


def queued(subject: str = "Hello") -> OutboxMessage:
    message = send_mail("ada@example.test", subject, "Body")
    db.session.commit()  # delivery follows the commit: the server refuses or accepts it here
    return message


def test_a_commit_delivers_the_mail_once_with_a_stable_message_id(smtp):
    message = queued()
    db.session.refresh(message)
    assert message.sent_at is not None and message.attempts == 1 and message.sending_at is None
    assert len(smtp.sent) == 1 and smtp.sent[0]["Message-ID"] == f"<outbox-{message.id}-" \
        f"{message.created_at:%Y%m%d%H%M%S}@bridgework.test>"
    assert deliver_message(message.id) == "skipped" and deliver_due()["sent"] == 0
    assert len(smtp.sent) == 1


def test_a_failure_waits_longer_each_time_then_gives_up_visibly(smtp):
    smtp.failures = 99
    message = queued()
    db.session.refresh(message)
    assert message.attempts == 1 and message.next_attempt_at is not None and "refused" in message.last_error
    now = message.next_attempt_at
    waits = []
    for _ in RETRY_DELAYS:
        assert deliver_message(message.id, now - timedelta(seconds=1)) == "skipped"  # not due yet
        outcome = deliver_message(message.id, now)
        db.session.refresh(message)
        if outcome == "retry":
            waits.append(message.next_attempt_at - now)
            now = message.next_attempt_at
    assert waits == list(RETRY_DELAYS[1:])
    assert outcome == "failed" and message.failed_at is not None and message.next_attempt_at is None
    assert message.attempts == len(RETRY_DELAYS) + 1 and smtp.sent == []
    assert deliver_due(now + timedelta(days=1))["sent"] == 0  # a failed message waits for an admin


def test_a_retry_that_succeeds_is_sent_once(smtp):
    smtp.failures = 1
    message = queued()
    db.session.refresh(message)
    counts = deliver_due(message.next_attempt_at)
    db.session.refresh(message)
    assert counts["sent"] == 1 and message.sent_at is not None and len(smtp.sent) == 1


def test_a_claim_that_never_recorded_sent_is_not_resent(smtp, app):
    """The worker died after the server took the mail and before it wrote "sent": resending could
    deliver it twice, so it becomes failed with the reason, for an admin to decide."""
    app.config["MAIL_SERVER"] = None
    message = queued()
    app.config["MAIL_SERVER"] = "smtp.example.test"
    message.sending_at = utcnow() - SENDING_LEASE - timedelta(minutes=1)
    db.session.commit()
    assert deliver_due()["sent"] == 0 and smtp.sent == []
    db.session.refresh(message)
    assert message.failed_at is not None and "not resent by itself" in message.last_error
    assert expire_stale_claims() == 0


def test_an_admin_resends_a_failed_message(smtp, client, login):
    smtp.failures = 99
    message = queued()
    message.failed_at, message.attempts, message.last_error = utcnow(), 5, "ConnectionRefusedError: refused"
    db.session.commit()
    login(Role.admin)
    page = client.get(f"/admin/outbox/{message.id}").get_data(as_text=True)
    assert "Failed" in page and "ConnectionRefusedError: refused" in page and "Resend" in page
    smtp.failures = 0
    response = client.post(f"/admin/outbox/{message.id}/resend")
    assert response.status_code == 302
    db.session.refresh(message)
    assert message.sent_at is not None and message.failed_at is None and len(smtp.sent) == 1


def test_resend_is_for_admins_only(smtp, client, login):
    message = queued()
    login(Role.staff)
    assert client.post(f"/admin/outbox/{message.id}/resend").status_code in (403, 404)


def test_resend_clears_the_failure_state(app):
    message = send_mail("bo@example.test", "Hi", "Body")
    message.failed_at, message.attempts, message.last_error = utcnow(), 5, "boom"
    resend(message)
    assert (message.failed_at, message.attempts, message.last_error) == (None, 0, "")


def test_without_an_smtp_server_the_outbox_only_keeps_the_mail(app):
    message = queued()
    assert deliver_message(message.id) == "skipped" and message.sent_at is None


def test_flask_mail_deliver_sends_what_is_due(smtp, app):
    app.config["MAIL_SERVER"] = None
    queued()
    app.config["MAIL_SERVER"] = "smtp.example.test"
    result = app.test_cli_runner().invoke(args=["mail", "deliver"])
    assert result.exit_code == 0 and "sent: 1" in result.output and len(smtp.sent) == 1


def test_with_a_worker_the_commit_queues_a_task_instead_of_sending(smtp, app, monkeypatch):
    from app.mail import DISPATCH_EXTENSION

    queued_ids = []
    monkeypatch.setitem(app.extensions, DISPATCH_EXTENSION, queued_ids.append)
    message = queued()
    assert queued_ids == [message.id] and smtp.sent == []


def test_the_queue_carries_mail_tasks_and_the_minute_sweep(app):
    from app.tasks.queue import queue_for

    tasks = queue_for(app).tasks
    assert {"mail.deliver", "mail.deliver_due", "nudges.daily", "privacy.monthly_report"} <= set(tasks)
