"""Signed, expiring, single-use links for invitations and password resets.

A token carries the user id and the user's security stamp; setting a password bumps
the stamp, so a link works once. Expired, tampered and used links are told apart
so the message can say what to do next.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

from app.extensions import db
from app.models import User

INVITATION = "invitation"
PASSWORD_RESET = "password-reset"

#: purpose → the config key of its max age in seconds
MAX_AGE_SETTINGS = {INVITATION: "INVITATION_MAX_AGE", PASSWORD_RESET: "PASSWORD_RESET_MAX_AGE"}

EXPIRED_MESSAGES = {
    INVITATION: "This invitation link has expired. Ask an administrator to invite you again.",
    PASSWORD_RESET: "This password reset link has expired. Ask for a new one below.",
}
TAMPERED_MESSAGE = (
    "This link is not valid. Check that you opened the whole link from the email, "
    "or ask for a new one."
)
USED_MESSAGE = "This link has already been used or was replaced by a newer one. Ask for a new one."


class TokenError(Exception):
    """A link that cannot be honoured; ``str(error)`` is the message shown to the person."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__(message)
        #: expired, tampered or used (tests and logs tell them apart)
        self.reason = reason


def _serializer(purpose: str) -> URLSafeTimedSerializer:
    if purpose not in MAX_AGE_SETTINGS:
        raise ValueError(f"unknown token purpose {purpose!r}")
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=purpose)


def max_age(purpose: str) -> int:
    return int(current_app.config[MAX_AGE_SETTINGS[purpose]])


def make_token(user: User, purpose: str) -> str:
    """A link token valid until the user's password (and so the stamp) next changes."""
    if user.id is None:
        db.session.flush()
    return _serializer(purpose).dumps({"uid": user.id, "stamp": user.security_stamp or 0})


def load_token(token: str, purpose: str) -> User:
    """The active user a valid, unexpired, unused token names; TokenError otherwise."""
    serializer = _serializer(purpose)
    try:
        payload = serializer.loads(token, max_age=max_age(purpose))
    except SignatureExpired as error:
        raise TokenError(EXPIRED_MESSAGES[purpose], "expired") from error
    except BadSignature as error:
        raise TokenError(TAMPERED_MESSAGE, "tampered") from error
    if not isinstance(payload, dict) or not isinstance(payload.get("uid"), int):
        raise TokenError(TAMPERED_MESSAGE, "tampered")
    user = db.session.get(User, payload["uid"])
    if user is None or not user.active or payload.get("stamp") != (user.security_stamp or 0):
        raise TokenError(USED_MESSAGE, "used")
    return user
