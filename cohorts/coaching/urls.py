"""Every URL of cohorts/coaching: one rule per view."""

from __future__ import annotations

from cohorts.coaching import participant_views, staff_views
from cohorts.portals import Portals

GET_POST = ["GET", "POST"]


def register(portals: Portals) -> None:
    staff = portals.staff
    staff.add_url_rule("/participants/<int:participant_id>/coach", view_func=staff_views.coach_suggestions,
                       methods=GET_POST)
    staff.add_url_rule("/coaching", view_func=staff_views.coaching_admin)
    staff.add_url_rule("/coaching/train", view_func=staff_views.train_now, methods=["POST"])
    staff.add_url_rule("/coaching/coaches", view_func=staff_views.coach_profiles)
    staff.add_url_rule("/coaching/coaches/<int:user_id>", view_func=staff_views.edit_coach_profile, methods=GET_POST)
    portals.participant.add_url_rule("/equality", view_func=participant_views.equality, methods=GET_POST)
