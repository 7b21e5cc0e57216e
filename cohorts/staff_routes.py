"""Staff pages for the supply side: home, cohorts, participants, placements, outcomes.

One blueprint for the staff portal's cohort pages; routes for each feature live in the
``cohorts/staff_*.py`` modules that import ``bp`` from here, so no module grows too long.
"""

from __future__ import annotations

from flask import Blueprint, render_template

from app.access import StaffOnly, guard_blueprint
from cohorts import queries

bp = guard_blueprint(Blueprint("cohorts_staff", __name__, url_prefix="/staff"), StaffOnly)


@bp.route("/")
def home():
    return render_template("cohorts/staff/home.html", **queries.staff_home_summary())
