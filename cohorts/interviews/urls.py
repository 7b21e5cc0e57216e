"""Every URL of interview days (creating days, booking slots, attendance): one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals


def register(portals: Portals) -> None:
    """Hang the interview-day views on the portals (filled in with the views)."""
