"""Outgoing mail: every message lands in the outbox; SMTP delivers it after commit when configured.

Delivery claims a message before sending, retries a failure with backoff (RETRY_DELAYS), then gives
up visibly (the admin outbox shows the error and a resend button), and never sends one twice: a
message is claimed in its own transaction before SMTP sees it, and a claim that never recorded
"sent" (the worker died in between) is not retried by itself: an admin decides.
"""

from __future__ import annotations

import functools
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import Flask, current_app
from sqlalchemy import Connection, or_, select, update
from sqlalchemy.orm import Session

from app.db import after_commit, utcnow
from app.extensions import db
from app.models import OutboxMessage

_PENDING = "bridgework_pending_mail"
#: where the task queue plugs in its "deliver this message" (app.extensions key)
DISPATCH_EXTENSION = "bridgework.mail_dispatch"


def send_mail(
    recipient: str, subject: str, body: str, *, kind: str = "general", dedupe_key: str | None = None,
    html: str | None = None, list_unsubscribe: str | None = None,
) -> OutboxMessage | None:
    """Queue a message; None when one with the same dedupe_key was already sent (never twice).

    ``html`` adds an HTML alternative to the text; ``list_unsubscribe`` is a one-click unsubscribe
    URL mail programs offer as a button (List-Unsubscribe and List-Unsubscribe-Post headers).
    """
    if dedupe_key is not None and db.session.scalar(
        select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)
    ):
        return None
    message = OutboxMessage(
        recipient=recipient, subject=subject, body_text=body, kind=kind, dedupe_key=dedupe_key,
        body_html=html, list_unsubscribe=list_unsubscribe,
    )
    db.session.add(message)
    db.session.flush()
    if current_app.config.get("MAIL_SERVER"):
        db.session().info.setdefault(_PENDING, []).append(message.id)
    return message


def build_email(message: OutboxMessage) -> EmailMessage:
    """The MIME message for an outbox row: text, an HTML alternative when there is one, and the
    one-click unsubscribe headers when the row has a link for them."""
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_SENDER"]
    # the same Message-ID on every attempt: the idempotency key a receiving server can dedupe on
    email["Message-ID"] = message_id_for(message)
    email["To"] = message.recipient
    email["Subject"] = message.subject
    if message.list_unsubscribe:
        email["List-Unsubscribe"] = f"<{message.list_unsubscribe}>"
        email["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    email.set_content(message.body_text)
    if message.body_html:
        email.add_alternative(message.body_html, subtype="html")
    return email


def deliver(message: OutboxMessage) -> None:
    """Hand one message to the configured SMTP server (raises OSError or SMTPException)."""
    config = current_app.config
    email = build_email(message)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


def dispatch(message_ids: list[int]) -> None:
    """Deliver messages just committed: through the task queue when one is plugged in
    (``app.extensions["bridgework.mail_dispatch"]``), else here and now."""
    plugged = current_app.extensions.get(DISPATCH_EXTENSION)
    for message_id in message_ids:
        if plugged is not None:
            plugged(message_id)
        else:
            deliver_message(message_id)


# mail goes out only once the change that caused it is committed
after_commit(_PENDING, dispatch)


# --- delivery: claim, send, record; retry with backoff; never twice ---------------------------

#: the wait before each retry of a failed SMTP attempt; after the last one the message is failed
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
#: a claim older than this that never recorded "sent": the sender stopped mid-send
SENDING_LEASE = timedelta(minutes=10)
UNKNOWN_STATE = ("Delivery stopped while sending (the worker may have stopped after the mail server accepted "
                 "it). It is not resent by itself, so it cannot arrive twice: check with the recipient, then resend.")


def delivery_session() -> Session:
    """A session with its own transactions, apart from the request's: on the engine, or on the
    connection the app's session is pinned to (the test suite's, whose commits are savepoints)."""
    bind = db.session.get_bind()
    if isinstance(bind, Connection):
        return Session(bind=bind, join_transaction_mode="create_savepoint", expire_on_commit=False)
    return Session(bind=bind, expire_on_commit=False)


def message_id_for(message: OutboxMessage) -> str:
    """A stable Message-ID per outbox row (its id and creation time), the same on every attempt."""
    domain = current_app.config["MAIL_SENDER"].rsplit("@", 1)[-1].strip("> ") or "bridgework.invalid"
    stamp = message.created_at.strftime("%Y%m%d%H%M%S") if message.created_at else "0"
    return f"<outbox-{message.id}-{stamp}@{domain}>"


def deliver_message(message_id: int, now: datetime | None = None) -> str:
    """Try one message: "sent", "retry" (it waits for its next attempt), "failed" or "skipped"
    (already sent, claimed elsewhere, failed, not due, or no SMTP server configured).

    Each transaction writes before it reads (the claim is an UPDATE; the message is read under
    that lock; the outcome is one UPDATE): on SQLite a transaction that reads and then writes
    cannot wait for another thread's write lock and fails at once, which lost "sent" records.
    """
    if not current_app.config.get("MAIL_SERVER"):
        return "skipped"
    now = now or utcnow()
    with delivery_session() as session:  # its own transactions: the claim commits before SMTP sees it
        claimed = session.execute(
            update(OutboxMessage).where(
                OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None),
                OutboxMessage.failed_at.is_(None), OutboxMessage.sending_at.is_(None),
                or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
            ).values(sending_at=now).execution_options(synchronize_session=False)
        ).rowcount
        message = session.get(OutboxMessage, message_id) if claimed else None
        session.commit()
        if message is None:
            return "skipped"
        try:
            deliver(message)
        except (OSError, smtplib.SMTPException) as error:
            outcome, values = _failure(message, error, now)
        else:
            outcome = "sent"
            values = {"sent_at": utcnow(), "sending_at": None, "next_attempt_at": None,
                      "attempts": message.attempts + 1}
        session.execute(update(OutboxMessage).where(OutboxMessage.id == message_id).values(**values)
                        .execution_options(synchronize_session=False))
        session.commit()
        return outcome


