"""Account rules: authentication, safe redirects."""

from __future__ import annotations

from urllib.parse import urlsplit

from sqlalchemy import select

from app.db import utcnow
from app.extensions import db
from app.models import User


def normalise_email(email: str) -> str:
    return email.strip().lower()


def find_user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(User.email == normalise_email(email)))


def authenticate(email: str, password: str) -> User | None:
    """The active user with this email and password, or None (never says which part was wrong)."""
    user = find_user_by_email(email)
    if user is None or not user.active or not user.check_password(password):
        return None
    user.last_login_at = utcnow()
    db.session.flush()
    return user


def is_safe_next(target: str | None) -> bool:
    """Only same-site relative paths may be a post-login target (no open redirects)."""
    if not target:
        return False
    if "\\" in target or any(ord(ch) < 32 for ch in target):
        return False
    parts = urlsplit(target)
    return not parts.scheme and not parts.netloc and target.startswith("/") and not target.startswith("//")
