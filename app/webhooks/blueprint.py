"""Every URL of the webhook admin pages (admins only)."""

from __future__ import annotations

from flask import Blueprint

from app.access import AdminOnly, guard_blueprint
from app.webhooks import views


def build() -> Blueprint:
    bp = guard_blueprint(Blueprint("webhooks", __name__, url_prefix="/admin/webhooks"), AdminOnly)
    bp.add_url_rule("/", view_func=views.list_endpoints)
    bp.add_url_rule("/new", view_func=views.new_endpoint, methods=["GET", "POST"])
    bp.add_url_rule("/<int:endpoint_id>", view_func=views.endpoint_detail)
    bp.add_url_rule("/<int:endpoint_id>/rotate", view_func=views.rotate_secret, methods=["POST"])
    bp.add_url_rule("/<int:endpoint_id>/toggle", view_func=views.toggle, methods=["POST"])
    bp.add_url_rule("/<int:endpoint_id>/delete", view_func=views.delete, methods=["POST"])
    bp.add_url_rule("/<int:endpoint_id>/deliveries/<int:delivery_id>", view_func=views.delivery_detail)
    bp.add_url_rule("/<int:endpoint_id>/deliveries/<int:delivery_id>/redeliver", view_func=views.redeliver,
                    methods=["POST"])
    return bp
