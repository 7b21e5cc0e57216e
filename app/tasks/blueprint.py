"""Every URL of the job pages: any logged-in user sees their own jobs; admins see all and retry."""

from __future__ import annotations

from flask import Blueprint

from app.access import AUTHENTICATED, allow, guard_blueprint
from app.models import Role
from app.tasks import views


def build() -> Blueprint:
    """A fresh blueprint per app (tests build several apps)."""
    bp = guard_blueprint(Blueprint("jobs", __name__, url_prefix="/jobs"), AUTHENTICATED)
    bp.add_url_rule("/", view_func=views.list_jobs)
    bp.add_url_rule("/<int:job_id>", view_func=views.show_job)
    bp.add_url_rule("/<int:job_id>.json", view_func=views.job_status)
    bp.add_url_rule("/<int:job_id>/download", view_func=views.download_output)
    bp.add_url_rule("/<int:job_id>/retry", view_func=allow(Role.admin)(views.retry_job), methods=["POST"])
    return bp
