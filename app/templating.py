"""Jinja filters and globals shared by every portal's templates, and rendered fragments kept between requests."""

from __future__ import annotations

import copy
import re
import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable
from datetime import date, datetime
from functools import lru_cache
from typing import Any

from babel import Locale
from babel.numbers import NumberPattern
from flask import Flask, current_app, has_request_context, request, url_for
from flask_login import current_user
from markupsafe import Markup, escape

from app.dates import Zone, to_local
from app.models import Role

#: where each role lands after login; the endpoints live in feature packages
HOME_ENDPOINTS = {
    Role.admin: "cohorts_staff.home",
    Role.staff: "cohorts_staff.home",
    Role.employer: "employers_portal.home",
    Role.participant: "cohorts_participant.home",
}


def absolute_url(endpoint: str, **values: Any) -> str:
    """A link that leaves the site (mail, calendar feeds, PDFs): always from SERVER_BASE_URL.

    Never from the request's Host header: an attacker who sends ``Host: evil.example`` must not
    get a password-reset or invitation link to their own site mailed to someone else.
    """
    path = current_app.url_map.bind("", script_name="/").build(endpoint, values)
    return current_app.config["SERVER_BASE_URL"].rstrip("/") + path


def home_url_for(user) -> str:
    endpoint = HOME_ENDPOINTS.get(getattr(user, "role", None))
    if endpoint and endpoint in current_app.view_functions:
        return url_for(endpoint)
    return url_for("auth.login")



