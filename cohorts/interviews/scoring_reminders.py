"""Reminders to employers who have not scored an interview 3 days after it (run hourly by cohorts/schedules.py)."""

from __future__ import annotations

from datetime import datetime


def send_feedback_reminders(now: datetime | None = None) -> int:
    """Remind employers of attended interviews still without feedback after 3 days; how many were reminded."""
    return 0