def _failure(message: OutboxMessage, error: Exception, now: datetime) -> tuple[str, dict]:
    """The outcome of a failed attempt and the columns that record it."""
    current_app.logger.warning("SMTP delivery failed for outbox message %s: %s", message.id, error)
    attempts = message.attempts + 1
    values = {"attempts": attempts, "last_error": f"{type(error).__name__}: {error}"[:2000], "sending_at": None}
    if attempts > len(RETRY_DELAYS):
        return "failed", {**values, "failed_at": now, "next_attempt_at": None}
    return "retry", {**values, "next_attempt_at": now + RETRY_DELAYS[attempts - 1]}


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Send every message due now (new ones and retries whose wait is over); give up stale claims.

    The scheduled outbox task runs this every minute; `flask mail deliver` runs it by hand.
    """
    now = now or utcnow()
    counts = {"sent": 0, "retry": 0, "failed": 0, "skipped": 0, "unknown": expire_stale_claims(now)}
    if not current_app.config.get("MAIL_SERVER"):
        return counts
    with delivery_session() as session:
        due = session.scalars(select(OutboxMessage.id).where(
            OutboxMessage.sent_at.is_(None), OutboxMessage.failed_at.is_(None), OutboxMessage.sending_at.is_(None),
            or_(OutboxMessage.next_attempt_at.is_(None), OutboxMessage.next_attempt_at <= now),
        ).order_by(OutboxMessage.id)).all()
    for message_id in due:
        counts[deliver_message(message_id, now)] += 1
    return counts


def expire_stale_claims(now: datetime | None = None) -> int:
    """Claims older than SENDING_LEASE that never recorded "sent" become failed (state unknown)."""
    now = now or utcnow()
    with delivery_session() as session:
        expired = session.execute(
            update(OutboxMessage).where(
                OutboxMessage.sent_at.is_(None), OutboxMessage.sending_at.is_not(None),
                OutboxMessage.sending_at < now - SENDING_LEASE,
            ).values(failed_at=now, sending_at=None, last_error=UNKNOWN_STATE)
            .execution_options(synchronize_session=False)
        ).rowcount
        session.commit()
    return expired


def resend(message: OutboxMessage) -> None:
    """An admin sends a failed message again: due now, its attempts counted afresh (flushes only;
    delivery follows the commit like any new mail)."""
    message.failed_at = message.next_attempt_at = message.sending_at = None
    message.attempts, message.last_error = 0, ""
    db.session.flush()
    if current_app.config.get("MAIL_SERVER"):
        db.session().info.setdefault(_PENDING, []).append(message.id)


def init_app(app: Flask, queue) -> None:
    """Mail on the task queue: each committed message is a task, and every minute the outbox is
    swept for retries whose wait is over (so a worker restart or a queue outage loses nothing)."""
    from huey import crontab

    queue.task("mail.deliver")(deliver_message)  # no Huey retries: the outbox keeps its own backoff
    queue.periodic_task("mail.deliver_due", crontab(minute="*"))(deliver_due)
    if not app.config.get("TASK_QUEUE_IMMEDIATE"):
        app.extensions[DISPATCH_EXTENSION] = functools.partial(_enqueue_delivery, queue)


def _enqueue_delivery(queue, message_id: int) -> None:
    try:
        queue.enqueue("mail.deliver", message_id)
    except Exception:  # the queue is down: the message waits in the outbox for the next sweep
        current_app.logger.exception("could not queue delivery of outbox message %s", message_id)
