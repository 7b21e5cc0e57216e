"""Deny by default: every endpoint declares who may use it, checked in one place.

A blueprint declares its portal's roles once with ``guard_blueprint``; a view may
override with ``@allow(...)`` or ``@public``. An endpoint that declares nothing is
refused (and the url_map access test fails), so a forgotten guard never means "open".
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from flask import Blueprint, Flask, abort, current_app, request
from flask_login import current_user

from app.extensions import db, login_manager
from app.models import STAFF_ROLES, Role

PUBLIC = "public"
#: any logged-in user, whatever the role
AUTHENTICATED = "authenticated"
#: a bearer token, checked by the blueprint itself (the JSON API: cohorts/api/auth.py); no session
TOKEN = "token"
ACCESS_ATTR = "bridgework_access"

StaffOnly = STAFF_ROLES
AdminOnly = frozenset({Role.admin})
EmployerOnly = frozenset({Role.employer})
ParticipantOnly = frozenset({Role.participant})

F = TypeVar("F", bound=Callable[..., Any])


def allow(*roles: Role | str) -> Callable[[F], F]:
    """Let exactly these roles use the view (overrides its blueprint's rule)."""

    def mark(view: F) -> F:
        setattr(view, ACCESS_ATTR, frozenset(Role(r) for r in roles))
        return view

    return mark


def public(view: F) -> F:
    """Let anyone, logged in or not, use the view."""
    setattr(view, ACCESS_ATTR, PUBLIC)
    return view


def authenticated(view: F) -> F:
    setattr(view, ACCESS_ATTR, AUTHENTICATED)
    return view


def guard_blueprint(bp: Blueprint, roles: Iterable[Role] | str) -> Blueprint:
    """Declare who may use every view of ``bp`` unless a view says otherwise."""
    setattr(bp, ACCESS_ATTR, roles if isinstance(roles, str) else frozenset(roles))
    return bp


def access_rule(app: Flask, endpoint: str) -> frozenset | str | None:
    """The declared rule of an endpoint, or None when it declares nothing."""
    if endpoint == "static" or endpoint.endswith(".static"):
        return PUBLIC
    view = app.view_functions.get(endpoint)
    rule = getattr(view, ACCESS_ATTR, None)
    if rule is not None:
        return rule
    blueprint_name = endpoint.rpartition(".")[0]
    blueprint = app.blueprints.get(blueprint_name)
    return getattr(blueprint, ACCESS_ATTR, None) if blueprint else None


def enforce_access() -> Any:
    """App-wide before_request: the one place access is decided."""
    endpoint = request.endpoint
    if endpoint is None:  # no route matched: let the 404/405 through
        return None
    rule = access_rule(current_app, endpoint)
    if rule is None:
        current_app.logger.error("endpoint %s declares no access rule: denied", endpoint)
        abort(403)
    if rule in (PUBLIC, TOKEN):  # a TOKEN blueprint answers 401 itself, never a login redirect
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if rule == AUTHENTICATED or current_user.role in rule:
        return None
    abort(403)


def get_or_404(model: type, ident: Any, *, visible: Callable[[Any], bool] | None = None) -> Any:
    """Load a record by primary key; 404 when missing *or* not the user's to see."""
    obj = db.session.get(model, ident)
    if obj is None or (visible is not None and not visible(obj)):
        abort(404)
    return obj


def current_employer_id() -> int:
    """The employer the logged-in contact speaks for (employer portal only)."""
    if not current_user.is_authenticated or current_user.employer_id is None:
        abort(403)
    return current_user.employer_id


def current_participant_id() -> int:
    """The participant record of the logged-in participant (participant portal only)."""
    participant = current_user.participant if current_user.is_authenticated else None
    if participant is None:
        abort(403)
    return participant.id
