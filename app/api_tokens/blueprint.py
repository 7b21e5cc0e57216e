"""Every URL of the token settings page: any logged-in user manages their own tokens."""

from __future__ import annotations

from flask import Blueprint

from app.access import AUTHENTICATED, guard_blueprint
from app.api_tokens import views


def build() -> Blueprint:
    bp = guard_blueprint(Blueprint("api_tokens", __name__, url_prefix="/settings/api-tokens"), AUTHENTICATED)
    bp.add_url_rule("/", view_func=views.token_settings, methods=["GET", "POST"])
    bp.add_url_rule("/<int:token_id>/revoke", view_func=views.revoke, methods=["POST"])
    return bp
