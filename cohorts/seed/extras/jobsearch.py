"""The demo's job search: Amara's saved jobs, and an application that has stalled for someone else.

Runs after extras/jobs.py (which stores the demo sources' postings) and looks its postings up; if there
are none it adds two of its own. The stalled application belongs to another participant of the
demo coach, so the coach's caseload shows the "job application not moving" alert.
"""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime, time, timedelta
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from cohorts.models import ApplicationStage, SavedPosting
from employers.jobs.models import JobPosting


def _at(day, hour: int = 15) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _postings(demo: Any) -> list[JobPosting]:
    found = list(db.session.scalars(sa.select(JobPosting).where(JobPosting.expired_at.is_(None))
                                    .order_by(JobPosting.id).limit(3)))
    if found:
        return found
    made = [
        JobPosting(fingerprint=hashlib.sha256(f"demo-jobsearch-{title}".encode()).hexdigest(), title=title,
                   employer_name=employer, location="Toronto, ON", url=f"https://jobs.example/{slug}",
                   posted_on=demo.today - timedelta(days=days), description=text)
        for title, employer, slug, days, text in (
            ("Account Executive", "Lakeshore Software", "ae", 6, "Negotiation and product demonstration daily."),
            ("Sales Development Representative", "Northwind Logistics", "sdr", 9, "Prospecting and CRM hygiene."),
        )
    ]
    db.session.add_all(made)
    db.session.flush()
    return made


def build(demo: Any) -> None:
    postings = _postings(demo)
    amara = demo.participants[0]
    first, second = postings[0], postings[-1]
    demo.add_all([
        SavedPosting(participant_id=amara.id, posting_id=first.id, stage=ApplicationStage.saved,
                     stage_changed_at=_at(demo.today - timedelta(days=1)),
                     notes="Looks like a fit: ask my coach about the CRM part."),
        *([SavedPosting(participant_id=amara.id, posting_id=second.id, stage=ApplicationStage.applied,
                        applied_on=demo.today - timedelta(days=3), stage_changed_at=_at(demo.today - timedelta(days=3)),
                        notes="Applied online with my CV.")] if second is not first else []),
    ])
    coached = [p for p in demo.participants[1:] if p.coach_id == demo.coach.id and p.anonymised_at is None]
    if coached:
        quiet = coached[0]
        demo.add(SavedPosting(participant_id=quiet.id, posting_id=first.id, stage=ApplicationStage.applied,
                              applied_on=demo.today - timedelta(days=25), stage_changed_at=_at(demo.today - timedelta(days=21)),
                              notes="No reply yet."))
    db.session.flush()
