"""Webhooks: admins register endpoints; services emit events; signed POSTs leave after commit.

Services call ``emit("placement.created", record_of(placement, "ref", ...))`` inside their
transaction (docs/WEBHOOKS.md lists the events and payloads).
"""

from __future__ import annotations

from flask import Flask

from app.webhooks.events import WEBHOOK_FIELDS, emit, record_of

__all__ = ["WEBHOOK_FIELDS", "emit", "init_app", "record_of"]


def init_app(app: Flask, queue) -> None:
    from app.webhooks import blueprint, delivery

    delivery.init_app(app, queue)
    app.register_blueprint(blueprint.build())
