"""The admin's operations on endpoints and deliveries: each flushes and audits, never commits."""

from __future__ import annotations

from app import outbound
from app.audit import record_audit
from app.db import utcnow
from app.errors import RuleError
from app.extensions import db
from app.models import User
from app.webhooks.events import queue_after_commit
from app.webhooks.models import EVENTS, DeliveryStatus, WebhookDelivery, WebhookEndpoint
from app.webhooks.signing import new_secret


def check_endpoint_url(url: str) -> None:
    """The SSRF rules of app.outbound, as a refusal next to the URL field."""
    try:
        outbound.check_url_allowed(url)
    except outbound.FetchRefused as refused:
        raise RuleError(f"This address cannot receive webhooks: {refused}", "url") from None


def create_endpoint(url: str, events: list[str], actor: User, description: str = "") -> WebhookEndpoint:
    """Register an endpoint with a fresh secret (the caller shows it once)."""
    chosen = [name for name in EVENTS if name in set(events)]
    if not chosen:
        raise RuleError("Choose at least one event.", "events")
    check_endpoint_url(url.strip())
    endpoint = WebhookEndpoint(url=url.strip(), description=description.strip(), events=" ".join(chosen),
                               secret=new_secret(), created_by_id=actor.id)
    db.session.add(endpoint)
    db.session.flush()
    record_audit(actor, "webhook_endpoint", endpoint.id, "created",
                 {"url": [None, endpoint.url], "events": [None, endpoint.events]})
    return endpoint


def rotate_secret(endpoint: WebhookEndpoint, actor: User) -> str:
    """A new secret at once: the old one stops signing (the caller shows the new one once)."""
    endpoint.secret = new_secret()
    db.session.flush()
    record_audit(actor, "webhook_endpoint", endpoint.id, "secret_rotated", {})
    return endpoint.secret


def set_active(endpoint: WebhookEndpoint, active: bool, actor: User) -> None:
    """Enable (its run of failures forgotten) or disable an endpoint."""
    endpoint.active = active
    endpoint.disabled_at = None if active else utcnow()
    if active:
        endpoint.failure_count = 0
    db.session.flush()
    record_audit(actor, "webhook_endpoint", endpoint.id, "enabled" if active else "disabled", {})


def delete_endpoint(endpoint: WebhookEndpoint, actor: User) -> None:
    """Delete an endpoint and its delivery log."""
    record_audit(actor, "webhook_endpoint", endpoint.id, "deleted", {"url": [endpoint.url, None]})
    db.session.delete(endpoint)
    db.session.flush()


def redeliver(delivery: WebhookDelivery, actor: User) -> None:
    """Send the same body again (same event id) after the commit, its attempts counted afresh."""
    if not delivery.endpoint.active:
        raise RuleError("Enable the endpoint before redelivering to it.")
    delivery.status, delivery.attempts = DeliveryStatus.pending, 0
    delivery.next_attempt_at, delivery.last_error = utcnow(), ""
    db.session.flush()
    record_audit(actor, "webhook_delivery", delivery.id, "redelivered", {})
    queue_after_commit(delivery.id)
