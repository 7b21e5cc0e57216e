"""Every URL of scored interview feedback: one rule per view."""

from __future__ import annotations

from cohorts.interviews import scoring_views  # noqa: F401 (filled in with the views)
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    """Hang the scored-feedback views on the portals (filled in with the views)."""
