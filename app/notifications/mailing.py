"""The email copy of a notification: text and HTML parts, and its signed one-click unsubscribe link.

The link names a user and a kind and never expires: a mail program may offer its unsubscribe button
months later (RFC 8058). It is not the auth tokens' timed, single-use kind (app/auth/tokens.py):
it can only turn one kind of email off, and anyone holding it already reads that mailbox.
"""

from __future__ import annotations

from typing import Any

from flask import current_app
from itsdangerous import BadSignature, URLSafeSerializer

from app.extensions import db
from app.mail import send_mail
from app.models import OutboxMessage, User
from app.notifications.kinds import KINDS, Kind
from app.templating import absolute_url

UNSUBSCRIBE_SALT = "bridgework.notifications.unsubscribe"


def _serializer() -> URLSafeSerializer:
    return URLSafeSerializer(current_app.config["SECRET_KEY"], salt=UNSUBSCRIBE_SALT)


def unsubscribe_token(user: User, kind: Kind) -> str:
    return _serializer().dumps({"u": user.id, "k": kind.value})


def read_unsubscribe_token(token: str) -> tuple[User, Kind] | None:
    """The user and kind a link was made for; None when forged, garbled or the user is gone."""
    try:
        payload = _serializer().loads(token)
    except BadSignature:
        return None
    kinds = {kind.value for kind in Kind}
    if not isinstance(payload, dict) or not isinstance(payload.get("u"), int) or payload.get("k") not in kinds:
        return None
    user = db.session.get(User, payload["u"])
    return (user, Kind(payload["k"])) if user is not None else None


def mail_notice(
    *, email: str, name: str, user: User | None, kind: Kind, title: str, body: str, link: str,
    dedupe_key: str | None,
) -> OutboxMessage | None:
    """Queue the email: the same words in text and HTML, with the unsubscribe link when there is a
    login to remember the choice (a participant without one gets the mail without the header)."""
    context: dict[str, Any] = {
        "name": name, "title": title, "body": body, "label": KINDS[kind].label,
        "link": current_app.config["SERVER_BASE_URL"].rstrip("/") + link if link else "",
        "settings": absolute_url("notifications.settings") if user is not None else "",
        "unsubscribe": absolute_url("notifications.unsubscribe", token=unsubscribe_token(user, kind))
        if user is not None else "",
    }
    env = current_app.jinja_env
    return send_mail(
        email, title, env.get_template("notifications/email.txt").render(context), kind=kind.value,
        dedupe_key=dedupe_key, html=env.get_template("notifications/email.html").render(context),
        list_unsubscribe=context["unsubscribe"] or None,
    )
