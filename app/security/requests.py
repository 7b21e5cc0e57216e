"""Request guards: how much a request may send, input no page can mean, and what access
logs may keep."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import Any, TypeVar

from flask import Flask, abort, current_app, g, request
from werkzeug.routing import IntegerConverter

F = TypeVar("F", bound=Callable[..., Any])


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
        if any(len(v) > 18 and WHOLE_NUMBER.fullmatch(v) and beyond_64_bits(v) for v in given):
            abort(400, "A number in the address is too large.")
    page = request.args.get("page", "")
    if len(page) > 9 and WHOLE_NUMBER.fullmatch(page):  # a page that far would overflow the OFFSET
        abort(404, "There is no such page.")
    return None


def beyond_64_bits(text: str) -> bool:
    """A whole number too large for the database; False for text int() does not read (the regex's \\s takes
    control characters such as \\x1f that int() refuses: "1111111111111111111\\x1f" is text, not a number)."""
    try:
        return abs(int(text)) > MAX_INTEGER
    except ValueError:
        return False


FORM_MIMETYPES = ("application/x-www-form-urlencoded", "multipart/form-data")
#: what int() would read as a number, sign included (" -99…" parses too)
WHOLE_NUMBER = re.compile(r"\s*[+-]?\d+\s*")


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
    app.url_map.converters["int"] = BoundedIntegerConverter
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, SearchQueryFilter) for f in werkzeug_log.filters):  # once, not once per app
        werkzeug_log.addFilter(SearchQueryFilter())
    app.before_request(apply_upload_limit)
    app.before_request(refuse_odd_input)
