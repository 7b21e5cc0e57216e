"""emit(): services announce an event inside their transaction; deliveries leave after the commit.

One WebhookDelivery row per active endpoint subscribed to the event is flushed with the service's
change, and its id waits in the session until the commit: a rolled-back change sends nothing (the
same pattern as app/mail.py).
"""

from __future__ import annotations

import json
import uuid
from typing import Any

from flask import current_app
from sqlalchemy import select

from app.db import after_commit, json_safe, utcnow
from app.extensions import db
from app.webhooks.models import EVENTS, WebhookDelivery, WebhookEndpoint

#: each event's payload fields after "id" (ids, refs, statuses, dates: no personal data beyond ids);
#: the services name them here so docs/WEBHOOKS.md has one list to match
WEBHOOK_FIELDS: dict[str, tuple[str, ...]] = {
    "placement": ("ref", "participant_id", "employer_id", "hiring_need_id", "cohort_id", "candidacy_id",
                  "start_date", "created_at"),
    "candidacy": ("participant_id", "hiring_need_id", "cohort_id", "stage", "stage_changed_at"),
    "enrolment": ("participant_id", "cohort_id", "status", "updated_at"),
    "retention_check": ("placement_id", "day_mark", "due_on", "checked_on", "still_employed", "same_employer",
                        "updated_at"),
    "hiring_need": ("ref", "employer_id", "status", "openings", "updated_at"),
}
_PENDING = "bridgework_pending_webhooks"
#: where the task queue plugs in its "deliver this one" (app.extensions key)
DISPATCH_EXTENSION = "bridgework.webhook_dispatch"


def record_of(obj: Any, *fields: str) -> dict[str, Any]:
    """A payload from a record: its id and the named attributes, as JSON takes them (ids, refs,
    statuses, timestamps: never names, emails or notes)."""
    return {"id": obj.id, **{name: json_safe(getattr(obj, name)) for name in fields}}


def emit(event_name: str, payload: dict[str, Any]) -> None:
    """Queue ``event_name`` for every active endpoint subscribed to it (flushes, never commits)."""
    if event_name not in EVENTS:
        raise ValueError(f"unknown webhook event {event_name!r}")
    endpoints = db.session.scalars(
        select(WebhookEndpoint).where(WebhookEndpoint.active.is_(True)).order_by(WebhookEndpoint.id)
    ).all()
    subscribed = [e for e in endpoints if event_name in e.event_set]
    if not subscribed:
        return
    event_id, now = str(uuid.uuid4()), utcnow()
    body = json.dumps({"id": event_id, "event": event_name, "created_at": now.isoformat(), "data": payload},
                      sort_keys=True, separators=(",", ":"), default=str)
    deliveries = [WebhookDelivery(endpoint_id=e.id, event=event_name, event_id=event_id, payload=body,
                                  created_at=now, next_attempt_at=now) for e in subscribed]
    db.session.add_all(deliveries)
    db.session.flush()
    db.session().info.setdefault(_PENDING, []).extend(d.id for d in deliveries)


def queue_after_commit(delivery_id: int) -> None:
    """An admin's redelivery leaves after the commit like a new one."""
    db.session().info.setdefault(_PENDING, []).append(delivery_id)


def dispatch(delivery_ids: list[int]) -> None:
    """Through the task queue when one is plugged in, else here and now (immediate mode, tests)."""
    from app.webhooks.delivery import deliver_webhook

    plugged = current_app.extensions.get(DISPATCH_EXTENSION)
    for delivery_id in delivery_ids:
        if plugged is not None:
            plugged(delivery_id)
        else:
            deliver_webhook(delivery_id)


# deliveries leave only once the change that caused them is committed
after_commit(_PENDING, dispatch)
