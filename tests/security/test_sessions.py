"""Idle timeout and re-authentication for sensitive actions; the session cookie's signer, built once per
set of keys (app.security.SignedSessionCookies), while a key rotation still takes effect at once: a cookie
signed with a retired key opens only while that key is listed in SECRET_KEY_FALLBACKS; the forms' CSRF
token, signed once per session and process and as good as Flask-WTF's own."""

from __future__ import annotations

import re
import time

import flask_wtf.csrf
import pytest
from flask import session as request_session
from flask_wtf.csrf import generate_csrf, validate_csrf
from itsdangerous import BadSignature
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Role
from app.security import SignedSessionCookies
from tests import factories
from tests.conftest import log_in


def _set_session(client, **values) -> None:
    with client.session_transaction() as session:
        session.update(values)


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


# --- idle timeout -------------------------------------------------------------------------


def test_activity_is_noted_on_each_request(client, login):
    login(Role.staff)
    assert client.get("/staff/").status_code in (200, 302)
    assert abs(_session(client)["last_seen"] - time.time()) < 5


def test_an_idle_session_is_logged_out_with_a_message(client, login, app):
    login(Role.admin)
    minutes = app.config["IDLE_TIMEOUT_MINUTES"]
    _set_session(client, last_seen=int(time.time()) - minutes * 60 - 5)
    response = client.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]
    assert "next=/admin/users" in response.headers["Location"]
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert f"You were logged out after {minutes} minutes without activity" in page
    assert "_user_id" not in _session(client)
    assert client.get("/admin/users").status_code == 302  # still logged out


def test_a_recently_active_session_stays(client, login, app):
    login(Role.admin)
    minutes = app.config["IDLE_TIMEOUT_MINUTES"]
    _set_session(client, last_seen=int(time.time()) - minutes * 60 + 60)
    assert client.get("/admin/users").status_code == 200


def test_the_idle_timeout_is_configurable(client, login, app, monkeypatch):
    monkeypatch.setitem(app.config, "IDLE_TIMEOUT_MINUTES", 2)
    login(Role.admin)
    _set_session(client, last_seen=int(time.time()) - 3 * 60)
    assert client.get("/admin/users").status_code == 302


# --- re-authentication --------------------------------------------------------------------


def _role_change(client, user, **extra):
    return client.post(f"/admin/users/{user.id}/role", data={"role": "admin", "employer": "", **extra})


def test_changing_a_role_asks_for_the_password_first(client, login):
    login(Role.admin)
    user = factories.UserFactory(role=Role.staff)
    response = _role_change(client, user)
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Confirm your password" in page
    assert 'name="role" value="admin"' in page  # the original form rides along
    assert user.role == Role.staff


def test_a_wrong_password_changes_nothing_and_is_audited(client, login):
    admin = login(Role.admin)
    user = factories.UserFactory(role=Role.staff)
    response = _role_change(client, user, reauth_password="not my password")
    assert response.status_code == 400 and "That is not your password." in response.get_data(as_text=True)
    assert user.role == Role.staff
    assert db.session.scalar(select(AuditEvent).where(
        AuditEvent.action == "reauth_failed", AuditEvent.entity_id == str(admin.id))) is not None


def test_the_right_password_goes_ahead_and_stays_fresh_for_a_while(client, login, app):
    login(Role.admin)
    user, other = factories.UserFactory(role=Role.staff), factories.UserFactory(role=Role.staff)
    assert _role_change(client, user, reauth_password=factories.PASSWORD).status_code == 302
    assert user.role == Role.admin
    assert _role_change(client, other).status_code == 302  # confirmed a moment ago
    assert other.role == Role.admin
    _set_session(client, reauth_at=int(time.time()) - app.config["REAUTH_FRESH_MINUTES"] * 60 - 1)
    third = factories.UserFactory(role=Role.staff)
    assert "Confirm your password" in _role_change(client, third).get_data(as_text=True)
    assert third.role == Role.staff


