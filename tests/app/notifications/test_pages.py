"""The notifications pages: each role reads only its own list, marks it read, chooses per kind;
the unsubscribe link works without logging in; the unread count shows on every portal page."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, Role
from app.notifications.kinds import Kind, kinds_for
from app.notifications.mailing import unsubscribe_token
from app.notifications.models import Notification
from app.notifications.services import Choice, notify, settings_of
from tests import factories
from tests.conftest import assert_query_count_flat

HOMES = {Role.admin: "/staff/", Role.staff: "/staff/", Role.employer: "/employer/", Role.participant: "/participant/"}


def _notice(user, title="Something happened", link="", **fields) -> Notification:
    notice = Notification(user_id=user.id, kind=kinds_for(user.role)[0].value, title=title, link=link, **fields)
    db.session.add(notice)
    db.session.flush()
    return notice


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_sees_its_own_list_and_the_unread_count_in_its_portal(client, login, role):
    user, other = login(role), factories.UserFactory()
    _notice(user, "Mine, unread")
    _notice(user, "Mine, read", read_at=datetime.now(UTC))
    _notice(other, "Someone else's")
    page = client.get("/notifications/")
    assert page.status_code == 200
    assert "Mine, unread" in page.text and "Mine, read" in page.text and "Someone else's" not in page.text
    home = client.get(HOMES[role], follow_redirects=True).text
    assert re.search(r'class="count-badge">1<span class="visually-hidden"> unread', home)


def test_anonymous_visitors_are_sent_to_login(client):
    for url in ("/notifications/", "/notifications/settings"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_no_count_when_nothing_is_unread(client, login):
    login(Role.participant)
    assert "count-badge" not in client.get("/participant/").text


def test_the_list_is_newest_first_and_paginated(client, login):
    user = login(Role.participant)
    start = datetime(2026, 1, 1, tzinfo=UTC)
    for n in range(25):
        _notice(user, f"Notice {n:02d}", created_at=start + timedelta(hours=n))
    first = client.get("/notifications/").text
    assert first.index("Notice 24") < first.index("Notice 23") and "Notice 04" not in first
    assert "Notice 04" in client.get("/notifications/?page=2").text


def test_opening_marks_it_read_and_follows_its_link(client, login):
    user = login(Role.participant)
    notice = _notice(user, link="/participant/applications")
    response = client.post(f"/notifications/{notice.id}/open")
    assert response.status_code == 302 and response.headers["Location"] == "/participant/applications"
    assert notice.read_at is not None


def test_an_off_site_link_is_never_followed(client, login):
    notice = _notice(login(Role.participant), link="//evil.example/")
    assert client.post(f"/notifications/{notice.id}/open").headers["Location"] == "/notifications/"


def test_someone_else_s_notification_is_404(client, login):
    login(Role.participant)
    theirs = _notice(factories.user_for_role(Role.participant))
    assert client.post(f"/notifications/{theirs.id}/open").status_code == 404
    assert theirs.read_at is None


def test_mark_all_read_reads_only_mine(client, login):
    user, other = login(Role.employer), factories.UserFactory()
    mine = [_notice(user), _notice(user)]
    theirs = _notice(other)
    response = client.post("/notifications/read-all", follow_redirects=True)
    assert "2 notifications marked as read." in response.text
    db.session.expire_all()
    assert all(n.read_at is not None for n in mine) and theirs.read_at is None


def test_reading_needs_a_post(client, login):
    notice = _notice(login(Role.participant))
    assert client.get(f"/notifications/{notice.id}/open").status_code == 405


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_the_settings_page_shows_the_role_s_kinds_and_saves_them(client, login, role):
    user = login(role)
    page = client.get("/notifications/settings").text
    kinds = kinds_for(role)
    assert all(f'name="email_{kind.value}"' in page for kind in kinds)
    assert page.count("<fieldset") == len(kinds)
    first = kinds[0]
    form = {f"{channel}_{kind.value}": "y" for kind in kinds for channel in ("email", "portal")}
    del form[f"email_{first.value}"]
    response = client.post("/notifications/settings", data=form, follow_redirects=True)
    assert "Your notification settings are saved." in response.text
    assert settings_of(user)[first] == Choice(email=False, portal=True)


def _unsubscribe_url(user, kind=Kind.enrolment) -> str:
    return f"/notifications/unsubscribe/{unsubscribe_token(user, kind)}"


def test_the_unsubscribe_link_asks_then_turns_that_email_off_without_login(client):
    user = factories.user_for_role(Role.participant)
    page = client.get(_unsubscribe_url(user))
    assert page.status_code == 200 and "Stop these emails" in page.text
    assert settings_of(user)[Kind.enrolment].email is True
    done = client.post(_unsubscribe_url(user))
    assert done.status_code == 200 and "Done" in done.text
    assert settings_of(user)[Kind.enrolment] == Choice(email=False, portal=True)
    notify([user], Kind.enrolment, "You are enrolled")
    assert db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.recipient == user.email)) is None


def test_one_click_unsubscribe_works_with_csrf_on_and_no_token(app, client, monkeypatch):
    """RFC 8058: the mail program POSTs List-Unsubscribe=One-Click, with no session and no CSRF token."""
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    user = factories.user_for_role(Role.employer)
    response = client.post(_unsubscribe_url(user, Kind.session_changed), data={"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert settings_of(user)[Kind.session_changed].email is False
    other_posts = client.post(f"/notifications/{_notice(factories.user_for_role(Role.participant)).id}/open")
    assert other_posts.status_code == 400  # every other form still needs its CSRF token


def test_the_link_in_the_mail_is_the_one_that_works(client):
    user = factories.user_for_role(Role.participant)
    notify([user], Kind.application, "Your application")
    mail = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == user.email))
    path = re.search(r"/notifications/unsubscribe/\S+", mail.list_unsubscribe).group(0)
    assert path in mail.body_text
    client.post(path)
    assert settings_of(user)[Kind.application].email is False


@pytest.mark.parametrize("token", ["not-a-token", "eyJ1IjoxLCJrIjoiZW5yb2xtZW50In0.forged"])
def test_a_forged_unsubscribe_link_is_404_and_changes_nothing(client, token):
    assert client.get(f"/notifications/unsubscribe/{token}").status_code == 404
    assert client.post(f"/notifications/unsubscribe/{token}").status_code == 404


def test_the_list_s_query_count_does_not_grow(client, login):
    user = login(Role.staff)
    _notice(user)
    assert_query_count_flat(client, "/notifications/", lambda: [_notice(user) for _ in range(15)])


def test_a_page_reads_its_user_and_unread_count_in_one_statement(client, login, count_queries):
    user = login(Role.participant)
    _notice(user, "Unread")
    client.get("/participant/")  # templates compiled, caches filled
    with count_queries() as counted:
        home = client.get("/participant/").text
    assert re.search(r'class="count-badge">1<span class="visually-hidden"> unread', home)
    statements = [s for s in counted.statements if "notifications" in s]
    assert len(statements) == 1 and "FROM users" in statements[0]


@pytest.mark.parametrize(("role", "path", "joined"), [
    (Role.staff, "/staff/", set()),  # a staff page reads neither record
    (Role.employer, "/employer/", {"employers"}),  # the layout names the employer
    (Role.participant, "/participant/", {"participants"}),  # the guards read the participant
    (Role.employer, "/notifications/", {"employers", "participants"}),  # any role's page: both, as before
])
def test_the_user_is_loaded_with_the_record_their_portal_reads(client, login, count_queries, role, path, joined):
    login(role)
    client.get(path)
    with count_queries() as counted:
        assert client.get(path).status_code == 200
    user_statement = next(s for s in counted.statements if "FROM users" in s and "notifications" in s)
    assert {table for table in ("employers", "participants") if f"JOIN {table}" in user_statement} == joined


def test_a_change_to_the_notices_in_the_request_is_counted_again(app, login):
    from flask import g

    from app.notifications.queries import user_with_unread_count
    from app.notifications.services import mark_all_read

    user = login(Role.participant)
    _notice(user, "Unread")
    with app.test_request_context("/participant/"):
        assert user_with_unread_count(user.id) == user and g.unread_notifications == 1
        mark_all_read(user)
        assert "unread_notifications" not in g  # the layout counts again