def format_date(value: date | None, fmt: str = "%-d %b %Y", zone: Zone = None) -> str:
    """A date, or the date an instant falls on in the zone (a programme's; default the deployment's)."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = to_local(value, zone)
    return value.strftime(fmt)


def format_datetime(value: datetime | None, fmt: str = "%-d %b %Y, %H:%M", zone: Zone = None) -> str:
    """An instant on the zone's wall clock; ``%Z`` in fmt adds the zone's abbreviation (EST, EDT)."""
    if value is None:
        return "—"
    return to_local(value, zone).strftime(fmt)


def format_money(value, currency: str | None = None) -> str:
    """A whole amount in the currency (a programme's; default DEFAULT_CURRENCY) as BABEL_LOCALE
    writes it: 52000 CAD is "$52,000" in en_CA, "CA$52,000" in en_GB, "52 000 $" in fr_CA."""
    if value is None:
        return "—"
    config = current_app.config
    return _money(value, currency or config["DEFAULT_CURRENCY"], config["BABEL_LOCALE"])


@lru_cache(maxsize=4096)
def _money(value, currency: str, locale_name: str) -> str:
    """Kept per process: the text depends on these three only, and Babel takes ~35 µs to write it."""
    locale = Locale.parse(locale_name)
    return whole_currency_pattern(locale).apply(value, locale, currency=currency, currency_digits=False)


@lru_cache(maxsize=16)
def whole_currency_pattern(locale: Locale) -> NumberPattern:
    """The locale's own currency pattern without the cents (salaries are whole units)."""
    pattern = copy.copy(locale.currency_formats["standard"])
    pattern.frac_prec = (0, 0)
    return pattern


def format_rate(value) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


@lru_cache(maxsize=1024, typed=True)
def badge(value) -> Markup:
    """A status badge; macros/tables.html exports it as `badge` (a function: a macro call costs ~6 µs a row).
    Written once per process and status (typed: two enums may share a value, not a label)."""
    return Markup('<span class="badge badge--{}">{}</span>\n').format(str(value).replace("_", "-"), humanize(value))


def humanize(value) -> str:
    """'hiring_partner' → 'Hiring partner' for enum values shown to people."""
    if value is None:
        return "—"
    label = getattr(value, "label", None)
    return label if isinstance(label, str) else str(value).replace("_", " ").capitalize()


PORTAL_LAYOUTS = {
    Role.admin: "layouts/staff.html",
    Role.staff: "layouts/staff.html",
    Role.employer: "layouts/employer.html",
    Role.participant: "layouts/participant.html",
}


def portal_layout() -> str:
    """The layout of the current user's portal, for pages every role can reach (errors)."""
    role = getattr(current_user, "role", None) if current_user.is_authenticated else None
    return PORTAL_LAYOUTS.get(role, "layouts/public.html")


def has_endpoint(endpoint: str) -> bool:
    """Layouts link a feature only once it is installed."""
    return endpoint in current_app.view_functions


def nav_items(links: list[tuple[str, str]]) -> list[tuple[str, str, bool]]:
    """(href, text, current) of a portal's links whose feature is installed. At most one is current:
    the longest whose URL is the page's path or a folder above it (/staff/cohorts for
    /staff/cohorts/7/calendar); the first link (the portal's home) only on itself. The hrefs are
    resolved once per app and script root (every page draws the nav: ~40 url_for calls a view)."""
    resolved = current_app.extensions.setdefault("bridgework.nav", {})
    key = (tuple(map(tuple, links)), request.script_root)
    if key not in resolved:
        home = links[0][0] if links else None
        resolved[key] = [(url_for(endpoint), text, endpoint == home) for endpoint, text in links
                         if has_endpoint(endpoint)]
    items, path, current = resolved[key], request.path, ""
    for href, _, is_home in items:
        if (path == href or (not is_home and path.startswith(href.rstrip("/") + "/"))) and len(href) > len(current):
            current = href
    return [(href, text, href == current) for href, text, _ in items]


#: a stand-in id no URL holds by chance: url_with_id builds a URL with it once, then each row's id takes its place
_STAND_IN = 987_654_321_987


def url_with_id(endpoint: str, name: str, **values: Any) -> Callable[[int | str], str]:
    """id → url_for(endpoint, **{name: id}, **values), from one url_for per app, script root and kind
    of link (a url_for costs ~40 µs; a list page has a link or three per row). For an int, or a word
    that needs no quoting (an alert kind): the URL is url_for's, with the stand-in replaced."""
    makers = current_app.extensions.setdefault("bridgework.id_urls", {})
    try:
        key = (endpoint, name, tuple(sorted(values.items())) if values else (), request.script_root)
        found = makers.get(key)
    except TypeError:  # a list among values (a filter chosen twice): not kept
        key, found = None, None
    if found is None:
        head, _, tail = url_for(endpoint, **{name: _STAND_IN}, **values).partition(str(_STAND_IN))
        found = _id_url(head, tail)
        if key is not None:
            makers[key] = found
    return found


def _id_url(head: str, tail: str) -> Callable[[int | str], str]:
    return lambda value: f"{head}{value if type(value) is str and value.isidentifier() else int(value)}{tail}"


def record_url(endpoint: str, **value: int) -> str:
    """url_for of a link by one id (``participant_id=7``), through url_with_id: a record page has a score of them."""
    ((name, record_id),) = value.items()
    return url_with_id(endpoint, name)(record_id)


def query_args(*drop: str) -> dict[str, list[str]]:
    """The page's query for a link that keeps its filters: without ``drop`` (the names the link
    sets itself) and without url_for's own ``_…`` options, so a query can never collide with them."""
    return {name: values for name, values in request.args.to_dict(flat=False).items()
            if name not in drop and not name.startswith("_")}


def link_args(*drop: str) -> dict:
    """Arguments for a link back to this page with other options (page, cursor, format): its path
    values always win over a query name that repeats one (?cohort_id=… used to crash the link)."""
    view_args = request.view_args or {}
    return {**query_args(*drop, *view_args), **view_args}


def init_app(app: Flask) -> None:
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.filters.update(
        date=format_date,
        datetime=format_datetime,
        money=format_money,
        rate=format_rate,
        humanize=humanize,
        local=to_local,
    )
    app.jinja_env.globals.update(
        has_endpoint=has_endpoint, nav_items=nav_items, record_url=record_url, home_url_for=home_url_for, portal_layout=portal_layout, status_badge=badge,
        query_args=query_args, link_args=link_args, url_with_id=url_with_id,
    )

    @app.context_processor
    def inject_portal():
        # the user itself, not Flask-Login's proxy: a layout reads it a dozen times, each a proxy look-up
        user = current_user._get_current_object() if has_request_context() else current_user
        return {"current_user": user, "app_name": "Bridgework"}


# --- rendered fragments kept between requests -------------------------------------------------
# Rendered page fragments kept between requests, under keys that name everything they show.
#
# A fragment is cached only under a key built from the data it renders (for example every cohort's
# outcome data version, read in the request's own query), so a write moves the key and the next
# view renders afresh: nothing is ever invalidated by time, and nothing stale can be served. The
# caller owns that promise; this code only keeps the HTML (per process, least recently used
# first out, thread-safe for threaded workers). Fragments must hold nothing of the user or the
# session (no CSRF tokens): render those parts outside.

FRAGMENTS_EXTENSION = "bridgework.fragments"


class FragmentCache:
    """Least recently used HTML by key, at most ``size`` of them."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.hits = self.misses = 0
        self._items: OrderedDict[Hashable, Markup] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: Hashable) -> Markup | None:
        with self._lock:
            html = self._items.get(key)
            if html is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return html

    def put(self, key: Hashable, html: Markup) -> None:
        with self._lock:
            self._items[key] = html
            self._items.move_to_end(key)
            while len(self._items) > self.size:
                self._items.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._items.clear()


def fragment_cache() -> FragmentCache:
    """This app's cache (FRAGMENT_CACHE_SIZE fragments; 0 turns caching off)."""
    cache = current_app.extensions.get(FRAGMENTS_EXTENSION)
    if cache is None:
        size = current_app.config.get("FRAGMENT_CACHE_SIZE", 64)
        cache = current_app.extensions.setdefault(FRAGMENTS_EXTENSION, FragmentCache(size))
    return cache


def cached_fragment(key: Hashable | None, render: Callable[[], str]) -> Markup:
    """The fragment kept under key, or render() kept under it; key None renders without keeping
    (e.g. a form with errors, whose messages the key does not name)."""
    cache = fragment_cache()
    if key is None or cache.size <= 0:
        return Markup(render())
    html = cache.get(key)
    if html is None:
        html = Markup(render())
        cache.put(key, html)
    return html


#: what markupsafe.escape replaces; most texts (names, codes, URLs) hold none of it
_MARKUP_CHARACTERS = re.compile("[&<>\"']")


def html_text(value: Any) -> str:
    """``value`` as the templates' ``{{ value }}`` writes it, for rows of hot pages written in Python:
    escaped, but without escape()'s Markup object (and its call) for a number or a text it would not change."""
    if type(value) is int or (type(value) is str and not _MARKUP_CHARACTERS.search(value)):
        return str(value)
    return str(escape(value))


def compile_every_template(app: Flask) -> int:
    """Load every template of the app and its blueprints into the Jinja environment's cache (gunicorn's master
    calls it before forking its workers); the number loaded. A template that does not compile is left to fail
    where it is rendered, as it would have."""
    from jinja2 import TemplateSyntaxError

    environment, loaded = app.jinja_env, 0
    for name in environment.list_templates():
        try:
            environment.get_template(name)
        except TemplateSyntaxError:
            app.logger.warning("template %s does not compile", name)
            continue
        loaded += 1
    return loaded
