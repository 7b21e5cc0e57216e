"""Staff job-source pages: each role, denials, forms, buttons, query counts; the demo's public feeds."""

from __future__ import annotations

from datetime import date

import pytest

from app.db import utcnow
from app.models import Role
from employers.jobs import services
from employers.jobs.models import JobPosting, JobPostingSkill, JobSource, JobSourceStatus
from employers.jobs.parsing import read_feed, read_web_page
from tests import factories
from tests.conftest import assert_query_count_flat
from tests.employers.jobs import samples

SOURCES = "/staff/job-sources"
POSTINGS = "/staff/job-postings"


def _source(url="http://127.0.0.1:9/feed", owner=None, name="City jobs"):
    return services.add_source(name=name, url=url, kind="feed", owner=owner, added_by=owner)


def _posting(n: int, source: JobSource) -> JobPosting:
    posting = JobPosting(fingerprint=f"fp-{n}-{source.id}", title=f"Job {n}", employer_name="Acme", url="http://x/1",
                         posted_on=date(2026, 11, 1), sources=[source])
    posting.skills = [JobPostingSkill(skill=factories.SkillFactory(), matched_text="x")]
    return posting


@pytest.mark.parametrize("role", [Role.participant, Role.employer])
def test_only_staff_reach_the_pages(client, login, role):
    login(role)
    assert client.get(SOURCES).status_code == 403
    assert client.get(POSTINGS).status_code == 403


def test_anonymous_people_are_sent_to_log_in(client):
    assert client.get(SOURCES).status_code == 302


def test_staff_see_every_source_but_change_only_the_programme_s(client, login, db):
    ours = _source()
    person = factories.user_for_role(Role.participant)
    theirs = _source(owner=person, name="Amara's board")
    login(Role.staff)
    page = client.get(SOURCES).get_data(as_text=True)
    assert "City jobs" in page and "Amara&#39;s board" in page and "Participant's own" in page
    for action in ("retry", "remove", "poll"):
        assert client.post(f"{SOURCES}/{theirs.id}/{action}").status_code == 404
    assert db.session.get(JobSource, theirs.id) is not None
    assert client.post(f"{SOURCES}/{ours.id}/remove").status_code == 302
    assert db.session.get(JobSource, ours.id) is None


def test_adding_a_source(client, login, db):
    login(Role.staff)
    response = client.post(f"{SOURCES}/new", data={"name": "Board", "url": "http://127.0.0.1:9/x", "kind": "feed"})
    assert response.status_code == 302
    assert db.session.query(JobSource).filter_by(name="Board").one().owner_id is None
    response = client.post(f"{SOURCES}/new", data={"name": "Board", "url": "ftp://x", "kind": "feed"})
    assert response.status_code == 422 and "http:// or https://" in response.get_data(as_text=True)


def test_retry_and_poll_now(client, login, db, site):
    source = _source(site.serve("/feed", samples.RSS))
    source.status, source.failure_count = JobSourceStatus.paused, 5
    login(Role.staff)
    assert client.post(f"{SOURCES}/{source.id}/retry").status_code == 302
    assert source.status == JobSourceStatus.active and source.failure_count == 0
    assert client.post(f"{SOURCES}/{source.id}/poll").status_code == 302  # runs inline in tests
    db.session.refresh(source)
    assert source.last_success_at is not None
    page = client.get(POSTINGS + "?q=analyst").get_data(as_text=True)
    assert "Data Analyst" in page and "Welder" not in page


def test_the_sources_list_does_not_grow_in_queries(client, login, db):
    login(Role.staff)
    _source(name="First")

    def grow():
        for n in range(4):
            owner = factories.user_for_role(Role.participant) if n % 2 else None
            source = _source(f"http://127.0.0.1:9/f{n}", owner=owner, name=f"S{n}")
            db.session.add(_posting(n, source))
        db.session.flush()

    assert_query_count_flat(client, SOURCES, grow)


def test_the_postings_list_does_not_grow_in_queries(client, login, db):
    login(Role.staff)
    source = _source()
    db.session.add(_posting(0, source))
    db.session.flush()

    def grow():
        other = _source("http://127.0.0.1:9/other", name="Other")
        for n in range(1, 6):
            db.session.add(_posting(n, other if n % 2 else source))
        db.session.flush()

    assert_query_count_flat(client, POSTINGS, grow)


def test_expired_postings_are_not_listed(client, login, db):
    source = _source()
    gone = _posting(1, source)
    gone.title, gone.expired_at = "Gone job", utcnow()
    db.session.add(gone)
    db.session.flush()
    login(Role.staff)
    assert "Gone job" not in client.get(POSTINGS).get_data(as_text=True)


def test_the_demo_feeds_are_public_and_share_one_posting(client):
    rss = client.get("/demo-feeds/jobs.rss")
    page = client.get("/demo-feeds/jobs.html")
    assert rss.status_code == page.status_code == 200
    from_feed = {p.fingerprint for p in read_feed(rss.data)}
    from_page = {p.fingerprint for p in read_web_page(page.data, "http://127.0.0.1:5000/demo-feeds/jobs.html")}
    assert len(from_feed) == len(from_page) == 2 and len(from_feed & from_page) == 1
