"""The demo's own job sources, public so the site can poll itself (employers/jobs/demo_feeds.py)."""

from __future__ import annotations

from flask import Response, current_app, render_template

from app.access import public
from app.dates import local_today
from employers.jobs import demo_feeds


def _base() -> str:
    return current_app.config.get("SERVER_BASE_URL") or "http://127.0.0.1:5000"


@public
def demo_rss():
    return Response(demo_feeds.rss(_base(), local_today()), mimetype="application/rss+xml")


@public
def demo_page():
    today = local_today()
    return render_template("employers/jobs/demo_page.html", json_ld=demo_feeds.json_ld(_base(), today),
                           jobs=demo_feeds.page_jobs())
