"""Every URL of mentoring: one rule per view.

The mentor's pages hang on the participant (alumni), employer (volunteers) and staff portals with the
same endpoint names, so their templates link relatively; each answers 404 to a login without a profile.
"""

from __future__ import annotations

from cohorts.mentoring import mentor_pages, participant_views, staff_views
from cohorts.portals import Portals

GET_POST = ["GET", "POST"]
POST = ["POST"]


def register(portals: Portals) -> None:
    """Hang the mentoring views on the portals."""
    for bp in (portals.participant, portals.employer, portals.staff):
        bp.add_url_rule("/mentor", view_func=mentor_pages.mentor_home)
        bp.add_url_rule("/mentor/profile", view_func=mentor_pages.mentor_profile, methods=GET_POST)
        bp.add_url_rule("/mentor/requests/<int:pairing_id>/accept", view_func=mentor_pages.accept_mentee, methods=POST)
        bp.add_url_rule("/mentor/requests/<int:pairing_id>/decline", view_func=mentor_pages.decline_mentee,
                        methods=POST)
        bp.add_url_rule("/mentor/pairings/<int:pairing_id>", view_func=mentor_pages.mentor_pairing)
        bp.add_url_rule("/mentor/pairings/<int:pairing_id>/conversations",
                        view_func=mentor_pages.mentor_book_conversation, methods=POST)
        bp.add_url_rule("/mentor/pairings/<int:pairing_id>/end", view_func=mentor_pages.mentor_end_pairing,
                        methods=POST)
        bp.add_url_rule("/mentor/conversations/<int:conversation_id>/after",
                        view_func=mentor_pages.mentor_after_conversation, methods=POST)
        bp.add_url_rule("/mentor/conversations/<int:conversation_id>/cancel",
                        view_func=mentor_pages.mentor_cancel_conversation, methods=POST)
    mentee = portals.participant
    mentee.add_url_rule("/mentoring", view_func=participant_views.mentoring)
    mentee.add_url_rule("/mentoring/directory", view_func=participant_views.mentor_directory)
    mentee.add_url_rule("/mentoring/mentors/<int:mentor_id>/ask", view_func=participant_views.ask_mentor, methods=POST)
    mentee.add_url_rule("/mentoring/pairings/<int:pairing_id>", view_func=participant_views.mentee_pairing)
    mentee.add_url_rule("/mentoring/pairings/<int:pairing_id>/conversations",
                        view_func=participant_views.mentee_book_conversation, methods=POST)
    mentee.add_url_rule("/mentoring/pairings/<int:pairing_id>/end", view_func=participant_views.mentee_end_pairing,
                        methods=POST)
    mentee.add_url_rule("/mentoring/conversations/<int:conversation_id>/after",
                        view_func=participant_views.mentee_after_conversation, methods=POST)
    mentee.add_url_rule("/mentoring/conversations/<int:conversation_id>/cancel",
                        view_func=participant_views.mentee_cancel_conversation, methods=POST)
    portals.staff.add_url_rule("/mentoring", view_func=staff_views.mentoring_admin)
    portals.staff.add_url_rule("/mentoring/pairs", view_func=staff_views.mentoring_pairs)
    portals.staff.add_url_rule("/mentoring/invite", view_func=staff_views.invite_mentor, methods=GET_POST)
    portals.staff.add_url_rule("/mentoring/pair", view_func=staff_views.pair_mentor, methods=GET_POST)
