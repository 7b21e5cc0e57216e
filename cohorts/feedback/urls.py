"""Every URL of session feedback: one rule per view."""

from __future__ import annotations

from cohorts.feedback import participant_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/session-ratings", view_func=staff_views.cohort_ratings)
    portals.participant.add_url_rule("/feedback", view_func=participant_views.list_feedback)
    portals.participant.add_url_rule(
        "/sessions/<int:session_id>/rate", view_func=participant_views.rate_session, methods=["GET", "POST"],
    )
