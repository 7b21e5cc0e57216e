"""Outgoing mail: every message lands in the outbox; SMTP delivers it after commit when configured."""

from __future__ import annotations

import smtplib
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from app.db import utcnow
from app.extensions import db
from app.models import OutboxMessage

_PENDING = "bridgework_pending_mail"


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
    """Hand one message to the configured SMTP server."""
    config = current_app.config
    email = build_email(message)
    with smtplib.SMTP(config["MAIL_SERVER"], config["MAIL_PORT"], timeout=20) as smtp:
        if config.get("MAIL_USE_TLS"):
            smtp.starttls()
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config["MAIL_PASSWORD"])
        smtp.send_message(email)


@event.listens_for(Session, "after_soft_rollback")
def _forget_rolled_back_mail(session: Session, previous_transaction) -> None:
    """A rolled-back change takes its queued mail with it; a savepoint's rollback leaves the rest queued."""
    if previous_transaction.parent is None and not previous_transaction.nested:
        session.info.pop(_PENDING, None)


@event.listens_for(Session, "after_commit")
def _deliver_after_commit(session: Session) -> None:
    """Mail goes out only once the change that caused it is committed."""
    ids = session.info.pop(_PENDING, None)
    if not ids:
        return
    # the committing session cannot run SQL inside this hook: record delivery in a fresh one
    with Session(db.engine) as delivery_session:
        for message_id in ids:
            message = delivery_session.get(OutboxMessage, message_id)
            if message is None or message.sent_at is not None:
                continue
            try:
                deliver(message)
            except (OSError, smtplib.SMTPException):
                current_app.logger.exception("SMTP delivery failed for outbox message %s", message_id)
                continue
            message.sent_at = utcnow()
        delivery_session.commit()
