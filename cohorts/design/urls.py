"""Every URL of design (programmes, cohorts, demand, curriculum): one rule per view."""

from __future__ import annotations

from cohorts.design import curriculum_views, employer_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/design", view_func=curriculum_views.design_cohort, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/design/proposal", view_func=curriculum_views.design_proposal, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/coverage", view_func=curriculum_views.coverage_matrix)
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/consortium", view_func=curriculum_views.edit_commitments, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/modules/new", view_func=curriculum_views.add_module, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/modules/<int:module_id>/edit", view_func=curriculum_views.edit_module, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule(
        "/modules/<int:module_id>/move/<any(up, down):direction>", view_func=curriculum_views.move_module, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/modules/<int:module_id>/delete", view_func=curriculum_views.delete_module, methods=["POST"],
    )
    portals.staff.add_url_rule("/programmes", view_func=staff_views.list_programmes)
    portals.staff.add_url_rule("/programmes/new", view_func=staff_views.create_programme, methods=["GET", "POST"])
    portals.staff.add_url_rule("/programmes/<int:programme_id>", view_func=staff_views.programme_detail)
    portals.staff.add_url_rule(
        "/programmes/<int:programme_id>/edit", view_func=staff_views.edit_programme, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/cohorts", view_func=staff_views.list_cohorts)
    portals.staff.add_url_rule("/cohorts/new", view_func=staff_views.create_cohort, methods=["GET", "POST"])
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/edit", view_func=staff_views.edit_cohort, methods=["GET", "POST"],
    )
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>", view_func=staff_views.cohort_detail)
    portals.staff.add_url_rule(
        "/cohorts/<int:cohort_id>/status", view_func=staff_views.change_cohort_status, methods=["POST"],
    )
    portals.staff.add_url_rule(
        "/hiring-needs/<int:need_id>/covering-cohorts", view_func=staff_views.hiring_need_cohorts,
    )
    portals.employer.add_url_rule("/cohorts", view_func=employer_views.list_cohorts)
