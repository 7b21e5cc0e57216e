"""Every URL of participants (intake, enrolments, caseload, application, portal home): one rule per view."""

from __future__ import annotations

from cohorts.participants import enrolment_views, participant_views, public_views, staff_views
from cohorts.participants.caseload import views as caseload_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule("/caseload", view_func=caseload_views.caseload)
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/enrolments", view_func=enrolment_views.list_enrolments)
    portals.staff.add_url_rule(
        "/enrolments/<int:enrolment_id>/<any(accept, enrol, decline):action>", view_func=enrolment_views.screen_enrolment, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/enrolments/<int:enrolment_id>/withdraw", view_func=enrolment_views.withdraw_enrolment, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/enrolments/<int:enrolment_id>/exclude", view_func=enrolment_views.exclude_enrolment, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/participants", view_func=staff_views.list_participants)
    portals.staff.add_url_rule("/participants/new", view_func=staff_views.new_participant, methods=["GET", "POST"])
    portals.staff.add_url_rule("/participants/<int:participant_id>", view_func=staff_views.participant_detail)
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/intake", view_func=staff_views.edit_intake, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/notes", view_func=staff_views.add_note, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/participants/<int:participant_id>/consent/<any(give, withdraw):action>", view_func=staff_views.record_consent, methods=["POST"],
    )
    portals.participant.add_url_rule("/", view_func=participant_views.home)
    portals.participant.add_url_rule("/sharing", view_func=participant_views.consent)
    portals.participant.add_url_rule(
        "/sharing/<any(give, withdraw):action>", view_func=participant_views.change_consent, methods=["POST"],
    )
    portals.apply.add_url_rule("/", view_func=public_views.open_cohorts)
    portals.apply.add_url_rule("/<code>", view_func=public_views.apply, methods=["GET", "POST"])
    portals.apply.add_url_rule("/<code>/thanks", view_func=public_views.thanks)
    portals.apply.add_url_rule(
        "/<code>/confirm/<token>", view_func=public_views.confirm_application, methods=["GET", "POST"],
    )
