"""Every URL of the notifications pages, in one place: any logged-in user reads their own."""

from __future__ import annotations

from flask import Blueprint

from app.access import AUTHENTICATED, guard_blueprint, public
from app.extensions import csrf
from app.notifications import views


def build() -> Blueprint:
    """A fresh blueprint per app (tests build several apps)."""
    bp = guard_blueprint(Blueprint("notifications", __name__, url_prefix="/notifications"), AUTHENTICATED)
    bp.add_url_rule("/", view_func=views.list_notifications)
    bp.add_url_rule("/<int:notification_id>/open", view_func=views.open_notification, methods=["POST"])
    bp.add_url_rule("/read-all", view_func=views.mark_all_read, methods=["POST"])
    bp.add_url_rule("/settings", view_func=views.settings, methods=["GET", "POST"])
    # a public link from the email; mail programs' one-click POST carries no CSRF token (RFC 8058)
    bp.add_url_rule("/unsubscribe/<token>", view_func=csrf.exempt(public(views.unsubscribe)),
                    methods=["GET", "POST"])
    return bp
