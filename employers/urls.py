"""Every URL of the demand side (employers, discovery, hiring needs, the employer portal): one rule per view."""

from __future__ import annotations

from employers import need_views, portal_views, staff_views
from employers.blueprints import Blueprints
from employers.crm import urls as crm_urls
from employers.jobs import urls as jobs_urls


def register(blueprints: Blueprints) -> None:
    blueprints.staff.add_url_rule("/hiring-needs", view_func=need_views.list_hiring_needs)
    blueprints.staff.add_url_rule(
        "/employers/<int:employer_id>/hiring-needs/new", view_func=need_views.create_hiring_need, methods=["GET", "POST"],
    )
    blueprints.staff.add_url_rule("/hiring-needs/<int:need_id>", view_func=need_views.hiring_need_detail)
    blueprints.staff.add_url_rule(
        "/hiring-needs/<int:need_id>/edit", view_func=need_views.edit_hiring_need, methods=["GET", "POST"],
    )
    blueprints.staff.add_url_rule(
        "/hiring-needs/<int:need_id>/status", view_func=need_views.change_need_status, methods=["POST"],
    )
    blueprints.staff.add_url_rule(
        "/hiring-needs/<int:need_id>/competencies", view_func=need_views.edit_competencies, methods=["GET", "POST"],
    )
    blueprints.staff.add_url_rule(
        "/hiring-needs/<int:need_id>/esco-skills", view_func=need_views.add_esco_skills, methods=["POST"],
    )
    blueprints.staff.add_url_rule("/demand", view_func=need_views.demand_board)
    blueprints.staff.add_url_rule("/demand/<any(roles, competencies):table>", view_func=need_views.demand_table)
    blueprints.staff.add_url_rule("/demand/insights", view_func=need_views.demand_insights)
    blueprints.staff.add_url_rule("/employers", view_func=staff_views.list_employers)
    blueprints.staff.add_url_rule("/employers/new", view_func=staff_views.create_employer, methods=["GET", "POST"])
    blueprints.staff.add_url_rule("/employers/<int:employer_id>", view_func=staff_views.employer_detail)
    blueprints.staff.add_url_rule(
        "/employers/<int:employer_id>/edit", view_func=staff_views.edit_employer, methods=["GET", "POST"],
    )
    blueprints.staff.add_url_rule(
        "/employers/<int:employer_id>/status", view_func=staff_views.change_employer_status, methods=["POST"],
    )
    blueprints.staff.add_url_rule(
        "/employers/<int:employer_id>/contacts/new", view_func=staff_views.new_contact, methods=["GET", "POST"],
    )
    blueprints.staff.add_url_rule(
        "/employers/<int:employer_id>/interviews", view_func=staff_views.start_interview, methods=["POST"],
    )
    blueprints.staff.add_url_rule("/interviews/<int:interview_id>", view_func=staff_views.interview_detail)
    blueprints.staff.add_url_rule(
        "/interviews/<int:interview_id>/edit", view_func=staff_views.edit_interview, methods=["GET", "POST"],
    )
    blueprints.staff.add_url_rule(
        "/interviews/<int:interview_id>/answers/<key>/hiring-need", view_func=staff_views.need_from_answer, methods=["POST"],
    )
    blueprints.staff.add_url_rule("/skills/search", view_func=staff_views.skill_search)
    crm_urls.register(blueprints)  # activities, follow-ups, owners, contact editing (employers/crm/urls.py)
    jobs_urls.register(blueprints)  # job sources and the postings read from them (employers/jobs/urls.py)
    blueprints.portal.add_url_rule("/", view_func=portal_views.home)
    blueprints.portal.add_url_rule("/profile", view_func=portal_views.profile, methods=["GET", "POST"])
    blueprints.portal.add_url_rule(
        "/profile/contacts/new", view_func=portal_views.new_contact, methods=["GET", "POST"],
    )
    blueprints.portal.add_url_rule("/questionnaire", view_func=portal_views.questionnaire, methods=["GET", "POST"])
    blueprints.portal.add_url_rule("/interviews/<int:interview_id>", view_func=portal_views.interview_detail)
    blueprints.portal.add_url_rule("/hiring-needs", view_func=portal_views.list_hiring_needs)
    blueprints.portal.add_url_rule(
        "/hiring-needs/new", view_func=portal_views.create_hiring_need, methods=["GET", "POST"],
    )
    blueprints.portal.add_url_rule("/hiring-needs/<int:need_id>", view_func=portal_views.hiring_need_detail)
    blueprints.portal.add_url_rule(
        "/hiring-needs/<int:need_id>/edit", view_func=portal_views.edit_hiring_need, methods=["GET", "POST"],
    )
    blueprints.portal.add_url_rule(
        "/hiring-needs/<int:need_id>/competencies", view_func=portal_views.edit_competencies, methods=["GET", "POST"],
    )
    blueprints.portal.add_url_rule(
        "/hiring-needs/<int:need_id>/submit", view_func=portal_views.submit_hiring_need, methods=["POST"],
    )
    blueprints.portal.add_url_rule("/skills/search", view_func=portal_views.skill_search)
