"""The Bridgework-Signature header: HMAC-SHA256 over "<unix time>.<body>" with the endpoint's secret."""

from __future__ import annotations

import hashlib
import hmac
import secrets

#: how old a signed timestamp a receiver should accept (docs/WEBHOOKS.md), in seconds
TOLERANCE_SECONDS = 300


def new_secret() -> str:
    return "whsec_" + secrets.token_urlsafe(32)


def sign(secret: str, timestamp: int, body: str) -> str:
    """The header value ``t=<unix>,v1=<hex hmac_sha256(secret, f"{t}.{body}")>``."""
    digest = hmac.new(secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def verify(secret: str, header: str, body: str, now: int, tolerance: int = TOLERANCE_SECONDS) -> bool:
    """What a receiver does (the docs show the same in a few lines): recompute, compare, check the age."""
    parts = dict(item.split("=", 1) for item in header.split(",") if "=" in item)
    try:
        timestamp = int(parts.get("t", ""))
    except ValueError:
        return False
    expected = sign(secret, timestamp, body).split("v1=", 1)[1]
    return hmac.compare_digest(expected, parts.get("v1", "")) and abs(now - timestamp) <= tolerance
