"""A loopback receiver per test that records each POST and answers with the statuses it is given."""

from __future__ import annotations

import pytest

from app.models import Role
from app.webhooks import services
from app.webhooks.models import EVENTS
from tests import factories as f
from tests.loopback import QuietHandler, loopback_server


class Receiver:
    """``answers``: statuses to give in turn (then 200); ``posts``: (headers, body) as they arrive."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.answers: list[int] = []
        self.posts: list[tuple[dict[str, str], str]] = []


@pytest.fixture
def receiver():
    holder: dict = {}

    class Handler(QuietHandler):
        def do_POST(self):
            receiver = holder["receiver"]
            body = self.rfile.read(int(self.headers.get("Content-Length", 0))).decode()
            receiver.posts.append(({k.lower(): v for k, v in self.headers.items()}, body))
            status = receiver.answers.pop(0) if receiver.answers else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

    with loopback_server(Handler) as base:
        holder["receiver"] = Receiver(f"{base}/hooks")
        yield holder["receiver"]


@pytest.fixture
def admin():
    return f.UserFactory(role=Role.admin)


@pytest.fixture
def endpoint(receiver, admin):
    """An active endpoint on the receiver, subscribed to every event."""
    return services.create_endpoint(receiver.url, list(EVENTS), admin, "Test receiver")
