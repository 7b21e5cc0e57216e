"""Every URL of placement (matching, candidacies, placements, retention checks): one rule per view."""

from __future__ import annotations

from cohorts.placements import employer_views, history_views, participant_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule("/hiring-needs/<int:need_id>/matching", view_func=staff_views.match_need)
    portals.staff.add_url_rule(
        "/hiring-needs/<int:need_id>/shortlist/<int:participant_id>", view_func=staff_views.shortlist_candidate, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/candidacies/<int:candidacy_id>/introduce", view_func=staff_views.introduce_candidate, methods=["POST"],
    )
    portals.staff.add_url_rule("/hiring-needs/<int:need_id>/candidates", view_func=staff_views.need_board)
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/candidates", view_func=staff_views.cohort_board)
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/matches", view_func=staff_views.participant_matches,
    )
    portals.staff.add_url_rule(
        "/candidacies/<int:candidacy_id>/hire", view_func=staff_views.hire_candidate, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/employers/<int:employer_id>/candidates", view_func=staff_views.employer_candidates)
    portals.staff.add_url_rule("/employers/<int:employer_id>/placements", view_func=staff_views.employer_placements)
    portals.staff.add_url_rule("/placements", view_func=staff_views.list_placements)
    portals.staff.add_url_rule("/placements/<int:placement_id>", view_func=staff_views.placement_detail)
    portals.staff.add_url_rule(
        "/placements/<int:placement_id>/correct", view_func=staff_views.correct_placement_view, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/placements/<int:placement_id>/void", view_func=staff_views.void_placement_view, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/placements/<int:placement_id>/end", view_func=history_views.end_placement_view, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/later-jobs/new", view_func=history_views.add_later_job,
        methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/later-jobs/<int:job_id>/edit", view_func=history_views.edit_later_job, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/later-jobs/<int:job_id>/delete", view_func=history_views.delete_later_job_view, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/retention-checks/<int:check_id>", view_func=staff_views.record_retention, methods=["POST"],
    )
    portals.staff.add_url_rule("/retention-checks", view_func=staff_views.retention_due)
    portals.employer.add_url_rule("/candidates", view_func=employer_views.list_candidates)
    portals.employer.add_url_rule("/candidates/<int:candidacy_id>", view_func=employer_views.candidate_detail)
    portals.employer.add_url_rule("/candidates/<int:candidacy_id>/cv", view_func=employer_views.candidate_cv)
    portals.employer.add_url_rule(
        "/candidates/<int:candidacy_id>/stage", view_func=employer_views.move_candidate, methods=["POST"],
    )
    portals.employer.add_url_rule(
        "/candidates/<int:candidacy_id>/hire", view_func=employer_views.hire_candidate, methods=["POST"],
    )
    portals.participant.add_url_rule("/applications", view_func=participant_views.applications)
    portals.participant.add_url_rule("/check-ins", view_func=participant_views.retention)
    portals.participant.add_url_rule(
        "/check-ins/<int:check_id>/still-in-work", view_func=participant_views.confirm_still_in_work, methods=["POST"],
    )
