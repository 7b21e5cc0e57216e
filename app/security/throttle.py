"""Login throttling: failures counted per account and per client address, in the limiter's
storage (one shared by every worker: see counters.py)."""

from __future__ import annotations

import math
import time

from flask import current_app
from flask_limiter.util import get_remote_address
from limits import parse

from app.extensions import limiter

#: what the login page says once an account or an address has failed too often
TOO_MANY_ATTEMPTS = "Too many attempts. Try again in {minutes} minute{s}."


def _counters(email: str) -> list[tuple]:
    """(limit, key…) of the two failure counters: the account named and the client address."""
    config = current_app.config
    return [
        (parse(config["LOGIN_FAILURES_PER_ACCOUNT"]), "login-failures-account", (email or "").strip().lower()),
        (parse(config["LOGIN_FAILURES_PER_ADDRESS"]), "login-failures-address", get_remote_address() or "-"),
    ]


def login_wait_minutes(email: str) -> int:
    """Minutes until this account (or this address) may try again; 0 when it may try now.

    The count is of the email as typed, so an unknown email is throttled exactly like a known one.
    """
    if not current_app.config.get("RATELIMIT_ENABLED", True):
        return 0
    wait = 0.0
    for item, *keys in _counters(email):
        if not limiter.limiter.test(item, *keys):
            reset_at, _ = limiter.limiter.get_window_stats(item, *keys)
            wait = max(wait, reset_at - time.time())
    return max(1, math.ceil(wait / 60)) if wait > 0 else 0


def record_login_failure(email: str) -> None:
    """Count one failed password against the account and the address."""
    if current_app.config.get("RATELIMIT_ENABLED", True):
        for item, *keys in _counters(email):
            limiter.limiter.hit(item, *keys)


def clear_login_failures(email: str) -> None:
    """A successful login forgives the account's earlier failures (not the address's)."""
    item, *keys = _counters(email)[0]
    limiter.limiter.clear(item, *keys)


def too_many_attempts_message(minutes: int) -> str:
    return TOO_MANY_ATTEMPTS.format(minutes=minutes, s="" if minutes == 1 else "s")


