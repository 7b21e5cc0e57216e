"""Every URL of the employer CRM: one rule per view, hung on the demand side's staff blueprint."""

from __future__ import annotations

from employers.blueprints import Blueprints
from employers.crm import views


def register(blueprints: Blueprints) -> None:
    staff = blueprints.staff
    staff.add_url_rule("/employers/<int:employer_id>/activities", view_func=views.log_activity,
                       methods=["GET", "POST"])
    staff.add_url_rule("/employers/<int:employer_id>/follow-ups", view_func=views.plan_follow_up,
                       methods=["GET", "POST"])
    staff.add_url_rule("/employers/<int:employer_id>/timeline", view_func=views.employer_timeline)
    staff.add_url_rule("/employers/<int:employer_id>/owner", view_func=views.set_owner, methods=["GET", "POST"])
    staff.add_url_rule("/follow-ups", view_func=views.my_follow_ups)
    staff.add_url_rule("/follow-ups/<int:follow_up_id>/done", view_func=views.complete_follow_up, methods=["POST"])
    staff.add_url_rule("/activities", view_func=views.list_activities)
    staff.add_url_rule("/contacts/<int:contact_id>/edit", view_func=views.edit_contact, methods=["GET", "POST"])
    staff.add_url_rule("/contacts/<int:contact_id>/archive", view_func=views.archive_contact, methods=["POST"])
    staff.add_url_rule("/contacts/<int:contact_id>/unarchive", view_func=views.unarchive_contact, methods=["POST"])
