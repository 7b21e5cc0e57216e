"""Every URL of reports (PDF downloads): one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals
from cohorts.reports import portal_views, staff_views


def register(portals: Portals) -> None:
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/outcomes/report.pdf", view_func=staff_views.cohort_report_pdf,
    )
    portals.staff.add_url_rule("/outcomes/report", view_func=staff_views.programme_report_job, methods=["POST"])
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/record.pdf", view_func=staff_views.participant_record_pdf,
    )
    portals.employer.add_url_rule("/outcomes/<code>/report.pdf", view_func=portal_views.cohort_report_pdf)
    portals.participant.add_url_rule("/my-record.pdf", view_func=portal_views.my_record_pdf)
