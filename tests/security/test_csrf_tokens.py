"""The CSRF token in forms: signed once per session and process, and as good as Flask-WTF's own."""

from __future__ import annotations

import re

import flask_wtf.csrf
import pytest
from flask import session
from flask_wtf.csrf import generate_csrf, validate_csrf

from app.models import Role
from tests import factories
from tests.conftest import log_in

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
        session["csrf_token"] = raw
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
