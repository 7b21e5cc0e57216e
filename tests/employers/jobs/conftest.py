"""A loopback web server per test, serving whatever feeds and pages the test sets up."""

from __future__ import annotations

import pytest

from app import outbound
from tests.loopback import QuietHandler, loopback_server


class Site:
    """Routes: path → (status, headers, body); ``requests`` records (path, headers) as they arrive."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.routes: dict[str, tuple[int, dict, bytes]] = {}
        self.requests: list[tuple[str, dict]] = []

    def serve(self, path: str, body: bytes | str, *, status: int = 200, **headers: str) -> str:
        self.routes[path] = (status, {k.replace("_", "-"): v for k, v in headers.items()},
                             body.encode() if isinstance(body, str) else body)  # or a callable(headers)
        return self.base + path

    def hits(self, path: str) -> list[dict]:
        return [headers for seen, headers in self.requests if seen == path]


@pytest.fixture(autouse=True)
def _forget_hosts():
    outbound.forget_hosts()
    yield
    outbound.forget_hosts()


@pytest.fixture
def site():
    holder: dict = {}

    class Handler(QuietHandler):
        def do_GET(self):
            site = holder["site"]
            site.requests.append((self.path, {k.lower(): v for k, v in self.headers.items()}))
            status, headers, body = site.routes.get(self.path, (404, {}, b"not here"))
            if callable(body):
                status, headers, body = body(self.headers)
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            if "Content-Length" not in headers:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    with loopback_server(Handler) as base:
        holder["site"] = Site(base)
        yield holder["site"]
