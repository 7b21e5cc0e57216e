"""Notifications: what happened that a person should know, in the portal and by email, as they choose."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.notifications import blueprint, queries

    app.register_blueprint(blueprint.build())
    app.context_processor(queries.unread_context)
