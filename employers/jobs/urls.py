"""Every URL of job sources: the staff pages (on the demand side's staff blueprint) and the demo's public feeds."""

from __future__ import annotations

from flask import Blueprint

from app.access import PUBLIC, guard_blueprint
from employers.blueprints import Blueprints
from employers.jobs import public_views, staff_views


def register(blueprints: Blueprints) -> None:
    staff = blueprints.staff
    staff.add_url_rule("/job-sources", "list_job_sources", view_func=staff_views.list_sources)
    staff.add_url_rule("/job-sources/new", "add_job_source", view_func=staff_views.add_source, methods=["POST"])
    staff.add_url_rule("/job-sources/<int:source_id>/retry", "retry_job_source",
                       view_func=staff_views.retry_source, methods=["POST"])
    staff.add_url_rule("/job-sources/<int:source_id>/remove", "remove_job_source",
                       view_func=staff_views.remove_source, methods=["POST"])
    staff.add_url_rule("/job-sources/<int:source_id>/poll", "poll_job_source",
                       view_func=staff_views.poll_source_now, methods=["POST"])
    staff.add_url_rule("/job-postings", "list_job_postings", view_func=staff_views.list_postings)


def demo_feeds_blueprint() -> Blueprint:
    """The demo's two sources, served by the site itself (public: the poller fetches them unauthenticated)."""
    demo = guard_blueprint(Blueprint("job_demo_feeds", __name__, url_prefix="/demo-feeds"), PUBLIC)
    demo.add_url_rule("/jobs.rss", view_func=public_views.demo_rss)
    demo.add_url_rule("/jobs.html", view_func=public_views.demo_page)
    return demo
