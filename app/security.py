"""Web hardening in one place: response headers, login throttling, the idle session timeout, and
refusing input no page can mean."""

from __future__ import annotations

import logging
import math
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, flash, g, redirect, request, session, url_for
from flask_limiter.util import get_remote_address
from flask_login import current_user, logout_user
from limits import parse
from werkzeug.routing import IntegerConverter

from app.extensions import limiter

#: no inline script or style anywhere: every script and stylesheet is a static file
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
HSTS = "max-age=31536000; includeSubDomains"
F = TypeVar("F", bound=Callable[..., Any])
#: what the login page says once an account or an address has failed too often
TOO_MANY_ATTEMPTS = "Too many attempts. Try again in {minutes} minute{s}."


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
    if "Cache-Control" not in headers and current_user and current_user.is_authenticated:
        headers["Cache-Control"] = "no-store"  # private pages stay out of shared and back-button caches
    return response


# --- login throttling --------------------------------------------------------------------


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
    session["last_seen"] = now
    return None


# --- how much a request may send -----------------------------------------------------------

UPLOAD_LIMIT_ATTR = "bridgework_upload_limit"
#: room for the rest of a multipart body (CSRF token, boundaries) beside an uploaded file
FORM_OVERHEAD = 64 * 1024


def accepts_upload(config_key: str) -> Callable[[F], F]:
    """Let this view receive a body as large as the setting ``config_key`` (plus the form around
    it); every other request is held to MAX_CONTENT_LENGTH."""

    def mark(view: F) -> F:
        setattr(view, UPLOAD_LIMIT_ATTR, config_key)
        return view

    return mark


def apply_upload_limit() -> None:
    """Runs first: the limit must be set before anything reads the body."""
    view = current_app.view_functions.get(request.endpoint or "")
    config_key = getattr(view, UPLOAD_LIMIT_ATTR, None)
    if config_key:
        g.upload_limit = current_app.config[config_key]
        request.max_content_length = g.upload_limit + FORM_OVERHEAD


def upload_limit_message() -> str:
    """What a 413 says: the limit of the page that refused, as its setting states it."""
    limit = g.get("upload_limit") or request.max_content_length or 0
    return f"The file or form you sent is too large: this page accepts at most {limit / 1_000_000:.1f} MB."


# --- input no page can mean --------------------------------------------------------------

#: the largest integer a column holds (PostgreSQL bigint); beyond it drivers raise, not refuse
MAX_INTEGER = 2**63 - 1


class BoundedIntegerConverter(IntegerConverter):
    """<int:…> in URLs: an id beyond 64 bits matches nothing (404) instead of overflowing the driver."""

    def __init__(self, map, *args, **kwargs) -> None:
        kwargs.setdefault("max", MAX_INTEGER)
        super().__init__(map, *args, **kwargs)


def refuse_odd_input():
    """400 for input no page can mean, before any view sees it: a NUL byte anywhere (PostgreSQL
    refuses them in text) and query numbers beyond 64 bits (?page=99999999999999999999)."""
    values = [request.path, *request.args.keys(), *(v for _, vs in request.args.lists() for v in vs)]
    if request.method in ("POST", "PUT", "PATCH") and request.mimetype in FORM_MIMETYPES:
        values += [*request.form.keys(), *(v for _, vs in request.form.lists() for v in vs)]
    if any("\x00" in value for value in values):
        abort(400, "The request holds a NUL character.")
    for _, given in request.args.lists():
        if any(v.isdigit() and len(v) > 18 and int(v) > MAX_INTEGER for v in given):
            abort(400, "A number in the address is too large.")
    return None


FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")


# --- access logs ---------------------------------------------------------------------------

#: query parameters that carry what people type about people (search boxes)
PERSONAL_QUERY = re.compile(r"(?:^|[?&])q=")


class SearchQueryFilter(logging.Filter):
    """The development server logs each request line; one with a search (?q=…) is logged with
    its path only, since the search may be a person's name. gunicorn.conf.py does the same."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and args and isinstance(args[0], str):
            method, _, rest = args[0].partition(" ")  # 'GET /path?q=Ada HTTP/1.1'
            target, _, version = rest.rpartition(" ")
            path, _, query = target.partition("?")
            if PERSONAL_QUERY.search("?" + query):
                record.args = (f"{method} {path} {version}", *args[1:])
        return True


def init_app(app: Flask) -> None:
    logging.getLogger("werkzeug").addFilter(SearchQueryFilter())
    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(apply_upload_limit)
    app.before_request(refuse_odd_input)
    app.before_request(enforce_idle_timeout)
    app.after_request(set_security_headers)
