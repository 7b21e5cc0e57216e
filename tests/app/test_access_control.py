"""Deny by default, proven from app.url_map: every route of every feature, each role, each denial.

The tests read the routes from the app itself, so an endpoint added tomorrow is covered
without touching this file: it must declare who may use it, send anonymous users to the
login page, and answer 403/404 to every role it does not admit.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from urllib.parse import urlsplit

import pytest
from werkzeug.exceptions import HTTPException
from werkzeug.routing import (
    AnyConverter,
    FloatConverter,
    IntegerConverter,
    PathConverter,
    RequestRedirect,
    UUIDConverter,
)

from app.access import AUTHENTICATED, PUBLIC, TOKEN, access_rule
from app.models import Role

#: a dummy id that no test row reaches, so object-level checks answer 404 rather than act
DUMMY_ID = 999999
#: methods tried in this order: a route is exercised by the first one it accepts
METHOD_ORDER = ("GET", "POST", "PUT", "PATCH", "DELETE")


@dataclass(frozen=True)
class Route:
    endpoint: str
    method: str
    url: str

    def __str__(self) -> str:
        return f"{self.method} {self.url} ({self.endpoint})"


def _dummy_value(converter):
    if isinstance(converter, IntegerConverter):
        return DUMMY_ID
    if isinstance(converter, FloatConverter):
        return float(DUMMY_ID)
    if isinstance(converter, UUIDConverter):
        return uuid.UUID(int=DUMMY_ID)
    if isinstance(converter, AnyConverter):
        return sorted(converter.items)[0]
    if isinstance(converter, PathConverter):
        return "x/x"
    return "x"


def _routes(app) -> tuple[list[Route], list[str]]:
    """One request per URL rule, with dummy URL arguments; and the rules no dummy URL can reach."""
    adapter = app.url_map.bind("localhost")
    routes, unbuildable = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static" or rule.endpoint.endswith(".static"):
            continue
        method = next((m for m in METHOD_ORDER if m in rule.methods), None)
        if method is None:
            continue
        values = {name: _dummy_value(conv) for name, conv in rule._converters.items()}
        built = rule.build(values, append_unknown=False)
        url = built[1] if built else None
        if url is not None:
            try:
                endpoint, _ = adapter.match(url, method=method)
            except RequestRedirect as redirect:  # strict-slash rules: follow to the real rule
                url = urlsplit(redirect.new_url).path
                endpoint, _ = adapter.match(url, method=method)
            except HTTPException:
                endpoint = None
            if endpoint != rule.endpoint:
                url = None
        if url is None:
            unbuildable.append(f"{rule.rule} ({rule.endpoint})")
        else:
            routes.append(Route(rule.endpoint, method, url))
    return routes, unbuildable


def _admits(rule, role: Role) -> bool:
    return rule in (PUBLIC, AUTHENTICATED) or role in rule


def _request(client, route: Route):
    return client.open(route.url, method=route.method)


def test_every_endpoint_declares_who_may_use_it(app):
    undeclared = sorted(e for e in app.view_functions if access_rule(app, e) is None)
    assert not undeclared, (
        "endpoints without an access rule (guard the blueprint with guard_blueprint(), "
        "or mark the view @allow(...), @authenticated or @public):\n  " + "\n  ".join(undeclared)
    )


def test_every_route_can_be_exercised_with_dummy_arguments(app):
    routes, unbuildable = _routes(app)
    assert routes, "the url_map has no routes to check"
    assert not unbuildable, (
        "no dummy URL matches these rules, so the access tests cannot reach them "
        "(teach _dummy_value() their converter):\n  " + "\n  ".join(unbuildable)
    )


def test_anonymous_users_are_sent_to_login(app, client):
    with app.test_request_context():
        from flask import url_for

        login_path = url_for("auth.login")
    routes, _ = _routes(app)
    guarded = [r for r in routes if access_rule(app, r.endpoint) not in (PUBLIC, TOKEN, None)]
    assert guarded, "no guarded route found: the access test would prove nothing"
    wrong = []
    for route in guarded:
        response = _request(client, route)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or urlsplit(location).path != login_path:
            wrong.append(f"{route}: {response.status_code} {location or '(no Location)'}")
    assert not wrong, f"anonymous requests not redirected to {login_path}:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_is_refused_what_its_rule_excludes(app, client, login, role):
    routes, _ = _routes(app)
    refused = [r for r in routes if (rule := access_rule(app, r.endpoint)) and rule != TOKEN
               and not _admits(rule, role)]
    user = login(role)
    wrong = []
    for route in refused:
        login(user)  # again each time: a route may have ended the session
        response = _request(client, route)
        if response.status_code not in (403, 404):
            wrong.append(f"{route}: {response.status_code}")
    assert not wrong, f"{role} reaches routes its rule excludes (want 403/404):\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_each_role_is_admitted_where_its_rule_includes_it(app, client, login, role):
    routes, _ = _routes(app)
    admitted = [r for r in routes if (rule := access_rule(app, r.endpoint)) and _admits(rule, role)]
    assert admitted, f"no route admits {role}: its portal is missing"
    user = login(role)
    wrong = []
    for route in admitted:
        login(user)
        try:
            response = _request(client, route)
        except Exception as error:  # a crash on a dummy id is a missing 404, not an access answer
            wrong.append(f"{route}: raised {type(error).__name__}: {error}")
            continue
        if response.status_code == 403 or response.status_code >= 500:
            wrong.append(f"{route}: {response.status_code}")
    assert not wrong, f"{role} is refused or crashes where its rule admits it:\n  " + "\n  ".join(wrong)


@pytest.mark.parametrize("role", list(Role), ids=str)
def test_token_routes_refuse_a_session_without_a_bearer_token(app, client, login, role):
    """TOKEN routes (the JSON API) ignore the login cookie: 401 problem+json, never a redirect or data."""
    routes, _ = _routes(app)
    token_routes = [r for r in routes if access_rule(app, r.endpoint) == TOKEN]
    assert token_routes, "no TOKEN route found: the API is missing"
    user = login(role)
    wrong = []
    for route in token_routes:
        login(user)
        response = _request(client, route)
        if response.status_code != 401 or response.mimetype != "application/problem+json":
            wrong.append(f"{route}: {response.status_code} {response.mimetype}")
    assert not wrong, f"{role} reaches token routes with a session only:\n  " + "\n  ".join(wrong)
