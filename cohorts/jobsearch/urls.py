"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.jobsearch import participant_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    """Hang this capability's views on the portals."""
    participant = portals.participant
    participant.add_url_rule("/job-sources", view_func=participant_views.job_sources, methods=["GET", "POST"])
    participant.add_url_rule("/job-sources/<int:source_id>/remove", view_func=participant_views.remove_job_source,
                             methods=["POST"])
    participant.add_url_rule("/jobs", view_func=participant_views.jobs_for_you)
    participant.add_url_rule("/jobs/<int:posting_id>/save", view_func=participant_views.save_job, methods=["POST"])
    participant.add_url_rule("/job-applications", view_func=participant_views.job_applications)
    participant.add_url_rule("/job-applications/<int:saved_id>", view_func=participant_views.job_application,
                             methods=["GET", "POST"])
    portals.staff.add_url_rule("/participants/<int:participant_id>/job-applications/<int:saved_id>",
                               view_func=staff_views.staff_job_application, methods=["GET", "POST"])
    portals.staff.add_url_rule("/participants/<int:participant_id>/job-applications/<int:saved_id>/placement",
                               view_func=staff_views.record_job_placement, methods=["GET", "POST"])
