"""The demo's job sources: two programme-wide sources served by the development site itself, already read.

The RSS feed and the JSON-LD page live at /demo-feeds/ (employers/jobs/demo_feeds.py); one sample job is
in both, so the demo shows a single posting with two sources. The postings are stored as the poller
would store them (with the competencies found in their words), so the pages show jobs before any
worker has run; a worker polling the sources later finds the same jobs and only refreshes them.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask import current_app

from app.db import utcnow
from app.extensions import db
from employers.jobs import demo_feeds
from employers.jobs.competencies import SkillMatcher
from employers.jobs.models import JobPosting, JobPostingSkill, JobSource, JobSourceKind
from employers.jobs.normalise import fingerprint, plain_text


def build(demo: Any) -> None:
    base = (current_app.config.get("SERVER_BASE_URL") or "http://127.0.0.1:5000").rstrip("/")
    now = utcnow()
    staff = demo.coach
    feed = JobSource(name="Demo jobs feed (RSS)", url=base + demo_feeds.RSS_PATH, kind=JobSourceKind.feed,
                     added_by=staff, last_polled_at=now, last_success_at=now,
                     next_poll_at=now + timedelta(hours=6))
    page = JobSource(name="Demo careers page (JSON-LD)", url=base + demo_feeds.PAGE_PATH,
                     kind=JobSourceKind.web_page, added_by=staff, last_polled_at=now, last_success_at=now,
                     next_poll_at=now + timedelta(hours=6))
    db.session.add_all([feed, page])
    matcher = SkillMatcher.load()
    for index, (title, employer, location, body, (low, high), posted, closes) in enumerate(demo_feeds.SAMPLE_JOBS):
        url = f"{base}/demo-feeds/jobs.html#job-{index + 1}"
        description = plain_text(body)
        sources = [s for s, carried in ((feed, demo_feeds.FEED_ONLY), (page, demo_feeds.PAGE_ONLY))
                   if index in carried]
        posting = JobPosting(
            fingerprint=fingerprint(title, employer, location, url), title=title, employer_name=employer,
            location=location, salary_min=low if page in sources else None,
            salary_max=high if page in sources else None, currency="CAD" if page in sources else "",
            posted_on=demo.today - timedelta(days=posted), closes_on=demo.today + timedelta(days=closes),
            url=url, description=description, first_seen_at=now, last_seen_at=now, sources=sources)
        posting.skills = [JobPostingSkill(skill_id=f.skill_id, matched_text=f.matched_text)
                          for f in matcher.find(f"{title}\n{description}")]
        db.session.add(posting)
    db.session.flush()
