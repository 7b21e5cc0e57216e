"""Every URL of cohorts/inwork: one rule per view."""

from __future__ import annotations

from cohorts.inwork import participant_views, public_views, staff_views
from cohorts.portals import Portals

GET_POST = ["GET", "POST"]


def register(portals: Portals) -> None:
    """Hang the in-work views: the signed link (public), the participant's check-ins, the staff's triage."""
    portals.reminders.add_url_rule("/check-in/<token>", view_func=public_views.check_in_by_link, methods=GET_POST)
    mine = portals.participant
    mine.add_url_rule("/job-check-ins", view_func=participant_views.job_check_ins)
    mine.add_url_rule("/job-check-ins/<int:check_in_id>", view_func=participant_views.answer_job_check_in,
                      methods=GET_POST)
    staff = portals.staff
    staff.add_url_rule("/risk-flags", view_func=staff_views.risk_flags)
    staff.add_url_rule("/risk-flags/<int:flag_id>", view_func=staff_views.risk_flag, methods=GET_POST)
    staff.add_url_rule("/check-ins/export", view_func=staff_views.export_check_ins)
    staff.add_url_rule("/placements/<int:placement_id>/check-ins", view_func=staff_views.placement_check_ins)
    staff.add_url_rule("/placements/<int:placement_id>/check-ins/call", view_func=staff_views.record_call_check_in,
                       methods=GET_POST)
    staff.add_url_rule("/participants/<int:participant_id>/check-ins", view_func=staff_views.participant_check_ins)
