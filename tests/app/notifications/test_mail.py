"""The email a notification becomes: text and HTML parts, and the one-click unsubscribe headers."""

from __future__ import annotations

import smtplib

from sqlalchemy import select

from app.extensions import db
from app.mail import build_email, deliver
from app.models import OutboxMessage, Role
from app.notifications.kinds import Kind
from app.notifications.services import notify
from tests import factories
from tests.app.notifications.test_services import FakeSMTP


def _mail_for(user) -> OutboxMessage:
    notify([user], Kind.enrolment, "You are enrolled on C-1", "Welcome <aboard>", link="/participant/schedule")
    return db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))


def test_the_message_has_a_text_and_an_html_part_and_list_unsubscribe(app):
    user = factories.user_for_role(Role.participant, full_name="Ada Lovelace")
    email = build_email(_mail_for(user))
    assert email["Subject"] == "You are enrolled on C-1" and email["To"] == user.email
    assert email["List-Unsubscribe"].startswith("<http") and "/notifications/unsubscribe/" in email["List-Unsubscribe"]
    assert email["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert email.get_content_type() == "multipart/alternative"
    text = email.get_body(("plain",)).get_content()
    html = email.get_body(("html",)).get_content()
    assert "Hello Ada Lovelace" in text and "Welcome <aboard>" in text
    assert "Welcome &lt;aboard&gt;" in html  # escaped in HTML
    base = app.config["SERVER_BASE_URL"].rstrip("/")
    assert f"{base}/participant/schedule" in text and f'href="{base}/participant/schedule"' in html


def test_deliver_hands_both_parts_to_smtp(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.test")
    deliver(_mail_for(factories.user_for_role(Role.participant)))
    (sent,) = FakeSMTP.sent
    assert [part.get_content_type() for part in sent.iter_parts()] == ["text/plain", "text/html"]
    assert sent["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"


def test_plain_mail_stays_text_only_without_the_headers():
    message = factories.OutboxMessageFactory()
    email = build_email(message)
    assert email.get_content_type() == "text/plain" and email["List-Unsubscribe"] is None
