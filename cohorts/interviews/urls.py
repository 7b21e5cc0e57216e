"""Every URL of interview days (creating days, booking slots, attendance) and their scored feedback: one rule per view.

Staff and employers share the organiser's endpoint names, so the day templates link relatively.
"""

from __future__ import annotations

from cohorts.interviews import employer_views, participant_views, scoring_views, staff_views
from cohorts.portals import Portals

GET_POST = ["GET", "POST"]


def register(portals: Portals) -> None:
    """Hang the interview-day views on the portals."""
    for bp, views in ((portals.staff, staff_views), (portals.employer, employer_views)):
        bp.add_url_rule("/interview-days", view_func=views.interview_days)
        bp.add_url_rule("/interview-days/new", view_func=views.new_interview_day, methods=GET_POST)
        bp.add_url_rule("/interview-days/<int:day_id>", view_func=views.interview_day)
        bp.add_url_rule("/interview-days/<int:day_id>/edit", view_func=views.edit_interview_day, methods=GET_POST)
        bp.add_url_rule("/interview-days/<int:day_id>/cancel", view_func=views.cancel_interview_day, methods=["POST"])
        bp.add_url_rule("/interview-days/<int:day_id>/attendance", view_func=views.record_interview_attendance,
                        methods=["POST"])
        bp.add_url_rule("/interview-days/<int:day_id>/book", view_func=views.assign_interview_slot, methods=["POST"])
        bp.add_url_rule("/interview-days/<int:day_id>/slots/<int:slot_id>/free", view_func=views.free_interview_slot,
                        methods=["POST"])
    portals.participant.add_url_rule("/interviews", view_func=participant_views.interviews)
    portals.participant.add_url_rule("/interviews/<int:day_id>/book", view_func=participant_views.book_interview,
                                     methods=["POST"])
    portals.participant.add_url_rule("/interviews/<int:day_id>/cancel", view_func=participant_views.cancel_interview,
                                     methods=["POST"])
    # the employer's scored feedback after an interview (docs/INTERVIEW_FEEDBACK.md)
    portals.employer.add_url_rule("/interviews/feedback", view_func=scoring_views.awaiting_feedback)
    portals.employer.add_url_rule(
        "/interviews/slots/<int:slot_id>/feedback", view_func=scoring_views.score_interview, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/interviews/slots/<int:slot_id>/feedback", view_func=scoring_views.staff_interview_feedback,
        methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/interview-scores.csv",
                               view_func=scoring_views.cohort_interview_scores)
    portals.staff.add_url_rule("/hiring-needs/<int:need_id>/interview-scores.csv",
                               view_func=scoring_views.need_interview_scores)
    portals.participant.add_url_rule("/interview-feedback", view_func=scoring_views.interview_feedback)
