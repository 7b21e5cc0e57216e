"""Dates and times in the programme's zone: "today", and instants shown as local time.

Instants are stored in UTC; what a person calls "today" (due dates, as-of defaults, "ended on")
is the date where the programme runs, not the server's: use ``local_today()``, never
``date.today()``.
"""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

from flask import current_app


def local_zone() -> ZoneInfo:
    """The deployment's zone (``LOCAL_TIMEZONE``)."""
    return ZoneInfo(current_app.config["LOCAL_TIMEZONE"])


def local_today() -> date:
    """Today's date in the deployment's zone."""
    return datetime.now(local_zone()).date()


def to_local(value: datetime | None) -> datetime | None:
    """An aware instant in the deployment's zone (naive values are taken as already local)."""
    if value is None:
        return None
    return value.astimezone(local_zone()) if value.tzinfo else value
