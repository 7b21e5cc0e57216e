"""Events leave after commit, signed; failures retry with backoff, then give up; SSRF rules hold."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.errors import RuleError
from app.extensions import db
from app.webhooks import emit, services
from app.webhooks.delivery import RETRY_DELAYS, deliver_due, deliver_webhook
from app.webhooks.models import DeliveryStatus, WebhookDelivery
from app.webhooks.signing import sign, verify


def deliveries() -> list[WebhookDelivery]:
    return list(db.session.scalars(db.select(WebhookDelivery).order_by(WebhookDelivery.id)))


def test_a_rolled_back_change_sends_nothing(receiver, endpoint):
    db.session.commit()
    emit("placement.created", {"id": 1, "ref": "PL-0001"})
    db.session.rollback()
    db.session.commit()
    assert receiver.posts == [] and deliveries() == []


def test_a_committed_event_is_delivered_signed(receiver, endpoint):
    db.session.commit()
    emit("placement.created", {"id": 7, "ref": "PL-0007"})
    assert receiver.posts == []  # nothing leaves before the commit
    db.session.commit()
    [(headers, body)] = receiver.posts
    [delivery] = deliveries()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.delivered and delivery.attempts == 1
    assert delivery.last_status_code == 200 and delivery.delivered_at is not None
    assert headers["content-type"] == "application/json"
    assert headers["bridgework-event"] == "placement.created"
    assert headers["bridgework-delivery"] == delivery.event_id
    timestamp = int(headers["bridgework-signature"].split(",")[0].removeprefix("t="))
    assert abs(timestamp - time.time()) < 60
    expected = hmac.new(endpoint.secret.encode(), f"{timestamp}.{body}".encode(), hashlib.sha256).hexdigest()
    assert headers["bridgework-signature"] == f"t={timestamp},v1={expected}"
    payload = json.loads(body)
    assert payload["event"] == "placement.created" and payload["id"] == delivery.event_id
    assert payload["data"] == {"id": 7, "ref": "PL-0007"}


def test_only_subscribed_active_endpoints_receive(receiver, admin):
    services.create_endpoint(receiver.url, ["hiring_need.published"], admin)
    off = services.create_endpoint(receiver.url, ["placement.created"], admin)
    services.set_active(off, False, admin)
    db.session.commit()
    emit("placement.created", {"id": 1})
    db.session.commit()
    assert receiver.posts == [] and deliveries() == []
    with pytest.raises(ValueError):
        emit("no.such_event", {})


def test_a_500_then_200_is_retried_then_delivered(receiver, endpoint):
    receiver.answers = [500]
    db.session.commit()
    emit("placement.created", {"id": 1})
    db.session.commit()
    [delivery] = deliveries()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.failed and delivery.last_status_code == 500
    assert "500" in delivery.last_error and delivery.next_attempt_at is not None
    assert deliver_due(delivery.next_attempt_at - timedelta(seconds=1))["retry"] == 0  # not due yet
    counts = deliver_due(delivery.next_attempt_at)
    db.session.refresh(delivery)
    assert counts["delivered"] == 1 and delivery.status == DeliveryStatus.delivered and delivery.attempts == 2
    assert len(receiver.posts) == 2 and receiver.posts[0][1] == receiver.posts[1][1]  # the same body
    assert receiver.posts[0][0]["bridgework-delivery"] == receiver.posts[1][0]["bridgework-delivery"]
    db.session.refresh(endpoint)
    assert endpoint.failure_count == 0


def test_after_the_schedule_it_gives_up_and_an_admin_can_redeliver(receiver, endpoint, admin):
    receiver.answers = [503] * 10
    db.session.commit()
    emit("placement.created", {"id": 1})
    db.session.commit()
    [delivery] = deliveries()
    db.session.refresh(delivery)
    now, waits = delivery.next_attempt_at, []
    outcome = "retry"
    while outcome == "retry":
        outcome = deliver_webhook(delivery.id, now)
        db.session.refresh(delivery)
        if outcome == "retry":
            waits.append(delivery.next_attempt_at - now)
            now = delivery.next_attempt_at
    assert waits == list(RETRY_DELAYS[1:])
    assert outcome == "gave_up" and delivery.status == DeliveryStatus.gave_up
    assert delivery.attempts == len(RETRY_DELAYS) + 1 and delivery.next_attempt_at is None
    assert deliver_due(now + timedelta(days=1))["delivered"] == 0
    receiver.answers = []
    services.redeliver(delivery, admin)
    db.session.commit()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.delivered and delivery.attempts == 1


def test_a_private_address_is_refused_when_loopback_is_not_allowed(app, admin, monkeypatch):
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_LOOPBACK", False)
    for url in ("http://127.0.0.1:9/hook", "http://10.0.0.5/hook", "http://169.254.169.254/latest", "ftp://x.test/"):
        with pytest.raises(RuleError) as refused:
            services.create_endpoint(url, ["placement.created"], admin)
        assert refused.value.field == "url"


def test_an_endpoint_that_turned_private_is_not_posted_to(receiver, endpoint, app, monkeypatch):
    db.session.commit()
    monkeypatch.setitem(app.config, "OUTBOUND_ALLOW_LOOPBACK", False)
    emit("placement.created", {"id": 1})
    db.session.commit()
    [delivery] = deliveries()
    db.session.refresh(delivery)
    assert receiver.posts == [] and delivery.status == DeliveryStatus.failed
    assert "private or internal" in delivery.last_error and delivery.last_status_code is None


def test_a_redirect_is_not_followed(receiver, endpoint):
    receiver.answers = [302]
    db.session.commit()
    emit("placement.created", {"id": 1})
    db.session.commit()
    [delivery] = deliveries()
    db.session.refresh(delivery)
    assert delivery.status == DeliveryStatus.failed and delivery.last_status_code == 302
    assert len(receiver.posts) == 1


def test_with_a_worker_the_commit_queues_a_task(receiver, endpoint, app, monkeypatch):
    from app.webhooks.events import DISPATCH_EXTENSION

    queued = []
    monkeypatch.setitem(app.extensions, DISPATCH_EXTENSION, queued.append)
    db.session.commit()
    emit("placement.created", {"id": 1})
    db.session.commit()
    assert queued == [deliveries()[0].id] and receiver.posts == []


def test_the_queue_carries_the_delivery_task_and_the_minute_sweep(app):
    from app.tasks.queue import queue_for

    assert {"webhooks.deliver", "webhooks.deliver_due"} <= set(queue_for(app).tasks)


@given(body=st.text(max_size=200), secret=st.text(min_size=1, max_size=40), age=st.integers(0, 10_000))
def test_a_signature_verifies_only_with_its_secret_body_and_a_fresh_time(body, secret, age):
    header = sign(secret, 1_000_000, body)
    fresh = age <= 300
    assert verify(secret, header, body, now=1_000_000 + age) is fresh
    assert not verify(secret + "x", header, body, now=1_000_000)
    assert not verify(secret, header, body + "x", now=1_000_000)
    assert not verify(secret, "t=abc,v1=00", body, now=1_000_000)
