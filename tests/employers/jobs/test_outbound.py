"""app/outbound.py: SSRF rules, redirects, size cap, robots.txt, conditional GET."""

from __future__ import annotations

import pytest

from app.outbound import FetchFailed, FetchRefused, FetchTooLarge, check_url_allowed, fetch, seconds_until_polite


@pytest.fixture
def no_loopback(app):
    app.config["OUTBOUND_ALLOW_LOOPBACK"] = False
    yield
    app.config["OUTBOUND_ALLOW_LOOPBACK"] = True


@pytest.mark.parametrize("url", [
    "http://127.0.0.1/feed", "http://10.1.2.3/", "http://192.168.0.1/", "http://[::1]/", "http://169.254.169.254/",
    "http://172.16.0.5/", "http://0.0.0.0/", "http://224.0.0.1/", "http://[::ffff:127.0.0.1]/", "http://localhost/",
])
def test_inner_addresses_are_refused_without_the_loopback_setting(no_loopback, url):
    with pytest.raises(FetchRefused):
        check_url_allowed(url)


@pytest.mark.parametrize("url", ["ftp://example.org/", "file:///etc/passwd", "gopher://x/", "http:///nohost"])
def test_only_http_and_https_are_read(url):
    with pytest.raises(FetchRefused):
        check_url_allowed(url)


def test_private_addresses_stay_refused_even_when_loopback_is_allowed():
    check_url_allowed("http://127.0.0.1:9/")  # testing config: loopback allowed
    for url in ("http://10.0.0.1/", "http://169.254.169.254/latest/meta-data/", "http://192.168.1.1/"):
        with pytest.raises(FetchRefused):
            check_url_allowed(url)


def test_a_redirect_to_a_private_address_is_refused(site):
    url = site.serve("/jobs", b"", status=302, Location="http://169.254.169.254/latest/meta-data/")
    with pytest.raises(FetchRefused, match="private"):
        fetch(url)
    url = site.serve("/jobs2", b"", status=301, Location="http://10.0.0.1/feed")
    with pytest.raises(FetchRefused):
        fetch(url)


def test_redirects_are_followed_and_the_user_agent_says_who_reads(site):
    site.serve("/new", "<rss/>")
    url = site.serve("/old", b"", status=301, Location="/new")
    answer = fetch(url)
    assert answer.url.endswith("/new") and answer.content == b"<rss/>"
    assert site.hits("/new")[0]["user-agent"].startswith("Bridgework job reader (+http")


def test_endless_redirects_give_up(site):
    for n in range(8):
        site.serve(f"/r{n}", b"", status=302, Location=f"/r{n + 1}")
    with pytest.raises(FetchFailed, match="redirected more than"):
        fetch(site.base + "/r0")


def test_a_huge_answer_is_cut_off(site, app):
    url = site.serve("/huge", b"x" * 5000)
    with pytest.raises(FetchTooLarge):
        fetch(url, max_bytes=1000)
    app.config["OUTBOUND_MAX_BYTES"] = 1000
    try:
        with pytest.raises(FetchTooLarge):
            fetch(url)
    finally:
        app.config["OUTBOUND_MAX_BYTES"] = 2 * 1024 * 1024


def test_robots_txt_is_obeyed(site):
    site.serve("/robots.txt", "User-agent: *\nDisallow: /private/\n")
    site.serve("/private/jobs.rss", "<rss/>")
    site.serve("/public/jobs.rss", "<rss/>")
    with pytest.raises(FetchRefused, match="robots.txt disallows"):
        fetch(site.base + "/private/jobs.rss")
    assert not site.hits("/private/jobs.rss")
    assert fetch(site.base + "/public/jobs.rss").status == 200
    assert len(site.hits("/robots.txt")) == 1  # cached per host


def test_a_conditional_get_sends_the_validators_and_reports_not_modified(site):
    def answer(headers):
        if headers.get("If-None-Match") == '"v1"':
            return 304, {"ETag": '"v1"'}, b""
        return 200, {"ETag": '"v1"'}, b"<rss/>"

    url = site.serve("/feed", answer)
    first = fetch(url)
    assert first.headers["etag"] == '"v1"' and not first.not_modified
    second = fetch(url, etag='"v1"', last_modified="Wed, 02 Dec 2026 10:00:00 GMT")
    assert second.not_modified and second.status == 304
    assert site.hits("/feed")[-1]["if-modified-since"] == "Wed, 02 Dec 2026 10:00:00 GMT"


def test_errors_are_failures_in_plain_words(site):
    with pytest.raises(FetchFailed, match="404"):
        fetch(site.base + "/missing")
    with pytest.raises(FetchFailed, match="could not be reached"):
        fetch("http://127.0.0.1:9/nothing-listens-here")


def test_each_host_is_remembered_for_the_polite_interval(site):
    site.serve("/a", "a")
    assert seconds_until_polite(site.base + "/a") == 0
    fetch(site.base + "/a")
    assert seconds_until_polite(site.base + "/b") > 0


def test_the_address_reached_is_checked_again_after_connecting(site, app, monkeypatch):
    """A name that passed the check but connects to an inner address (DNS rebinding) is refused."""
    from app import outbound

    url = site.serve("/feed", "<rss/>")
    monkeypatch.setattr(outbound, "check_url_allowed", lambda url: None)
    monkeypatch.setattr(outbound, "_robots_for", lambda client, url: type("R", (), {"can_fetch": lambda *a: True})())
    app.config["OUTBOUND_ALLOW_LOOPBACK"] = False
    try:
        with pytest.raises(FetchRefused, match="changed to a private"):
            fetch(url)
    finally:
        app.config["OUTBOUND_ALLOW_LOOPBACK"] = True


def test_polling_is_on_the_task_queue(app):
    from app.tasks.queue import queue_for
    from employers.jobs.polling import POLL_ALL_TASK, POLL_ONE_TASK

    assert {POLL_ALL_TASK, POLL_ONE_TASK} <= set(queue_for(app).tasks)
