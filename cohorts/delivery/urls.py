"""Every URL of delivery (sessions, registers, assessments, calendar feeds, reminders): one rule per view."""

from __future__ import annotations

from cohorts.delivery import employer_views, participant_views, public_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule(
        "/sessions/<int:session_id>/attendance", view_func=staff_views.session_attendance, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/assessments", view_func=staff_views.cohort_assessments, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/calendar", view_func=staff_views.cohort_calendar)
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/sessions/new", view_func=staff_views.schedule_session, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/sessions/<int:session_id>/edit", view_func=staff_views.edit_session, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/sessions/<int:session_id>/cancel", view_func=staff_views.cancel_session, methods=["POST"],
    )
    portals.employer.add_url_rule("/sessions", view_func=employer_views.list_sessions)
    portals.participant.add_url_rule("/schedule", view_func=participant_views.schedule)
    portals.participant.add_url_rule("/attendance", view_func=participant_views.attendance)
    portals.participant.add_url_rule("/skills", view_func=participant_views.skills)
    portals.calendars.add_url_rule("/cohort/<token>.ics", view_func=public_views.cohort_feed)
    portals.calendars.add_url_rule("/employer/<token>.ics", view_func=public_views.employer_feed)
    portals.calendars.add_url_rule("/participant/<token>.ics", view_func=public_views.participant_feed)
    portals.calendars.add_url_rule("/mentor/<token>.ics", view_func=public_views.mentor_feed)
    portals.reminders.add_url_rule("/stop/<token>", view_func=public_views.opt_out, methods=["GET", "POST"])
