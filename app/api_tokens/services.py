"""Make, revoke and check personal access tokens (flush, never commit)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from flask import Request
from sqlalchemy import select

from app.api_tokens.models import ApiToken
from app.api_tokens.scopes import scopes_for
from app.audit import record_audit
from app.db import utcnow
from app.errors import RuleError
from app.extensions import db
from app.models import User

TOKEN_PREFIX = "bw_"
#: how much of the token the list shows
SHOWN_CHARS = 11


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(user: User, name: str, scopes: list[str], days: int) -> tuple[ApiToken, str]:
    """A new token for ``user``; the secret is returned once and only its hash is kept."""
    allowed = set(scopes_for(user.role))
    refused = sorted(set(scopes) - allowed)
    if refused:
        raise RuleError(f"Your role cannot grant {', '.join(refused)}.", "scopes")
    if not scopes:
        raise RuleError("Choose at least one scope.", "scopes")
    if not 1 <= days <= 366:
        raise RuleError("A token lives between 1 and 366 days.", "days")
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip(), token_hash=hash_token(secret),
                     prefix=secret[:SHOWN_CHARS], scopes=" ".join(sorted(set(scopes))),
                     expires_at=utcnow() + timedelta(days=days))
    db.session.add(token)
    db.session.flush()
    record_audit(user, "api_token", token.id, "created", {"name": token.name, "scopes": token.scopes})
    return token, secret


def revoke_token(token: ApiToken, actor: User) -> None:
    if token.revoked_at is None:
        token.revoked_at = utcnow()
        record_audit(actor, "api_token", token.id, "revoked")
        db.session.flush()


def authenticate(request: Request) -> tuple[User, ApiToken] | None:
    """The user and token of a request's ``Authorization: Bearer`` header; None when absent or not valid."""
    header = request.headers.get("Authorization", "")
    scheme, _, secret = header.partition(" ")
    if scheme.lower() != "bearer" or not secret.strip().startswith(TOKEN_PREFIX):
        return None
    digest = hash_token(secret.strip())
    token = db.session.scalar(select(ApiToken).where(ApiToken.token_hash == digest))
    if token is None or not hmac.compare_digest(token.token_hash, digest):
        return None
    now = utcnow()
    if not token.is_live(now) or not token.user.is_active:
        return None
    if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
        token.last_used_at = now  # at most once a minute: a busy client does not write per request
    return token.user, token
