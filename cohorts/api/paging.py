"""Cursor pagination (an opaque cursor of the last id, a ``next`` link), ETags and If-Match."""

from __future__ import annotations

import base64
import hashlib
from typing import Any

import marshmallow as ma
from flask import abort, current_app, jsonify, request, url_for
from sqlalchemy import Select

from app.extensions import db


class PageArgs(ma.Schema):
    cursor = ma.fields.String(load_default=None, metadata={"description": "the `next` cursor of the previous page"})
    limit = ma.fields.Integer(load_default=25, validate=ma.validate.Range(1, 100))


def encode_cursor(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"id:{last_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> int:
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
        kind, _, value = text.partition(":")
        if kind != "id" or not value.isdigit() or len(value) > 18:
            raise ValueError(cursor)
        return int(value)
    except (ValueError, UnicodeDecodeError):
        abort(400, description="The cursor is not one this API gave out.")


def page_of(select: Select, model: Any, args: dict, **url_args: Any) -> dict:
    """One page of ``select`` in id order after the cursor: ``{"items": [...], "next": url or None}``."""
    limit = min(args.get("limit") or 25, current_app.config.get("API_MAX_PAGE_SIZE", 100))
    if args.get("cursor"):
        select = select.where(model.id > decode_cursor(args["cursor"]))
    rows = db.session.scalars(select.order_by(model.id).limit(limit + 1)).unique().all()
    more = len(rows) > limit
    rows = rows[:limit]
    next_url = None
    if more:
        query = {k: v for k, v in request.args.items() if k not in ("cursor", "limit")}
        next_url = url_for(request.endpoint, **(request.view_args or {}), **query, **url_args,
                           limit=limit, cursor=encode_cursor(rows[-1].id))
    return {"items": rows, "next": next_url}


def etag_of(data: bytes) -> str:
    return '"' + hashlib.sha256(data).hexdigest()[:32] + '"'


def representation_etag(schema: ma.Schema, obj: Any) -> str:
    """The ETag a GET of ``obj`` carries (the same bytes flask-smorest writes)."""
    return etag_of(jsonify(schema.dump(obj)).get_data())


def check_if_match(schema: ma.Schema, obj: Any, body_version: int | None = None) -> None:
    """Optimistic locking: If-Match (the ETag of a GET) or the body's ``version`` must be current."""
    wanted = request.headers.get("If-Match")
    if wanted and wanted.strip() != "*" and representation_etag(schema, obj) not in [
        tag.strip() for tag in wanted.split(",")
    ]:
        abort(412, description="The record changed since you read it (If-Match does not match).")
    if body_version is not None and body_version != getattr(obj, "version", body_version):
        abort(412, description="The record changed since you read it (version does not match).")


def add_etag(response):
    """Blueprint after_request: a GET's 200 carries a strong ETag; If-None-Match answers 304."""
    if request.method != "GET" or response.status_code != 200 or response.direct_passthrough:
        return response
    body = response.get_data()
    tag = etag_of(body)
    response.headers["ETag"] = tag
    if tag in [t.strip() for t in request.headers.get("If-None-Match", "").split(",")]:
        response.status_code = 304
        response.set_data(b"")
        response.headers.pop("Content-Type", None)
        response.headers.pop("Content-Length", None)
    return response
