"""The weekly dead-link check against a loopback web server: a 404 or a refused connection flags, a success clears."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest

from app import outbound
from cohorts.learning.link_checks import check_resource_links
from cohorts.models import ResourceStatus
from tests import factories
from tests.loopback import QuietHandler, loopback_server

NOW = datetime(2026, 12, 6, 3, 30, tzinfo=UTC)


@pytest.fixture
def site(app, monkeypatch):
    """A loopback server: /ok answers 200, /big a large page, everything else 404."""
    monkeypatch.setitem(app.config, "OUTBOUND_HOST_INTERVAL", 0)
    outbound.forget_hosts()

    class Handler(QuietHandler):
        def do_GET(self):
            body = {"/ok": b"fine", "/big": b"x" * 200_000}.get(self.path)
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b"not here"
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with loopback_server(Handler) as base:
        yield base
    outbound.forget_hosts()


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_working_link_stays_fine_a_404_and_a_refused_connection_are_flagged(site):
    ok = factories.LearningResourceFactory(url=f"{site}/ok")
    big = factories.LearningResourceFactory(url=f"{site}/big")
    gone = factories.LearningResourceFactory(url=f"{site}/gone")
    refused = factories.LearningResourceFactory(url=f"http://127.0.0.1:{_closed_port()}/x")
    retired = factories.LearningResourceFactory(url=f"{site}/gone", status=ResourceStatus.retired)
    assert check_resource_links(NOW) == 2
    assert ok.link_broken_since is None and ok.link_checked_at == NOW
    assert big.link_broken_since is None
    assert gone.link_broken_since == NOW and refused.link_broken_since == NOW
    assert gone.status == ResourceStatus.approved  # only flagged, never retired by the check
    assert retired.link_checked_at is None


def test_a_link_is_checked_once_a_week_flagged_from_its_first_failure_and_cleared_by_a_success(site):
    resource = factories.LearningResourceFactory(url=f"{site}/gone")
    check_resource_links(NOW)
    assert check_resource_links(NOW + timedelta(days=1)) == 0  # checked yesterday: not again
    assert check_resource_links(NOW + timedelta(days=7)) == 1
    assert resource.link_broken_since == NOW  # still the first failure
    resource.url = f"{site}/ok"
    check_resource_links(NOW + timedelta(days=14))
    assert resource.link_broken_since is None


def test_a_forbidden_address_is_not_checked(site, app, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_LOOPBACK", False)
    resource = factories.LearningResourceFactory(url=f"{site}/gone")
    assert check_resource_links(NOW) == 0
    assert resource.link_checked_at is None and resource.link_broken_since is None
