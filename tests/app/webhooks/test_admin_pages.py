"""The admin's webhook pages: each page, each action, the secret shown once, and every denial."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import AuditEvent, Role
from app.webhooks import emit
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from tests.conftest import assert_query_count_flat


@pytest.fixture
def as_admin(login, admin):
    return login(admin)


def test_list_and_add_an_endpoint_shows_the_secret_once(client, as_admin, receiver):
    assert client.get("/admin/webhooks/").status_code == 200
    assert client.get("/admin/webhooks/new").status_code == 200
    answer = client.post("/admin/webhooks/new", data={
        "url": receiver.url, "description": "Acme HR", "events": ["placement.created", "hiring_need.published"]})
    assert answer.status_code == 200
    endpoint = db.session.scalar(db.select(WebhookEndpoint))
    assert endpoint.secret in answer.text and endpoint.events == "placement.created hiring_need.published"
    detail = client.get(f"/admin/webhooks/{endpoint.id}")
    assert detail.status_code == 200 and endpoint.secret not in detail.text and endpoint.masked_secret in detail.text
    assert "Acme HR" in client.get("/admin/webhooks/").text
    assert db.session.scalar(db.select(AuditEvent).where(AuditEvent.entity == "webhook_endpoint")).action == "created"


def test_a_refused_endpoint_is_explained_next_to_its_field(client, as_admin, app, monkeypatch):
    db.session.commit()  # a refused change rolls back what the request flushed, not the admin
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_LOOPBACK", False)
    answer = client.post("/admin/webhooks/new", data={"url": "http://10.1.2.3/hook", "events": ["placement.created"]})
    assert answer.status_code == 422 and "private or internal" in answer.text
    answer = client.post("/admin/webhooks/new", data={"url": "https://example.org/hook"})
    assert answer.status_code == 422 and "Choose at least one event." in answer.text
    assert db.session.scalar(db.select(db.func.count(WebhookEndpoint.id))) == 0


def test_rotate_toggle_and_delete(client, as_admin, endpoint):
    db.session.commit()
    old = endpoint.secret
    answer = client.post(f"/admin/webhooks/{endpoint.id}/rotate")
    db.session.refresh(endpoint)
    assert answer.status_code == 200 and endpoint.secret != old and endpoint.secret in answer.text
    assert client.post(f"/admin/webhooks/{endpoint.id}/toggle").status_code == 302
    db.session.refresh(endpoint)
    assert not endpoint.active and endpoint.disabled_at is not None
    client.post(f"/admin/webhooks/{endpoint.id}/toggle")
    db.session.refresh(endpoint)
    assert endpoint.active and endpoint.disabled_at is None
    assert client.post(f"/admin/webhooks/{endpoint.id}/delete").status_code == 302
    db.session.expire_all()
    assert db.session.get(WebhookEndpoint, endpoint.id) is None


def test_the_log_shows_a_delivery_and_redelivers_it(client, as_admin, endpoint, receiver):
    receiver.answers = [500]
    db.session.commit()
    emit("placement.created", {"id": 3, "ref": "PL-0003"})
    db.session.commit()
    delivery = db.session.scalar(db.select(WebhookDelivery))
    log = client.get(f"/admin/webhooks/{endpoint.id}")
    assert "placement.created" in log.text and "500" in log.text
    page = client.get(f"/admin/webhooks/{endpoint.id}/deliveries/{delivery.id}")
    assert page.status_code == 200 and "PL-0003" in page.text
    assert client.post(f"/admin/webhooks/{endpoint.id}/deliveries/{delivery.id}/redeliver").status_code == 302
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.delivered and len(receiver.posts) == 2


def test_a_delivery_is_found_only_under_its_own_endpoint(client, as_admin, endpoint, admin, receiver):
    from app.webhooks import services

    other = services.create_endpoint(receiver.url, ["placement.created"], admin)
    db.session.commit()
    emit("hiring_need.published", {"id": 1})
    db.session.commit()
    delivery = db.session.scalar(db.select(WebhookDelivery))
    assert client.get(f"/admin/webhooks/{other.id}/deliveries/{delivery.id}").status_code == 404
    assert client.post(f"/admin/webhooks/{other.id}/deliveries/{delivery.id}/redeliver").status_code == 404
    assert client.get("/admin/webhooks/999999").status_code == 404


@pytest.mark.parametrize("role", [Role.staff, Role.employer, Role.participant])
def test_everyone_but_admins_is_refused(client, login, endpoint, role):
    db.session.commit()
    login(role)
    for path in ("/admin/webhooks/", "/admin/webhooks/new", f"/admin/webhooks/{endpoint.id}"):
        assert client.get(path).status_code in (403, 404), path
    assert client.post(f"/admin/webhooks/{endpoint.id}/delete").status_code in (403, 404)
    assert db.session.get(WebhookEndpoint, endpoint.id) is not None


def test_anonymous_visitors_are_sent_to_log_in(client, endpoint):
    assert client.get("/admin/webhooks/").status_code == 302


def test_the_log_page_query_count_is_flat(client, as_admin, endpoint):
    db.session.commit()

    def grow():
        db.session.add_all([WebhookDelivery(endpoint_id=endpoint.id, event="placement.created", event_id=f"e-{n}",
                                            payload="{}", status=DeliveryStatus.failed, attempts=2,
                                            last_status_code=500, last_error="The endpoint answered 500.")
                            for n in range(30)])
        db.session.flush()

    grow()
    assert_query_count_flat(client, f"/admin/webhooks/{endpoint.id}", grow)


def test_the_endpoint_list_query_count_is_flat(client, as_admin, endpoint, admin, receiver):
    from app.webhooks import services

    db.session.commit()
    assert_query_count_flat(client, "/admin/webhooks/", lambda: [
        services.create_endpoint(receiver.url, ["placement.created"], admin) for _ in range(5)])
