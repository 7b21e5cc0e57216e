"""notify(): each person's choices per kind, once per event for repeated jobs, nothing after a rollback."""

from __future__ import annotations

import smtplib
from typing import ClassVar

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import OutboxMessage, Role
from app.notifications.kinds import KINDS, Kind, kinds_for
from app.notifications.models import Notification, NotificationPreference
from app.notifications.services import Choice, Recipient, notify, save_settings, settings_of, unsubscribe
from tests import factories


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def _participant_user():
    return factories.user_for_role(Role.participant)


def test_by_default_a_person_gets_the_notice_in_the_portal_and_by_email():
    user = _participant_user()
    assert notify([user], Kind.enrolment, "You are enrolled", "Welcome", link="/participant/") == 1
    notice = db.session.scalar(select(Notification).where(Notification.user_id == user.id))
    assert (notice.kind, notice.title, notice.body, notice.link, notice.read_at) == (
        "enrolment", "You are enrolled", "Welcome", "/participant/", None)
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    assert mail.kind == "enrolment" and mail.subject == "You are enrolled"
    assert "Welcome" in mail.body_text and "Welcome" in mail.body_html
    assert "/notifications/unsubscribe/" in mail.list_unsubscribe


def test_email_off_means_no_outbox_row():
    user = _participant_user()
    save_settings(user, {Kind.enrolment: Choice(email=False, portal=True)})
    notify([user], Kind.enrolment, "You are enrolled")
    assert _count(OutboxMessage, OutboxMessage.recipient == user.email) == 0
    assert _count(Notification, Notification.user_id == user.id) == 1


def test_portal_off_means_no_notification_row():
    user = _participant_user()
    save_settings(user, {Kind.enrolment: Choice(email=True, portal=False)})
    notify([user], Kind.enrolment, "You are enrolled")
    assert _count(Notification, Notification.user_id == user.id) == 0
    assert _count(OutboxMessage, OutboxMessage.recipient == user.email) == 1


def test_both_off_tells_nobody_and_other_kinds_keep_their_defaults():
    user = _participant_user()
    save_settings(user, {Kind.enrolment: Choice(email=False, portal=False)})
    assert notify([user], Kind.enrolment, "You are enrolled") == 0
    assert notify([user], Kind.application, "Your application") == 1


def test_the_settings_list_only_the_kinds_of_the_role_with_defaults():
    staff = factories.UserFactory(role=Role.staff)
    settings = settings_of(staff)
    assert list(settings) == kinds_for(Role.staff)
    assert settings[Kind.application_arrived] == Choice(email=False, portal=True)  # busy: portal only by default
    save_settings(staff, {Kind.enrolment: Choice(False, False)})  # not a staff kind: ignored
    assert _count(NotificationPreference, NotificationPreference.user_id == staff.id) == 0


def test_every_kind_belongs_to_some_role():
    assert all(info.roles for info in KINDS.values())
    assert set(KINDS) == set(Kind)


def test_deactivated_users_and_duplicates_are_skipped():
    user, gone = _participant_user(), factories.UserFactory(active=False)
    assert notify([user, user, gone], Kind.enrolment, "You are enrolled") == 1
    assert _count(Notification) == 1


def test_an_address_without_a_login_gets_email_only_without_an_unsubscribe_header():
    assert notify([Recipient("ada@example.org", "Ada")], Kind.application, "Your application") == 1
    assert _count(Notification) == 0
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "ada@example.org"))
    assert mail.list_unsubscribe is None and "Hello Ada" in mail.body_text


def test_a_repeated_job_tells_each_person_once():
    user = _participant_user()
    assert notify([user], Kind.retention_check_in, "Check-in", about="retention:1") == 1
    assert notify([user], Kind.retention_check_in, "Check-in", about="retention:1") == 0
    assert _count(Notification) == 1 and _count(OutboxMessage) == 1


def test_unsubscribe_turns_only_that_kind_s_email_off():
    user = _participant_user()
    assert unsubscribe(user, Kind.enrolment) is True
    assert unsubscribe(user, Kind.enrolment) is False
    assert settings_of(user)[Kind.enrolment] == Choice(email=False, portal=True)
    assert settings_of(user)[Kind.application] == Choice(email=True, portal=True)


class FakeSMTP:
    sent: ClassVar[list] = []

    def __init__(self, *args, **kwargs) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc) -> None:
        return None

    def starttls(self) -> None:
        pass

    def login(self, *args) -> None:
        pass

    def send_message(self, message) -> None:
        FakeSMTP.sent.append(message)


@pytest.fixture
def smtp(app, monkeypatch):
    FakeSMTP.sent = []
    monkeypatch.setattr(smtplib, "SMTP", FakeSMTP)
    monkeypatch.setitem(app.config, "MAIL_SERVER", "smtp.example.test")
    return FakeSMTP.sent


def test_a_rolled_back_change_sends_nothing(smtp):
    user = _participant_user()
    db.session.commit()
    notify([user], Kind.enrolment, "You are enrolled")
    db.session.rollback()
    assert _count(Notification) == 0 and _count(OutboxMessage) == 0
    db.session.commit()  # a later commit in the same session does not send what was rolled back
    assert smtp == []
