"""Web hardening in one place: response headers, the session cookie and the idle timeout here; login
throttling in throttle.py; request limits and odd input in requests.py."""

from __future__ import annotations

import functools
import time

from flask import Flask, current_app, flash, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_login import current_user, logout_user
from itsdangerous import URLSafeTimedSerializer

from app.security import requests as request_guards

#: no inline script or style anywhere: every script and stylesheet is a static file
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"


# --- response headers --------------------------------------------------------------------


def set_security_headers(response):
    """Every response: CSP, no framing, no MIME sniffing, no referrer leaks; HSTS over HTTPS."""
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    # is_anonymous, not is_authenticated: that reads the user's active flag, which a commit in the view
    # has expired (a query for nothing on every write); a user loaded for this request is an active one
    if "Cache-Control" not in headers and current_user and not current_user.is_anonymous:
        headers["Cache-Control"] = "no-store"  # private pages stay out of shared and back-button caches
    return response


# --- idle timeout ------------------------------------------------------------------------


def enforce_idle_timeout():
    """Log out a session that has been idle longer than IDLE_TIMEOUT_MINUTES; else note the activity."""
    if request.endpoint in (None, "static") or not current_user.is_authenticated:
        return None
    now = int(time.time())
    minutes = current_app.config["IDLE_TIMEOUT_MINUTES"]
    last_seen = session.get("last_seen")
    if isinstance(last_seen, int) and now - last_seen > minutes * 60:
        session.clear()
        logout_user()  # after clear(): it leaves the marker that deletes a remember-me cookie
        flash(f"You were logged out after {minutes} minutes without activity. Please log in again.", "info")
        target = request.full_path.rstrip("?") if request.method == "GET" else None
        return redirect(url_for("auth.login", next=target))
    if not isinstance(last_seen, int) or now - last_seen >= LAST_SEEN_STEP:
        session["last_seen"] = now  # at most once a minute: an unchanged session is not re-signed and re-sent
    return None


#: seconds between two updates of ``last_seen``: a session may end up to this much before its full
#: idle time (never later), and the other requests of the minute carry no new session cookie
LAST_SEEN_STEP = 60


# --- the session cookie ----------------------------------------------------------------------


class SignedSessionCookies(SecureCookieSessionInterface):
    """Flask's signed session cookie, whose signing serializer is built once per set of keys: Flask
    builds it afresh for every request (and checks it by serializing a probe each time), ~1 % of a
    worker's time under bench/load.py. A new SECRET_KEY or fallback list builds a new one."""

    def __init__(self) -> None:
        self._kept: tuple[tuple, URLSafeTimedSerializer | None] | None = None

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        keys = (app.secret_key, tuple(app.config.get("SECRET_KEY_FALLBACKS") or ()))
        kept = self._kept
        if kept is None or kept[0] != keys:
            kept = self._kept = (keys, super().get_signing_serializer(app))
        return kept[1]


# --- the CSRF token in forms -------------------------------------------------------------------


#: Flask-WTF's salt for the signed token (flask_wtf.csrf.generate_csrf and validate_csrf use it)
CSRF_SALT = "wtf-csrf-token"


@functools.lru_cache(maxsize=8192)  # a session's token per entry: ~300 bytes each
def _signed_csrf_token(secret_key: str | bytes, raw_token: str) -> str:
    return URLSafeTimedSerializer(secret_key, salt=CSRF_SALT).dumps(raw_token)


def reuse_signed_csrf_token() -> None:
    """Give Flask-WTF this session's signed CSRF token, signed once per process and session.

    Flask-WTF signs the session's raw token afresh on every page with a form (the logout button is on
    every page): a serializer built and a signature made, ~35 µs. With WTF_CSRF_TIME_LIMIT = None the
    signature's time stamp is never checked, so one signed token serves every later page; Flask-WTF
    uses the one it finds in ``g``. A session's first page (no raw token yet) is left to Flask-WTF.
    """
    if request.endpoint == "static":
        return
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    raw_token = session.get(field)
    if isinstance(raw_token, str) and field not in g:
        secret_key = current_app.config.get("WTF_CSRF_SECRET_KEY") or current_app.secret_key
        setattr(g, field, _signed_csrf_token(secret_key, raw_token))


def init_app(app: Flask) -> None:
    app.session_interface = SignedSessionCookies()
    request_guards.init_app(app)
    app.before_request(enforce_idle_timeout)
    if app.config.get("WTF_CSRF_TIME_LIMIT") is None:  # with a time limit, each page needs a fresh stamp
        app.before_request(reuse_signed_csrf_token)
    app.after_request(set_security_headers)
