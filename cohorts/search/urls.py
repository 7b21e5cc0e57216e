"""Every URL of the staff search: one rule."""

from __future__ import annotations

from cohorts.portals import Portals
from cohorts.search import staff_views


def register(portals: Portals) -> None:
    portals.staff.add_url_rule("/search", view_func=staff_views.search_page)
