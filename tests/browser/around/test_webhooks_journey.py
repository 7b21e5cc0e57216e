"""Webhooks in a real browser: an admin adds an endpoint, copies its secret once, and a hiring need
published on the demo data arrives there signed and shows in the delivery log."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

ADMIN = "admin@bridgework.test"


@pytest.fixture
def receiver():
    received: list[dict] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            self.rfile.read(int(self.headers.get("Content-Length", 0)))
            received.append({k.lower(): v for k, v in self.headers.items()})
            self.send_response(204)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/hooks", received
    server.shutdown()
    server.server_close()


def test_an_admin_registers_an_endpoint_and_sees_a_delivery(page, login_as, live_app, receiver):
    url, received = receiver
    login_as(page, ADMIN)
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Webhooks").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Webhooks")
    page.get_by_role("link", name="Add an endpoint").click()
    page.get_by_label("Endpoint URL").fill(url)
    page.get_by_label("Description").fill("Browser journey receiver")
    page.get_by_label("hiring_need.published").check()
    page.get_by_role("button", name="Add endpoint").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Endpoint added")
    secret = page.get_by_label("Signing secret").input_value()
    assert secret.startswith("whsec_")

    with live_app.app_context():  # a need is published on the demo data, as staff would
        from app.extensions import db
        from employers.models import HiringNeed, HiringNeedStatus
        from employers.services import change_need_status

        need = db.session.scalar(db.select(HiringNeed).where(HiringNeed.status == HiringNeedStatus.closed)
                                 .order_by(HiringNeed.id).limit(1))
        if need is None:
            need = db.session.scalar(db.select(HiringNeed).where(HiringNeed.status == HiringNeedStatus.draft)
                                     .order_by(HiringNeed.id).limit(1))
        change_need_status(need, HiringNeedStatus.open, None)
        db.session.commit()
        ref = need.ref

    page.get_by_role("link", name="Done").click()
    expect(page.get_by_text(secret)).to_have_count(0)
    expect(page.get_by_role("cell", name="hiring_need.published")).to_be_visible()
    expect(page.get_by_text("Delivered")).to_be_visible()
    assert received and received[0]["bridgework-event"] == "hiring_need.published"
    assert received[0]["bridgework-signature"].startswith("t=")
    page.get_by_role("cell").get_by_role("link").first.click()
    expect(page.get_by_text(ref)).to_be_visible()
