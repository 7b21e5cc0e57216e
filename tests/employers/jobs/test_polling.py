"""Polling: each kind of source, failures, pausing, dedupe across sources, expiry, competencies."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from app.db import utcnow
from employers.jobs import services
from employers.jobs.models import JobPosting, JobSourceKind, JobSourceStatus
from employers.jobs.polling import MAX_FAILURES, expire_postings, poll_due_sources, poll_source
from tests import factories
from tests.employers.jobs import samples


def _source(url, kind=JobSourceKind.feed, name="Jobs"):
    return services.add_source(name=name, url=url, kind=kind, owner=None, added_by=None)


def _postings(db):
    return list(db.session.scalars(sa.select(JobPosting).order_by(JobPosting.title)))


def test_an_rss_feed_gives_clean_postings(db, site):
    source = _source(site.serve("/jobs.rss", samples.RSS, ETag='"a"'))
    result = poll_source(source)
    assert result.ok and result.found == 2 and result.new == 2
    analyst, welder = _postings(db)
    assert (analyst.title, analyst.employer_name, analyst.location) == ("Data Analyst", "Acme Ltd", "Leeds")
    assert analyst.description == "Use SQL daily." and analyst.posted_on.isoformat() == "2026-11-30"
    assert analyst.sources == [source] and welder.url == "http://jobs.example/2"
    assert source.last_success_at is not None and source.etag == '"a"' and source.next_poll_at > utcnow()


def test_atom_and_json_feeds(db, site):
    poll_source(_source(site.serve("/atom", samples.ATOM), name="Atom"))
    poll_source(_source(site.serve("/feed.json", samples.JSON_FEED), JobSourceKind.json_feed, "JSON"))
    care, forklift = _postings(db)
    assert (forklift.employer_name, forklift.url) == ("Depot Ltd", "http://atom.example/1")
    assert (care.employer_name, care.location, care.salary_min, care.salary_max, care.currency) == (
        "Sunny Homes", "York", 22000, 25000, "GBP")
    assert care.description == "Caring shifts" and care.closes_on.isoformat() == "2099-01-01"


def test_a_web_page_with_json_ld_job_postings(db, site):
    body = samples.page(samples.job_ld(), {"@type": "Organization", "name": "x"},
                        samples.job_ld("Porter", baseSalary={"currency": "GBP", "value": {"value": 12,
                                                                                           "unitText": "HOUR"}}))
    result = poll_source(_source(site.serve("/careers", body), JobSourceKind.web_page))
    assert result.found == 2
    analyst, porter = _postings(db)
    assert (analyst.salary_min, analyst.salary_max, analyst.currency) == (30000, 36000, "GBP")  # monthly × 12
    assert porter.salary_min is None and porter.salary_max is None  # hourly: hours unknown, left empty
    assert analyst.url.endswith("/careers") and analyst.closes_on.isoformat() == "2099-12-31"


def test_a_page_with_a_top_level_list_of_postings(db, site):
    poll_source(_source(site.serve("/list", samples.page(samples.job_ld(), graph=False)), JobSourceKind.web_page))
    assert [p.title for p in _postings(db)] == ["Data Analyst"]


def test_not_modified_changes_nothing(db, site):
    def answer(headers):
        if headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"'}, samples.RSS.encode()

    source = _source(site.serve("/feed", answer))
    poll_source(source)
    before = {p.id: (p.title, p.description) for p in _postings(db)}
    result = poll_source(source, utcnow() + timedelta(hours=7))
    assert result.ok and result.not_modified and result.found == 0
    assert {p.id: (p.title, p.description) for p in _postings(db)} == before
    assert source.etag == '"v1"' and source.failure_count == 0


def test_a_malformed_feed_is_recorded_as_a_failure(db, site):
    source = _source(site.serve("/broken", "this is not a feed <<<"))
    result = poll_source(source)
    assert not result.ok and source.failure_count == 1 and source.last_error
    assert not _postings(db)


def test_a_huge_page_is_refused_and_recorded(db, site, app):
    source = _source(site.serve("/huge", b"<rss>" + b"x" * 4000))
    app.config["OUTBOUND_MAX_BYTES"] = 1000
    try:
        result = poll_source(source)
    finally:
        app.config["OUTBOUND_MAX_BYTES"] = 2 * 1024 * 1024
    assert not result.ok and "larger than" in source.last_error and source.failure_count == 1


def test_five_failures_in_a_row_pause_the_source_and_retry_unpauses(db, site):
    source = _source(site.base + "/gone")
    for n in range(MAX_FAILURES):
        assert source.status == JobSourceStatus.active, n
        poll_source(source)
    assert source.status == JobSourceStatus.paused and source.failure_count == MAX_FAILURES
    assert "404" in source.last_error
    assert poll_due_sources(utcnow() + timedelta(days=1)) == 0  # paused sources are not polled
    staff = factories.user_for_role("staff")
    services.retry_source(source, staff)
    assert source.status == JobSourceStatus.active and source.next_poll_at is None
    site.serve("/gone", samples.RSS)
    assert poll_source(source).ok and source.failure_count == 0 and source.last_error == ""


def test_a_posting_in_two_sources_is_one_posting_with_both(db, site):
    feed = _source(site.serve("/feed", samples.RSS), name="Feed")
    page = _source(site.serve("/page", samples.page(samples.job_ld())), JobSourceKind.web_page, "Page")
    poll_source(feed)
    result = poll_source(page, utcnow() + timedelta(minutes=1))
    assert result.new == 0
    analysts = [p for p in _postings(db) if p.title == "Data Analyst"]
    assert len(analysts) == 1 and {s.name for s in analysts[0].sources} == {"Feed", "Page"}
    assert analysts[0].salary_max == 36000  # the latest reading wins


def test_expiry_by_closing_day_and_by_absence(db, site):
    source = _source(site.serve("/page", samples.page(samples.job_ld(valid_through="2020-01-01"),
                                                      samples.job_ld("Porter"))), JobSourceKind.web_page)
    poll_source(source)
    closed, porter = _postings(db)
    assert closed.expired_at is not None and porter.expired_at is None
    assert expire_postings(utcnow() + timedelta(days=31)) == 1
    db.session.refresh(porter)
    assert porter.expired_at is not None


def test_competencies_are_found_whole_word_any_case(db, site):
    sql_skill = factories.SkillFactory(label="SQL")
    welding = factories.SkillFactory(label="Metal joining", alt_labels="MIG welding\nTIG welding")
    factories.SkillFactory(label="Squall")  # "SQL" must not match inside another word
    poll_source(_source(site.serve("/feed", samples.RSS)))
    analyst, welder = _postings(db)
    assert [(s.skill_id, s.matched_text) for s in analyst.skills] == [(sql_skill.id, "SQL")]
    assert [(s.skill_id, s.matched_text) for s in welder.skills] == [(welding.id, "MIG welding")]


def test_poll_due_sources_skips_a_host_fetched_moments_ago(db, site):
    first = _source(site.serve("/one", samples.RSS), name="One")
    second = _source(site.serve("/two", samples.ATOM), name="Two")
    assert poll_due_sources() == 1  # same host: the second waits for the next run
    assert first.last_polled_at is not None and second.last_polled_at is None and second.next_poll_at is None


def test_removing_a_source_expires_postings_only_it_carried(db, site):
    feed = _source(site.serve("/feed", samples.RSS), name="Feed")
    page = _source(site.serve("/page", samples.page(samples.job_ld())), JobSourceKind.web_page, "Page")
    poll_source(feed)
    poll_source(page)
    services.remove_source(feed, None)
    db.session.expire_all()
    live = {p.title for p in _postings(db) if p.expired_at is None}
    assert live == {"Data Analyst"}


def test_an_unexpected_error_on_one_source_does_not_stop_the_run(db, site, monkeypatch):
    from employers.jobs import polling

    source = _source(site.serve("/feed", samples.RSS))

    def broken(*args, **kwargs):
        raise RuntimeError("bug")

    monkeypatch.setattr(polling, "store_postings", broken)
    assert poll_due_sources() == 1
    db.session.refresh(source)
    assert source.failure_count == 1 and "error has been logged" in source.last_error
