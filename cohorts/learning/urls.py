"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.learning import participant_views, staff_views
from cohorts.portals import Portals

GET_POST = ["GET", "POST"]


def register(portals: Portals) -> None:
    """Hang the learning library's views on the portals."""
    staff = portals.staff
    staff.add_url_rule("/learning", "learning_library", staff_views.library)
    staff.add_url_rule("/learning/export", "learning_export", staff_views.export_library)
    staff.add_url_rule("/learning/new", "learning_new", staff_views.new_resource, methods=GET_POST)
    staff.add_url_rule("/learning/<int:resource_id>/edit", "learning_edit", staff_views.edit_resource,
                       methods=GET_POST)
    staff.add_url_rule("/learning/<int:resource_id>/<any(approve,reject,retire,keep):action>",
                       "learning_review_action", staff_views.review_resource, methods=["POST"])
    staff.add_url_rule("/learning/review", "learning_review", staff_views.review_queue)
    staff.add_url_rule("/learning/import", "learning_import", staff_views.import_library, methods=GET_POST)

    participant = portals.participant
    participant.add_url_rule("/learning", view_func=participant_views.learning)
    participant.add_url_rule("/learning/<int:resource_id>/start", view_func=participant_views.start_resource,
                             methods=["POST"])
    participant.add_url_rule("/learning/<int:resource_id>/done", view_func=participant_views.finish_resource,
                             methods=["POST"])
    participant.add_url_rule("/learning/<int:resource_id>/rate", view_func=participant_views.rate_resource,
                             methods=GET_POST)
    # anyone may suggest a resource for staff to approve; mentors who log in to the employer portal too
    # (the view reads only the logged-in user, so one function serves both portals)
    for bp in (portals.participant, portals.employer):
        bp.add_url_rule("/learning/suggest", view_func=participant_views.suggest_resource, methods=GET_POST)
