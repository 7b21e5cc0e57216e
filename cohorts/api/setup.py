"""Wire the JSON API on the app: the token settings page, flask-smorest's Api and every resource."""

from __future__ import annotations

import http

from flask import Blueprint, Flask, render_template, request
from flask_smorest import Api
from flask_smorest.utils import prepare_response

from app.access import PUBLIC, guard_blueprint
from cohorts.api.blueprints import PREFIX
from cohorts.api.problems import PROBLEM_TYPE, ProblemSchema, handle_http_exception


class BridgeworkApi(Api):
    """flask-smorest's Api, with problem+json errors registered on the API blueprints only."""

    ERROR_SCHEMA = ProblemSchema

    def _register_error_handlers(self):
        """Not app-wide: the HTML pages keep their own error pages (see cohorts/api/problems.py)."""

    def _register_responses(self):
        """Every error response is documented as application/problem+json."""
        for status in http.HTTPStatus:
            response = {"description": status.phrase}
            if not (100 <= status < 200) and status not in (204, 304):
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)


def _configure(app: Flask) -> None:
    app.config.setdefault("API_TITLE", "Bridgework API")
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.1.0")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    app.config.setdefault("API_SPEC_OPTIONS", {
        "components": {"securitySchemes": {"bearerAuth": {"type": "http", "scheme": "bearer"}}},
        "security": [{"bearerAuth": []}],
        "info": {"description": "Bridgework's JSON API. Authenticate with a personal access token "
                                "(Authorization: Bearer bw_…); see docs/API.md."},
    })


def _docs_blueprint(api: Api) -> Blueprint:
    bp = guard_blueprint(Blueprint("api_docs_page", __name__, url_prefix="/api/v1"), PUBLIC)

    def docs():
        spec = api.spec.to_dict()
        return render_template("api/docs.html", spec=spec)

    bp.add_url_rule("/docs", view_func=docs)
    return bp


def _problems_for_unrouted(app: Flask) -> None:
    """404/405 raised while routing belong to no blueprint: under /api/ answer them as problems too."""
    for code in (404, 405):
        handlers = app.error_handler_spec[None][code]
        for exc_class, original in list(handlers.items()):

            def handler(error, original=original):
                if request.path.startswith(PREFIX + "/") and request.blueprint is None:
                    return handle_http_exception(error)
                return original(error)

            handlers[exc_class] = handler


def init_app(app: Flask) -> None:
    from app import api_tokens
    from cohorts.api import demand, hires, people, programmes

    api_tokens.init_app(app)
    _configure(app)
    api = BridgeworkApi()
    api.init_app(app)
    guard_blueprint(app.blueprints["api-docs"], PUBLIC)  # the OpenAPI document itself is public
    for module in (demand, programmes, people, hires):
        api.register_blueprint(module.blp)
    app.register_blueprint(_docs_blueprint(api))
    _problems_for_unrouted(app)
    app.extensions["bridgework-api"] = api
