"""The admin's lists: endpoints, and one endpoint's delivery log (newest first, paginated)."""

from __future__ import annotations

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import load_only

from app.extensions import db
from app.webhooks.models import WebhookDelivery, WebhookEndpoint


def endpoints() -> list[WebhookEndpoint]:
    return list(db.session.scalars(select(WebhookEndpoint).order_by(WebhookEndpoint.id)))


def delivery_log(endpoint: WebhookEndpoint, page: int):
    stmt = (select(WebhookDelivery).where(WebhookDelivery.endpoint_id == endpoint.id)
            .options(load_only(WebhookDelivery.id, WebhookDelivery.event, WebhookDelivery.event_id,
                               WebhookDelivery.status, WebhookDelivery.attempts, WebhookDelivery.next_attempt_at,
                               WebhookDelivery.last_status_code, WebhookDelivery.last_error,
                               WebhookDelivery.created_at, WebhookDelivery.delivered_at))
            .order_by(WebhookDelivery.id.desc()))
    return db.paginate(stmt, page=page, per_page=current_app.config.get("ITEMS_PER_PAGE", 25), error_out=False)
