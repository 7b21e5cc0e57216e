"""Reminders about booked interviews (run hourly by cohorts/schedules.py)."""

from __future__ import annotations

from datetime import datetime


def send_interview_reminders(now: datetime | None = None) -> int:
    """Remind both sides of tomorrow's booked interviews; how many slots were reminded."""
    return 0
