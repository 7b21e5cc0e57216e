"""Webhook endpoints an admin registers, and the log of every delivery made to them."""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, UTCDateTime, enum_column, utcnow
from app.models import User

#: the events an endpoint can subscribe to (docs/WEBHOOKS.md describes each payload)
EVENTS = (
    "placement.created",
    "candidacy.stage_changed",
    "enrolment.status_changed",
    "retention_check.recorded",
    "hiring_need.published",
)


class DeliveryStatus(StrEnum):
    pending = "pending"  # waiting for its first attempt
    delivered = "delivered"  # the endpoint answered 2xx
    failed = "failed"  # the last attempt failed; another is due at next_attempt_at
    gave_up = "gave_up"  # every attempt failed (or the endpoint was disabled): an admin may redeliver


class WebhookEndpoint(Base):
    """A URL that receives signed POSTs for the events it subscribes to."""

    __tablename__ = "webhook_endpoints"
    __repr_attr__ = "url"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: where the POSTs go (http/https; checked against the SSRF rules when saved and on every delivery)
    url: Mapped[str] = mapped_column(sa.String(2000))
    #: what the admin calls it ("Payroll sync at Acme")
    description: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: the subscribed event names, space-separated ("placement.created hiring_need.published")
    events: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    #: the signing secret ("whsec_…"), kept as is because signing needs it; shown once, then masked
    secret: Mapped[str] = mapped_column(sa.String(100))
    #: False: nothing is sent to it (disabled by an admin, or after too many failures in a row)
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: the admin who registered it; NULL once that account is deleted
    created_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: when it was registered (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: failed attempts in a row since its last success (0 after any 2xx)
    failure_count: Mapped[int] = mapped_column(default=0, server_default="0")
    #: when it was disabled (UTC), by an admin or automatically; NULL while active
    disabled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    @property
    def event_set(self) -> frozenset[str]:
        return frozenset(self.events.split())

    @property
    def masked_secret(self) -> str:
        return f"whsec_…{self.secret[-4:]}"


class WebhookDelivery(Base):
    """One event for one endpoint: its exact signed body and how its attempts went."""

    __tablename__ = "webhook_deliveries"
    __repr_attr__ = "event"
    __table_args__ = (
        sa.Index("ix_webhook_deliveries_due", "status", "next_attempt_at"),
        sa.CheckConstraint("attempts >= 0", name="attempts_not_negative"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the endpoint it goes to (its log goes with it when deleted)
    endpoint_id: Mapped[int] = mapped_column(sa.ForeignKey("webhook_endpoints.id", ondelete="CASCADE"), index=True)
    #: the event name (one of EVENTS)
    event: Mapped[str] = mapped_column(sa.String(60))
    #: the event's uuid, sent as Bridgework-Delivery: receivers deduplicate on it (same on every attempt)
    event_id: Mapped[str] = mapped_column(sa.String(36), index=True)
    #: the exact JSON body sent (signed as is on every attempt)
    payload: Mapped[str] = mapped_column(sa.Text)
    #: where it stands: pending, delivered, failed (a retry is due) or gave_up
    status: Mapped[DeliveryStatus] = mapped_column(
        enum_column(DeliveryStatus, "webhook_delivery_status"), default=DeliveryStatus.pending)
    #: attempts made so far
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    #: when the next attempt is due (UTC); also a claim's lease while an attempt runs; NULL: none due
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the HTTP status of the last answer; NULL when there was none (refused, timeout, no connection)
    last_status_code: Mapped[int | None]
    #: why the last attempt failed, in plain words ("" when it did not)
    last_error: Mapped[str] = mapped_column(sa.String(2000), default="", server_default="")
    #: when the event happened and the delivery was queued (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when the endpoint answered 2xx (UTC); NULL until then
    delivered_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    endpoint: Mapped[WebhookEndpoint] = relationship()
