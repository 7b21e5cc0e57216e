"""Delivery: claim, POST signed, record; retry with backoff; give up visibly (docs/WEBHOOKS.md).

An attempt first claims the row in its own transaction (an UPDATE that pushes next_attempt_at a lease
ahead), so two workers never post the same delivery at once; a worker that dies mid-attempt leaves a
claim that simply falls due again. Receivers get each event at least once and deduplicate on the
Bridgework-Delivery header.
"""

from __future__ import annotations

import functools
import time
from datetime import datetime, timedelta

from flask import Flask, current_app
from sqlalchemy import or_, select, update

from app import outbound
from app.db import utcnow
from app.mail import delivery_session
from app.webhooks.events import DISPATCH_EXTENSION
from app.webhooks.models import DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.webhooks.signing import sign

#: the wait before each retry; after the last one the delivery gives up
RETRY_DELAYS = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2))
#: how long a claimed attempt holds the row before it may be tried again
CLAIM_LEASE = timedelta(minutes=5)
#: failed attempts in a row after which an endpoint is disabled
DISABLE_AFTER = 25
#: how long the endpoint has to answer, in seconds
TIMEOUT = 10.0
_DUE = (DeliveryStatus.pending, DeliveryStatus.failed)


def deliver_webhook(delivery_id: int, now: datetime | None = None) -> str:
    """Try one delivery: "delivered", "retry", "gave_up" or "skipped" (not due, taken or done)."""
    now = now or utcnow()
    with delivery_session() as session:
        claimed = session.execute(
            update(WebhookDelivery).where(
                WebhookDelivery.id == delivery_id, WebhookDelivery.status.in_(_DUE),
                or_(WebhookDelivery.next_attempt_at.is_(None), WebhookDelivery.next_attempt_at <= now),
            ).values(next_attempt_at=now + CLAIM_LEASE).execution_options(synchronize_session=False)
        ).rowcount
        delivery = session.get(WebhookDelivery, delivery_id) if claimed else None
        endpoint = session.get(WebhookEndpoint, delivery.endpoint_id) if delivery else None
        session.commit()
        if delivery is None:
            return "skipped"
        if not endpoint.active:
            outcome, values = "gave_up", {"status": DeliveryStatus.gave_up, "next_attempt_at": None,
                                          "last_error": "The endpoint is disabled."}
        else:
            outcome, values = _attempt(endpoint, delivery, now)
            _count_on_endpoint(session, endpoint, outcome == "delivered", now)
        session.execute(update(WebhookDelivery).where(WebhookDelivery.id == delivery_id).values(**values)
                        .execution_options(synchronize_session=False))
        session.commit()
        return outcome


def _attempt(endpoint: WebhookEndpoint, delivery: WebhookDelivery, now: datetime) -> tuple[str, dict]:
    headers = {
        "Content-Type": "application/json",
        "Bridgework-Event": delivery.event,
        "Bridgework-Delivery": delivery.event_id,
        "Bridgework-Signature": sign(endpoint.secret, int(time.time()), delivery.payload),
    }
    attempts = delivery.attempts + 1
    try:
        answer = outbound.post(endpoint.url, delivery.payload.encode(), headers, timeout=TIMEOUT)
    except outbound.FetchError as error:
        code, problem = None, str(error)
    else:
        if 200 <= answer.status < 300:
            return "delivered", {"status": DeliveryStatus.delivered, "attempts": attempts, "next_attempt_at": None,
                                 "last_status_code": answer.status, "last_error": "", "delivered_at": utcnow()}
        code, problem = answer.status, f"The endpoint answered {answer.status}."
    values = {"attempts": attempts, "last_status_code": code, "last_error": problem[:2000]}
    if attempts > len(RETRY_DELAYS):
        return "gave_up", {**values, "status": DeliveryStatus.gave_up, "next_attempt_at": None}
    return "retry", {**values, "status": DeliveryStatus.failed, "next_attempt_at": now + RETRY_DELAYS[attempts - 1]}


def _count_on_endpoint(session, endpoint: WebhookEndpoint, succeeded: bool, now: datetime) -> None:
    """A success resets the endpoint's run of failures; a long run disables it."""
    if succeeded:
        values = {"failure_count": 0}
    elif endpoint.failure_count + 1 >= DISABLE_AFTER:
        values = {"failure_count": WebhookEndpoint.failure_count + 1, "active": False, "disabled_at": now}
        current_app.logger.warning("webhook endpoint %s disabled after %s failures", endpoint.id, DISABLE_AFTER)
    else:
        values = {"failure_count": WebhookEndpoint.failure_count + 1}
    session.execute(update(WebhookEndpoint).where(WebhookEndpoint.id == endpoint.id).values(**values)
                    .execution_options(synchronize_session=False))


def deliver_due(now: datetime | None = None) -> dict[str, int]:
    """Every delivery due now: new ones a lost queue message left behind, and retries whose wait is over."""
    now = now or utcnow()
    with delivery_session() as session:
        due = session.scalars(select(WebhookDelivery.id).where(
            WebhookDelivery.status.in_(_DUE), WebhookDelivery.next_attempt_at <= now,
        ).order_by(WebhookDelivery.id).limit(500)).all()
    counts = {"delivered": 0, "retry": 0, "gave_up": 0, "skipped": 0}
    for delivery_id in due:
        counts[deliver_webhook(delivery_id, now)] += 1
    return counts


def init_app(app: Flask, queue) -> None:
    """Each committed delivery is a task; every minute the log is swept for retries that are due."""
    from huey import crontab

    queue.task("webhooks.deliver")(deliver_webhook)  # no Huey retries: the log keeps its own backoff
    queue.periodic_task("webhooks.deliver_due", crontab(minute="*"))(deliver_due)
    if not app.config.get("TASK_QUEUE_IMMEDIATE"):
        app.extensions[DISPATCH_EXTENSION] = functools.partial(_enqueue, queue)


def _enqueue(queue, delivery_id: int) -> None:
    try:
        queue.enqueue("webhooks.deliver", delivery_id)
    except Exception:  # the queue is down: the row waits for the next sweep
        current_app.logger.exception("could not queue webhook delivery %s", delivery_id)
