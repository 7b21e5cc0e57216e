"""Dates and times where the programme runs: "today", and instants shown as local time.

Instants are stored in UTC. Each programme has its own IANA zone (``Programme.time_zone``); pages
that belong to no programme use the deployment's ``LOCAL_TIMEZONE``. What a person calls "today"
(due dates, as-of defaults, "ended on") is the date in that zone: use ``local_today(zone)``,
never ``date.today()``.
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from flask import current_app

#: a zone given by name or already resolved; None = the deployment's zone
Zone = ZoneInfo | str | None


@lru_cache(maxsize=512)
def _zone_named(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_zone(zone: Zone = None) -> ZoneInfo:
    """The zone named (or given), else the deployment's (``LOCAL_TIMEZONE``)."""
    if isinstance(zone, ZoneInfo):
        return zone
    return _zone_named(zone or current_app.config["LOCAL_TIMEZONE"])


def is_time_zone(name: str) -> bool:
    """True for an IANA zone name this machine knows (e.g. "America/Toronto")."""
    if not name or name != name.strip():
        return False
    try:
        _zone_named(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return True


@lru_cache(maxsize=1)
def time_zone_names() -> tuple[str, ...]:
    """Every IANA zone name, sorted (the programme form's choices)."""
    return tuple(sorted(name for name in available_timezones() if "/" in name or name == "UTC"))


def local_today(zone: Zone = None) -> date:
    """Today's date in the zone (the programme's, else the deployment's)."""
    return datetime.now(local_zone(zone)).date()


def to_local(value: datetime | None, zone: Zone = None) -> datetime | None:
    """An aware instant in the zone (naive values are taken as already local)."""
    if value is None:
        return None
    return value.astimezone(local_zone(zone)) if value.tzinfo else value


def at_local_time(day: date, moment: time, zone: Zone = None) -> datetime:
    """The instant a wall clock in the zone shows ``moment`` on ``day``.

    In the hour skipped when clocks go forward the time is taken as the offset before the change
    (fold=0), as calendar programs do; DST never moves a weekly series' wall-clock time.
    """
    return datetime.combine(day, moment, tzinfo=local_zone(zone))
