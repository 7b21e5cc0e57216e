"""Every URL of this capability: one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals
from cohorts.talent import employer_views, participant_views, staff_views

POST = ["POST"]


def register(portals: Portals) -> None:
    """Hang the talent-profile views on the portals (docs/TALENT_PROFILES.md)."""
    participant = portals.participant
    participant.add_url_rule("/talent", view_func=participant_views.talent_profile)
    participant.add_url_rule("/talent/opt-in", view_func=participant_views.talent_opt_in, methods=POST)
    participant.add_url_rule("/talent/opt-out", view_func=participant_views.talent_opt_out, methods=POST)
    participant.add_url_rule("/talent/reach-outs/<int:reach_out_id>/accept",
                             view_func=participant_views.accept_reach_out, methods=POST)
    participant.add_url_rule("/talent/reach-outs/<int:reach_out_id>/decline",
                             view_func=participant_views.decline_reach_out, methods=POST)
    employer = portals.employer
    employer.add_url_rule("/talent", view_func=employer_views.talent_search)
    employer.add_url_rule("/talent/profiles/<handle>", view_func=employer_views.talent_card)
    employer.add_url_rule("/talent/profiles/<handle>/reach-out", view_func=employer_views.send_reach_out,
                          methods=POST)
    employer.add_url_rule("/talent/reach-outs", view_func=employer_views.talent_reach_outs)
    employer.add_url_rule("/talent/reach-outs/<int:reach_out_id>", view_func=employer_views.talent_reach_out)
    employer.add_url_rule("/talent/reach-outs/<int:reach_out_id>/withdraw",
                          view_func=employer_views.withdraw_reach_out, methods=POST)
    portals.staff.add_url_rule("/talent/reach-outs", view_func=staff_views.talent_oversight)
