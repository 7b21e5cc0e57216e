"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals


def register(portals: Portals) -> None:
    """Hang this capability's views on the portals (filled in with the views)."""
