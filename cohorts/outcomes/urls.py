"""Every URL of outcomes (the staff home, dashboards, the employer outcomes page): one rule per view."""

from __future__ import annotations

from cohorts.outcomes import employer_views, staff_views
from cohorts.portals import Portals


def register(portals: Portals) -> None:
    portals.staff.add_url_rule("/", view_func=staff_views.home)
    portals.staff.add_url_rule("/outcomes", view_func=staff_views.programme_dashboard)
    portals.staff.add_url_rule("/cohorts/<int:cohort_id>/outcomes", view_func=staff_views.cohort_dashboard)
    portals.staff.add_url_rule("/outcomes/people/<measure>", view_func=staff_views.outcome_people_page)
    portals.employer.add_url_rule("/outcomes", view_func=employer_views.outcomes)
