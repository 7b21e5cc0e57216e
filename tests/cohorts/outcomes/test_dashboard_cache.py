"""The programme dashboard's body is kept under a key naming its data (app/templating.py): views
with nothing written show the kept HTML; any write that changes a figure, a cohort's row or the
query string shows a fresh body; nothing of the session is kept in it."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Role
from app.templating import FragmentCache, cached_fragment, fragment_cache
from tests import factories as f
from tests.cohorts.outcomes.builders import E, cached_view, cohort, days, enrol, place, same_page, stat_value
from tests.conftest import log_in

URL = "/staff/outcomes?as_of=2027-06-30"


@pytest.fixture
def world(client, login):
    login()
    first = cohort("T-01")
    place(enrol(first), first, E + days(3))
    db.session.flush()
    client.get(URL)  # the cohorts' parts are computed and kept by the first view,
    client.get(URL)  # the body by the second (its key names the parts' stamps)
    return first


def test_a_second_view_shows_the_kept_body(client, world):
    hits, first = cached_view(client, URL)
    assert hits == 1
    hits, again = cached_view(client, URL)
    assert hits == 1 and same_page(again) == same_page(first)


def test_a_write_to_a_counted_cohort_shows_fresh_figures(client, world):
    _, before = cached_view(client, URL)
    assert stat_value(before, "placed within 180 days") == "1"
    place(enrol(world), world, E + days(9))
    db.session.flush()
    client.get(URL)  # the written cohort's parts are computed again
    _, after = cached_view(client, URL)
    assert stat_value(after, "placed within 180 days") == "2"


def test_a_cohorts_own_row_moves_the_key(client, world):
    cached_view(client, URL)
    world.code = "T-99"
    db.session.flush()
    client.get(URL)
    _, html = cached_view(client, URL)
    assert "T-99" in html and ">T-01<" not in html


def test_the_query_string_and_form_errors_are_their_own_pages(client, world):
    cached_view(client, URL)
    hits, _ = cached_view(client, URL + "&page=2")
    assert hits == 0
    for _ in range(2):
        hits, bad = cached_view(client, "/staff/outcomes?as_of=31-31-2027")
        assert hits == 0  # a form with an error is never kept
        assert 'aria-invalid="true"' in bad


def test_nothing_of_the_session_is_kept(app, client, world, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    _, mine = cached_view(client, URL)
    other = app.test_client()
    log_in(other, f.user_for_role(Role.staff))
    before = fragment_cache().hits
    theirs = other.get(URL).get_data(as_text=True)
    assert fragment_cache().hits == before + 1
    token = re.compile(r'name="csrf_token" value="([^"]+)"')
    assert token.search(mine)[1] != token.search(theirs)[1]  # the report button's token is the viewer's own


def test_the_cache_keeps_the_most_recently_used(app):
    cache = FragmentCache(2)
    for key in ("a", "b"):
        cache.put(key, key.upper())
    assert cache.get("a") == "A"  # a is now the most recent
    cache.put("c", "C")
    assert cache.get("b") is None and cache.get("a") == "A" and cache.get("c") == "C"


def test_size_zero_keeps_nothing(app):
    with app.test_request_context():
        cache = fragment_cache()
        size, cache.size = cache.size, 0
        try:
            calls = []
            for _ in range(2):
                cached_fragment(("k",), lambda: calls.append(1) or "x")
            assert len(calls) == 2
        finally:
            cache.size = size
