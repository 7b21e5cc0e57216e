"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.opendata import public_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.apply.add_url_rule("/open-data", view_func=public_views.open_data)
    portals.apply.add_url_rule("/open-data/latest.zip", view_func=public_views.latest_zip)
    portals.apply.add_url_rule("/open-data/datapackage.json", view_func=public_views.latest_descriptor)
    portals.staff.add_url_rule("/open-data", view_func=staff_views.open_data_admin)
    portals.staff.add_url_rule("/open-data", view_func=staff_views.publish_open_data, methods=["POST"],
                               endpoint="publish_open_data")