def test_repeated_wrong_passwords_are_throttled(client, login):
    login(Role.admin)
    user = factories.UserFactory(role=Role.staff)
    for _ in range(5):
        _role_change(client, user, reauth_password="guess")
    response = _role_change(client, user, reauth_password=factories.PASSWORD)
    assert response.status_code == 429 and "Too many attempts" in response.get_data(as_text=True)
    assert user.role == Role.staff


# --- the session cookie's signer ------------------------------------------------------------


@pytest.fixture
def keys(app):
    before = app.secret_key, app.config.get("SECRET_KEY_FALLBACKS")
    yield app
    app.secret_key, app.config["SECRET_KEY_FALLBACKS"] = before


def test_the_signer_is_kept_while_the_keys_stay(keys):
    interface = keys.session_interface
    assert isinstance(interface, SignedSessionCookies)
    assert interface.get_signing_serializer(keys) is interface.get_signing_serializer(keys)


def test_a_new_key_takes_effect_at_once(keys):
    interface = keys.session_interface
    cookie = interface.get_signing_serializer(keys).dumps({"user": 1})
    retired = keys.secret_key
    keys.secret_key, keys.config["SECRET_KEY_FALLBACKS"] = "a-new-secret-key", [retired]
    assert interface.get_signing_serializer(keys).loads(cookie) == {"user": 1}  # the retired key still opens it
    keys.config["SECRET_KEY_FALLBACKS"] = []
    with pytest.raises(BadSignature):
        interface.get_signing_serializer(keys).loads(cookie)


# --- the CSRF token, signed once per session and process --------------------------------

#: the token in a page's forms (the logout button is on every page)
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')

@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def _token_on(client, path: str = "/staff/") -> str:
    response = client.get(path)
    assert response.status_code == 200
    return TOKEN.search(response.get_data(as_text=True)).group(1)


def test_every_page_of_a_session_carries_the_same_signed_token(client, login, csrf_on):
    login(Role.staff)
    first = _token_on(client)
    assert _token_on(client) == first
    assert _token_on(client, "/staff/participants") == first


def test_the_reused_token_is_the_one_flask_wtf_accepts(app, client, login, csrf_on):
    login(Role.staff)
    _token_on(client)  # the first page makes the session's raw token
    token = _token_on(client)
    with client.session_transaction() as saved:
        raw = saved["csrf_token"]
    with app.test_request_context():
        request_session["csrf_token"] = raw
        validate_csrf(token)  # raises when the signature or the raw token does not match
        validate_csrf(generate_csrf())  # and Flask-WTF's own, signed afresh, is as good


def test_a_form_posted_with_the_reused_token_is_accepted(client, login, csrf_on):
    login(Role.staff)
    _token_on(client)
    token = _token_on(client)
    response = client.post("/logout", data={"csrf_token": token})
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_another_sessions_token_is_refused(app, csrf_on):
    mine, theirs = app.test_client(), app.test_client()
    log_in(mine, factories.user_for_role(Role.staff))
    log_in(theirs, factories.user_for_role(Role.staff))
    _token_on(mine)
    _token_on(theirs)
    mine_token, their_token = _token_on(mine), _token_on(theirs)
    assert mine_token != their_token
    assert mine.post("/logout", data={"csrf_token": their_token}).status_code == 400


def test_later_pages_sign_nothing(client, login, csrf_on, monkeypatch):
    """The token is reused, not re-signed by Flask-WTF (which within one second looks the same)."""
    login(Role.staff)
    _token_on(client)
    signers = []
    real = flask_wtf.csrf.URLSafeTimedSerializer
    monkeypatch.setattr(flask_wtf.csrf, "URLSafeTimedSerializer", lambda *a, **k: signers.append(a) or real(*a, **k))
    _token_on(client)
    _token_on(client, "/staff/participants")
    assert signers == []
