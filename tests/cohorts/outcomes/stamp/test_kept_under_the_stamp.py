"""The outcomes stamp (cohorts/models/outcome_stamp.py): one row the database draws anew with every
write the programme figures and dashboard depend on, whichever path wrote it, and never to a value
it held before; cohort_outcomes and the programme dashboard keep their results under it, so a
warm call reads that one row and shows what a fresh computation shows."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.templating import fragment_cache
from cohorts.models import CohortOutcomeParts, OutcomeStamp, bump_outcome_versions
from cohorts.outcomes import stored
from cohorts.outcomes.measures import cohort_outcomes, direct_outcomes, keep_todays_outcomes
from tests import factories as f
from tests.cohorts.outcomes.builders import (
    LATER,
    E,
    cached_view,
    cohort,
    days,
    enrol,
    place,
    raw,
    same_page,
    stamp,
    stat_value,
)

URL = "/staff/outcomes?as_of=2027-06-30"


@pytest.fixture
def world():
    """A cohort with one placed completer; its placement as `.placement`."""
    c = cohort("T-01")
    c.placement = place(enrol(c), c, E + days(3))
    db.session.flush()
    return c


def _programme_without_cohorts():
    programme = f.ProgrammeFactory()
    db.session.flush()
    return programme


#: one write of each kind the stamp watches: (name, write(cohort))
MOVING = [
    ("enrolment added (ORM, draws the cohort a version)", lambda c: enrol(c)),
    ("placement changed (ORM)", lambda c: setattr(c.placement, "annual_salary", 44_000)),
    ("every cohort's version (bulk)", lambda c: bump_outcome_versions(db.session.connection())),
    ("one cohort's version (bulk)", lambda c: bump_outcome_versions(db.session.connection(), [c.id])),
    ("version row deleted (SQL)", lambda c: raw("DELETE FROM cohort_outcome_versions WHERE cohort_id = :id", id=c.id)),
    ("cohort added", lambda c: cohort("T-02")),
    ("cohort code (SQL)", lambda c: raw("UPDATE cohorts SET code = 'T-99' WHERE id = :id", id=c.id)),
    ("cohort end date (SQL)", lambda c: raw("UPDATE cohorts SET ends_on = :d WHERE id = :id", d=E + days(9), id=c.id)),
    ("cohort's programme (SQL)", lambda c: raw("UPDATE cohorts SET programme_id = :p WHERE id = :id",
                                               p=_programme_without_cohorts().id, id=c.id)),
    ("cohort deleted (SQL)", lambda c: raw("DELETE FROM cohorts WHERE id = :id", id=cohort("T-03").id)),
    ("currency (ORM)", lambda c: setattr(c.programme, "currency", "EUR")),
    ("currency (SQL)", lambda c: raw("UPDATE programmes SET currency = 'USD' WHERE id = :id", id=c.programme_id)),
    ("programme deleted (SQL)", lambda c: raw("DELETE FROM programmes WHERE id = :id",
                                              id=_programme_without_cohorts().id)),
]

#: writes that change nothing the figures or the dashboard show: (name, write(cohort))
STILL = [
    ("parts stored (a cold read)", lambda c: cohort_outcomes(LATER)),
    ("parts stored (the hourly task)", lambda c: keep_todays_outcomes(LATER)),
    ("parts dropped", lambda c: stored.forget_before(LATER + days(1))),
    ("cohort name (SQL)", lambda c: raw("UPDATE cohorts SET name = 'Renamed' WHERE id = :id", id=c.id)),
    ("programme name and zone (ORM)", lambda c: (setattr(c.programme, "name", "Renamed"),
                                                 setattr(c.programme, "time_zone", "Europe/Paris"))),
    ("employer added", lambda c: f.EmployerFactory()),
]


@pytest.mark.parametrize("write", [w for _, w in MOVING], ids=[name for name, _ in MOVING])
def test_every_watched_write_draws_a_new_stamp(world, write):
    before = stamp()
    write(world)
    db.session.flush()
    after = stamp()
    assert after[0] > before[0] and after[1] != before[1]


@pytest.mark.parametrize("write", [w for _, w in STILL], ids=[name for name, _ in STILL])
def test_other_writes_leave_the_stamp(world, write):
    cohort_outcomes(LATER - days(30))  # some parts to drop
    before = stamp()
    write(world)
    db.session.flush()
    assert stamp() == before


def test_a_bulk_write_draws_per_statement_on_postgresql_per_row_on_sqlite(world):
    for index in range(5):
        cohort(f"T-1{index}")
    db.session.flush()
    before = stamp()[0]
    bump_outcome_versions(db.session.connection())
    drawn = stamp()[0] - before
    if db.session.get_bind().dialect.name == "postgresql":
        assert drawn <= 2  # the upsert's INSERT and UPDATE statement triggers, whatever the rows
    else:
        assert drawn == 6


def test_a_rolled_back_value_is_never_drawn_again(world):
    before = stamp()
    drawn = []
    for salary in (41_000, 43_000):
        savepoint = db.session.begin_nested()
        world.placement.annual_salary = salary
        db.session.flush()
        drawn.append(stamp())
        savepoint.rollback()
        assert stamp() == before
    assert drawn[0][0] == drawn[1][0] and drawn[0][1] != drawn[1][1]  # the same count, never the same value


def test_figures_kept_in_a_rolled_back_transaction_are_never_shown(world):
    cohort_outcomes(LATER)
    for salary in (41_000, 43_000):
        savepoint = db.session.begin_nested()
        world.placement.annual_salary = salary
        db.session.flush()
        assert cohort_outcomes(LATER)["programme"]["median_salary"] == salary  # kept under this stamp
        savepoint.rollback()
    assert cohort_outcomes(LATER) == direct_outcomes(LATER)[0]


def test_a_warm_read_reads_the_stamp_only_and_is_the_fresh_figures(world, count_queries):
    for index in range(3):
        more = cohort(f"T-1{index}")
        place(enrol(more), more, E + days(5), annual_salary=39_000)
    cohort_outcomes(LATER)
    with count_queries() as warm:
        kept = cohort_outcomes(LATER)
    assert warm.count == 1 and "outcome_stamps" in warm.statements[0]
    assert json.dumps(kept) == json.dumps(direct_outcomes(LATER)[0])


def test_a_write_after_a_warm_read_shows_at_the_next(world):
    assert cohort_outcomes(LATER)["programme"]["placed_180"] == 1
    place(enrol(world), world, E + days(6))
    db.session.flush()
    assert cohort_outcomes(LATER)["programme"]["placed_180"] == 2


# --- the programme dashboard ------------------------------------------------------------------


@pytest.fixture
def viewed(client, login, world):
    login()
    client.get(URL)  # computes the parts, keeps the body under the stamp
    return world


def _only_the_stamp_read(statements: list[str]) -> list[str]:
    """The statements naming an outcome table: a warm view's is the stamp's read alone."""
    tables = ("outcome_stamps", "cohorts", "cohort_outcome_parts", "cohort_outcome_versions", "programmes")
    return [s for s in statements if any(f" {table}" in s for table in tables)]


def test_the_view_after_one_that_computed_the_parts_is_warm(client, viewed, count_queries):
    with count_queries() as warm:
        hits, html = cached_view(client, URL)
    assert hits == 1
    reads = _only_the_stamp_read(warm.statements)
    assert len(reads) == 1 and "FROM outcome_stamps" in reads[0]
    assert stat_value(html, "placed within 180 days") == "1"


def test_a_warm_view_reads_as_many_statements_at_any_size(client, viewed, count_queries):
    with count_queries() as small:
        client.get(URL)
    for index in range(5):
        more = cohort(f"T-1{index}")
        place(enrol(more), more, E + days(5))
    client.get(URL)
    with count_queries() as large:
        hits, _ = cached_view(client, URL)
    assert hits == 1 and large.count == small.count


def test_a_warm_view_is_byte_identical_to_a_fresh_one(app, client, viewed):
    more = cohort("T-02")
    place(enrol(more), more, E + days(5), annual_salary=39_000)
    for url in (URL, URL + "&scope=all", URL + "&cohort=T-01&cohort=T-02", URL + "&page=1"):
        client.get(url)
        hits, kept = cached_view(client, url)
        assert hits == 1
        cache = fragment_cache()
        size, cache.size = cache.size, 0  # nothing kept, nothing found: rendered afresh
        app.extensions.pop("cohort_outcomes_stamped", None)
        app.extensions.pop("cohort_outcome_figures", None)
        try:
            hits, fresh = cached_view(client, url)
        finally:
            cache.size = size
        assert hits == 0 and same_page(fresh) == same_page(kept)


def test_the_first_view_after_a_write_shows_the_new_figure(client, viewed):
    place(enrol(viewed), viewed, E + days(9))
    db.session.flush()
    hits, html = cached_view(client, URL)
    assert hits == 0 and stat_value(html, "placed within 180 days") == "2"
    hits, again = cached_view(client, URL)
    assert hits == 1 and same_page(again) == same_page(html)


def test_a_currency_or_a_cohort_date_moves_the_kept_body(client, viewed):
    viewed.programme.currency = "EUR"
    db.session.flush()
    hits, _ = cached_view(client, URL)
    assert hits == 0
    raw("UPDATE cohorts SET ends_on = :d WHERE id = :id", d=LATER + days(1), id=viewed.id)  # no longer ended
    hits, html = cached_view(client, URL)
    assert hits == 0 and "Cohorts whose training ended by 30 Jun 2027 (0)" in html


def test_the_hourly_task_leaves_the_kept_body(client, viewed):
    keep_todays_outcomes(LATER)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortOutcomeParts)) == 1
    hits, _ = cached_view(client, URL)
    assert hits == 1


def test_a_body_kept_in_a_rolled_back_transaction_is_never_shown(client, viewed, monkeypatch):
    monkeypatch.setattr(db.session, "commit", db.session.flush)  # the view's commit: the savepoint stays open
    for start in (20, 200):  # placed within 180 days, then not
        savepoint = db.session.begin_nested()
        enrol(viewed)
        place(enrol(viewed), viewed, E + days(start))
        db.session.flush()
        shown = stat_value(cached_view(client, URL)[1], "placed within 180 days")
        assert shown == ("2" if start == 20 else "1")
        savepoint.rollback()
    assert stat_value(cached_view(client, URL)[1], "placed within 180 days") == "1"


def test_without_its_row_nothing_is_kept_and_figures_are_right(client, viewed):
    db.session.execute(sa.delete(OutcomeStamp))
    place(enrol(viewed), viewed, E + days(9))
    db.session.flush()
    for _ in range(2):
        hits, html = cached_view(client, URL)
        assert hits == 0 and stat_value(html, "placed within 180 days") == "2"
    assert cohort_outcomes(LATER) == direct_outcomes(LATER)[0]
