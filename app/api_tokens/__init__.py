"""Personal access tokens for the JSON API: made on a settings page, shown once, stored hashed."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.api_tokens import blueprint

    app.register_blueprint(blueprint.build())
