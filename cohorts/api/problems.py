"""Errors as RFC 9457 problem details (application/problem+json), on the API blueprints only."""

from __future__ import annotations

import marshmallow as ma
from flask import Blueprint, jsonify
from werkzeug.exceptions import HTTPException, default_exceptions
from werkzeug.http import HTTP_STATUS_CODES

PROBLEM_TYPE = "application/problem+json"
#: the codes the API blueprints answer as problems (blueprint handlers must be per code: the app's
#: HTML handlers are registered per code and would win over a blueprint's HTTPException handler)
CODES = (400, 401, 403, 404, 405, 409, 412, 413, 415, 422, 428, 429, 500)


class ProblemSchema(ma.Schema):
    """RFC 9457 problem details; ``errors`` maps a field (or location) to its messages."""

    type = ma.fields.String(metadata={"description": "a URI naming the kind of problem"})
    title = ma.fields.String(metadata={"description": "the HTTP status phrase"})
    status = ma.fields.Integer(metadata={"description": "the HTTP status code"})
    detail = ma.fields.String(metadata={"description": "what went wrong, for a person"})
    errors = ma.fields.Dict(metadata={"description": "field → messages"})


def problem(status: int, detail: str = "", errors: dict | None = None, headers: dict | None = None):
    exc = default_exceptions.get(status)
    body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error"), "status": status,
            "detail": detail or (exc.description if exc is not None and isinstance(exc.description, str) else "")}
    if errors:
        body["errors"] = errors
    response = jsonify(body)
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    for name, value in (headers or {}).items():
        response.headers[name] = value
    return response


def handle_http_exception(error: HTTPException):
    data = getattr(error, "data", None) or {}
    errors = data.get("errors") or data.get("messages")
    detail = data.get("message") or (error.description if isinstance(error.description, str) else "")
    if errors and not detail:
        detail = "The request has invalid fields."
    headers = dict(data.get("headers") or {})
    if error.code == 429 and hasattr(error, "retry_after"):
        headers["Retry-After"] = str(error.retry_after)
    if error.code == 405 and (allow := getattr(error, "valid_methods", None)):
        headers["Allow"] = ", ".join(allow)
    return problem(error.code or 500, detail, errors, headers)


def handle_conflict(error: Exception):
    """A write that raced with another (the version check at flush): 409, nothing kept."""
    from app.extensions import db

    db.session.rollback()
    return problem(409, "Someone else changed this record at the same moment; read it again and retry.")


def register_problems(bp: Blueprint) -> None:
    from sqlalchemy.orm.exc import StaleDataError

    for code in CODES:
        bp.register_error_handler(code, handle_http_exception)
    bp.register_error_handler(StaleDataError, handle_conflict)


def refuse(error: Exception, status: int = 422):
    """A refused business rule as a problem with its field errors; nothing it flushed is kept."""
    from flask_smorest import abort

    from app.extensions import db

    db.session.rollback()
    problems = getattr(error, "problems", None) or [(getattr(error, "field", None), str(error))]
    errors = {(field or "_schema"): [message] for field, message in problems}
    abort(status, message=str(getattr(error, "message", error)), errors=errors)
