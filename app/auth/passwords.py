"""The password policy: long enough, not a well-known password, not the account's own email."""

from __future__ import annotations

from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 10
MAX_PASSWORD_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt")


class PasswordPolicyError(ValueError):
    """A password the policy refuses; the message tells the person what to choose instead."""


@cache
def common_passwords() -> frozenset[str]:
    """The common-password list, lower-cased (read once per process)."""
    lines = COMMON_PASSWORDS_FILE.read_text(encoding="utf-8").splitlines()
    return frozenset(line.strip().lower() for line in lines if line.strip() and not line.startswith("#"))


def password_problem(password: str | None, email: str | None = None) -> str | None:
    """Why the password is refused, or None when it is acceptable."""
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Choose a password of at least {MIN_PASSWORD_LENGTH} characters."
    if len(password) > MAX_PASSWORD_LENGTH:
        return f"Choose a password of at most {MAX_PASSWORD_LENGTH} characters."
    folded = password.strip().lower()
    if folded in common_passwords() or len(set(folded)) < 3:
        return "That password is one of the most common passwords: choose something less guessable."
    if email:
        local = email.strip().lower().partition("@")[0]
        if folded == email.strip().lower() or (len(local) >= 4 and local in folded):
            return "Choose a password that does not contain your email address."
    return None


def check_password_policy(password: str | None, email: str | None = None) -> None:
    """Raise PasswordPolicyError when the policy refuses the password."""
    problem = password_problem(password, email)
    if problem:
        raise PasswordPolicyError(problem)
