"""Personal access tokens: made on the settings page and shown once, stored hashed, revocable, scoped by role."""

from __future__ import annotations

import hashlib

import pytest

from app.api_tokens.models import ApiToken
from app.api_tokens.scopes import scopes_for
from app.api_tokens.services import authenticate, create_token, revoke_token
from app.errors import RuleError
from app.models import Role
from tests import factories


def test_a_token_is_stored_only_as_its_hash(db):
    user = factories.user_for_role(Role.staff)
    token, secret = create_token(user, "Sync", ["read:demand"], 30)
    assert secret.startswith("bw_") and secret not in (token.token_hash, token.prefix)
    assert token.token_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert secret.startswith(token.prefix)


def test_a_role_cannot_grant_more_than_it_can_do(db):
    participant = factories.user_for_role(Role.participant)
    assert "write:attendance" not in scopes_for(Role.participant)
    with pytest.raises(RuleError):
        create_token(participant, "Too much", ["write:attendance"], 30)
    with pytest.raises(RuleError):
        create_token(participant, "None", [], 30)


def test_authenticate_reads_the_bearer_header(app, db):
    user = factories.user_for_role(Role.staff)
    token, secret = create_token(user, "Sync", ["read:demand"], 30)
    with app.test_request_context(headers={"Authorization": f"Bearer {secret}"}):
        from flask import request

        assert authenticate(request) == (user, token)
    revoke_token(token, user)
    with app.test_request_context(headers={"Authorization": f"Bearer {secret}"}):
        from flask import request

        assert authenticate(request) is None


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_every_role_makes_a_token_shown_once(client, login, db, role):
    user = login(role)
    page = client.get("/settings/api-tokens/")
    assert page.status_code == 200
    made = client.post("/settings/api-tokens/", data={"name": "Script", "scopes": scopes_for(role)[:1], "days": 30})
    assert made.status_code == 200
    token = db.session.query(ApiToken).filter_by(user_id=user.id).one()
    assert b"bw_" in made.data and token.prefix.encode() in made.data
    again = client.get("/settings/api-tokens/")
    assert token.prefix.encode() in again.data and b"Copy it now" not in again.data


def test_a_missing_scope_is_shown_next_to_the_field(client, login):
    login(Role.staff)
    response = client.post("/settings/api-tokens/", data={"name": "Script", "days": 30})
    assert response.status_code == 422
    assert b"Choose at least one scope." in response.data


def test_revoke_own_token_but_not_anothers(client, login, db):
    user = login(Role.employer)
    mine, _ = create_token(user, "Mine", ["read:demand"], 30)
    theirs, _ = create_token(factories.user_for_role(Role.staff), "Theirs", ["read:demand"], 30)
    assert client.post(f"/settings/api-tokens/{theirs.id}/revoke").status_code == 404
    assert client.post(f"/settings/api-tokens/{mine.id}/revoke").status_code == 302
    assert mine.revoked_at is not None and theirs.revoked_at is None


def test_the_notification_settings_page_links_to_tokens(client, login):
    login(Role.participant)
    assert b"/settings/api-tokens/" in client.get("/notifications/settings").data
