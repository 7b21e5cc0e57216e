"""The signed link in a check-in email: answers that one check-in without a login, for a limited time.

The token carries only the check-in's id, signed with the app's secret under its own salt (a token
made for another purpose never opens a check-in), and expires after CHECKIN_LINK_MAX_AGE_DAYS.
"""

from __future__ import annotations

from flask import current_app
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer

SALT = "bridgework.inwork.check-in-link"


class LinkExpired(Exception):
    """The link was genuine but is older than CHECKIN_LINK_MAX_AGE_DAYS."""


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=SALT)


def check_in_token(check_in_id: int) -> str:
    return _serializer().dumps(check_in_id)


def check_in_id_from(token: str) -> int | None:
    """The check-in id a link was made for; None for a forged or garbled one; LinkExpired when too old."""
    max_age = current_app.config["CHECKIN_LINK_MAX_AGE_DAYS"] * 24 * 3600
    try:
        value = _serializer().loads(token, max_age=max_age)
    except SignatureExpired as error:
        raise LinkExpired from error
    except BadSignature:
        return None
    return value if isinstance(value, int) and not isinstance(value, bool) else None
