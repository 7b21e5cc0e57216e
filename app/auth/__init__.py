"""Accounts: login, logout, invitations, password reset, and the admin's user pages."""

from __future__ import annotations

from flask import Flask, current_app, has_request_context, request

from app.access import access_rule
from app.extensions import db, login_manager
from app.models import Role, User
from app.notifications.queries import user_with_unread_count


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    """Session ids carry the security stamp: a new password, role or deactivation ends old sessions."""
    ident, _, stamp = user_id.partition(":")
    if not ident.isdigit():
        return None
    if has_request_context() and request.method in ("GET", "HEAD"):  # a page: its layout shows the unread count
        employer, participant = _portal_records(request.endpoint)
        user = user_with_unread_count(int(ident), employer=employer, participant=participant)
    else:
        user = db.session.get(User, int(ident))
    if user is None or not user.active or str(user.security_stamp) != stamp:
        return None
    return user


def _portal_records(endpoint: str | None) -> tuple[bool, bool]:
    """(the employer record, the participant record): which of them the endpoint's portal reads, so the
    user is loaded with it. A staff page reads neither (three in five requests: two joins of ~45 columns
    fewer to build); a page any role may see reads both, as before."""
    rule = access_rule(current_app, endpoint) if endpoint else None
    if not isinstance(rule, frozenset):
        return True, True
    return Role.employer in rule, Role.participant in rule


def init_app(app: Flask) -> None:
    from app.auth import routes

    app.register_blueprint(routes.bp)
    try:
        from app.auth import admin_routes
    except ImportError:  # admin pages are optional until that module exists
        return
    app.register_blueprint(admin_routes.bp)
