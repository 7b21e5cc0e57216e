"""Every URL of privacy (erasure, subject access): one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals
from cohorts.privacy import participant_views, staff_views


def register(portals: Portals) -> None:
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/erase", view_func=staff_views.erase_participant_page, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/data.json", view_func=staff_views.export_participant_data,
    )
    portals.participant.add_url_rule("/my-data", view_func=participant_views.my_data)
    portals.participant.add_url_rule("/my-data/download", view_func=participant_views.download_my_data)
