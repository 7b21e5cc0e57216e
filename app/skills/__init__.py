"""The skills vocabulary (ESCO): lookup, search and import (the CLI, or an admin's upload run as a job)."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask) -> None:
    from app.skills import admin_views, jobs

    jobs.register(app)
    app.register_blueprint(admin_views.build())
