"""The employer portal: a hiring partner's contacts see their own employer only."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.access import EmployerOnly, current_employer_id, guard_blueprint
from employers import queries

bp = guard_blueprint(Blueprint("employers_portal", __name__, url_prefix="/employer"), EmployerOnly)


@bp.route("/")
def home():
    summary = queries.employer_home_summary(current_employer_id())
    return render_template("employers/portal/home.html", **summary)
