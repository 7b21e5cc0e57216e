"""Rendered page fragments kept between requests, under keys that name everything they show.

A fragment is cached only under a key built from the data it renders (for example every cohort's
outcome data version, read in the request's own query), so a write moves the key and the next
view renders afresh: nothing is ever invalidated by time, and nothing stale can be served. The
caller owns that promise; this module only keeps the HTML (per process, least recently used
first out, thread-safe for threaded workers). Fragments must hold nothing of the user or the
session (no CSRF tokens): render those parts outside.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable

from flask import current_app
from markupsafe import Markup

EXTENSION = "bridgework.fragments"


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
    cache = current_app.extensions.get(EXTENSION)
    if cache is None:
        size = current_app.config.get("FRAGMENT_CACHE_SIZE", 64)
        cache = current_app.extensions.setdefault(EXTENSION, FragmentCache(size))
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
