"""The cohort dashboard's figures and charts are kept under the stamps of the parts they are drawn
from (cohorts/outcomes/staff_views.py): a warm view shows the kept markup, the same as a fresh
render, and commits nothing; a write, another date or another currency shows fresh markup."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.templating import fragment_cache
from cohorts.outcomes.measures import outcomes_with_series, outcomes_with_stamps
from tests.cohorts.outcomes.builders import LATER, E, cached_view, cohort, days, enrol, place, same_page, stat_value


def _url(c, as_of: str = "2027-06-30") -> str:
    return f"/staff/cohorts/{c.id}/outcomes?as_of={as_of}"


@pytest.fixture
def world(client, login):
    login()
    first = cohort("T-01")
    place(enrol(first), first, E + days(3))
    db.session.flush()
    client.get(_url(first))  # the cohort's parts are computed and kept by the first view,
    client.get(_url(first))  # the figures' markup by the second (its key names the parts' stamps)
    return first


def test_a_warm_view_shows_the_kept_figures_as_a_fresh_render_would(client, world):
    hits, kept = cached_view(client, _url(world))
    assert hits == 1
    assert stat_value(kept, "placed within 180 days") == "1"
    cache = fragment_cache()
    size, cache.size = cache.size, 0  # nothing kept: every part rendered afresh
    try:
        hits, fresh = cached_view(client, _url(world))
    finally:
        cache.size = size
    assert hits == 0 and same_page(fresh) == same_page(kept)
    assert "<h2>Charts</h2>" in kept and 'id="beyond-180"' in kept and 'id="learnability"' in kept


def test_a_warm_view_commits_nothing_and_the_first_after_a_write_keeps_the_parts(client, world, monkeypatch):
    commits = []
    commit = db.session.commit
    monkeypatch.setattr(db.session, "commit", lambda: commits.append(1) or commit())
    client.get(_url(world))
    assert commits == []
    place(enrol(world), world, E + days(9))
    db.session.flush()
    hits, after = cached_view(client, _url(world))
    assert commits == [1] and hits == 0  # computed now: kept for the next views, not its markup
    assert stat_value(after, "placed within 180 days") == "2"
    for kept in (0, 1):  # the next view keeps the markup, the one after shows it
        hits, again = cached_view(client, _url(world))
        assert commits == [1] and hits == kept and same_page(again) == same_page(after)


def test_another_date_or_currency_is_its_own_markup(client, world):
    _, later = cached_view(client, _url(world))
    hits, during = cached_view(client, _url(world, "2026-02-01"))
    assert hits == 0 and stat_value(during, "completion rate") == "in training" and stat_value(later, "completion rate") != "in training"
    world.programme.currency = "EUR" if world.programme.currency != "EUR" else "GBP"
    db.session.flush()
    client.get(_url(world))
    _, priced = cached_view(client, _url(world))
    assert stat_value(priced, "median starting salary") != stat_value(later, "median starting salary")


def test_an_unknown_cohort_is_not_found(client, world):
    assert client.get("/staff/cohorts/999999/outcomes").status_code == 404


def test_stamps_name_kept_parts_only(app, world):
    place(enrol(world), world, E + days(20))
    db.session.flush()
    computed, stamps = outcomes_with_stamps(LATER, [world.code])
    assert stamps is None  # computed by this call
    kept, stamps = outcomes_with_stamps(LATER, [world.code])
    assert stamps is not None and kept is outcomes_with_series(LATER, [world.code])
    assert kept == computed
    assert outcomes_with_stamps(LATER, [world.code])[1] == stamps
