"""One way to make an API blueprint: token auth, problem errors, ETags, no CSRF, a limit per token."""

from __future__ import annotations

from flask_smorest import Blueprint

from app.access import TOKEN, guard_blueprint
from app.extensions import csrf, limiter
from cohorts.api.auth import authenticate_request, rate_limit, token_key
from cohorts.api.paging import add_etag
from cohorts.api.problems import register_problems

PREFIX = "/api/v1"


def api_blueprint(name: str, description: str) -> Blueprint:
    bp = Blueprint(f"api_{name}", __name__, url_prefix=PREFIX, description=description)
    guard_blueprint(bp, TOKEN)  # the blueprint authenticates its bearer tokens itself
    bp.before_request(authenticate_request)
    bp.after_request(add_etag)
    register_problems(bp)
    csrf.exempt(bp)
    limiter.limit(rate_limit, key_func=token_key)(bp)
    return bp
