"""Token authentication for every API request, scopes per operation, and the rate limit per token.

No cookie session: a request without a valid bearer token is a 401, whoever is logged in.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from flask import abort, current_app, g, request

from app.api_tokens.models import ApiToken
from app.api_tokens.scopes import scopes_for
from app.api_tokens.services import authenticate
from app.extensions import db
from app.models import STAFF_ROLES, Role, User

BEARER = "bearerAuth"


def authenticate_request() -> None:
    """Blueprint before_request: the bearer token's user becomes current_user for this request only."""
    found = authenticate(request)
    if found is None:
        abort(401, description="A valid bearer token is required (Authorization: Bearer bw_…).")
    user, token = found
    if db.session.is_modified(token):
        db.session.commit()  # last_used_at, at most once a minute
    g.api_user, g.api_token = user, token
    g._login_user = user  # Flask-Login's current_user for this request, without a session


def api_user() -> User:
    return g.api_user


def api_token() -> ApiToken:
    return g.api_token


def is_staff() -> bool:
    return api_user().role in STAFF_ROLES


def role() -> Role:
    return api_user().role


def requires(scope: str) -> Callable:
    """The token must carry ``scope`` and its user's role must still be able to grant it."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            token, user = api_token(), api_user()
            if scope not in token.scope_set or scope not in scopes_for(user.role):
                abort(403, description=f"This token lacks the {scope} scope.")
            return view(*args, **kwargs)

        wrapper._api_scope = scope  # type: ignore[attr-defined]
        return wrapper

    return decorate


def rate_limit() -> str:
    return current_app.config["API_RATE_LIMIT"]


def token_key() -> str:
    """The limiter's key: the token (a hash of the header), so each token has its own allowance."""
    header = request.headers.get("Authorization", "")
    return "api-token:" + hashlib.sha256(header.encode()).hexdigest()[:32]
