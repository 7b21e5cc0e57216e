"""Read-side queries for employer pages: eager-load what the templates show."""

from __future__ import annotations

from sqlalchemy import func, select

from app.extensions import db
from employers.models import DiscoveryInterview, Employer, HiringNeed, HiringNeedStatus


def employer_home_summary(employer_id: int) -> dict:
    """What a hiring partner's home shows: the employer, its needs by status, its interviews."""
    employer = db.session.get(Employer, employer_id)
    counts = dict(
        db.session.execute(
            select(HiringNeed.status, func.count())
            .where(HiringNeed.employer_id == employer_id)
            .group_by(HiringNeed.status)
        ).all()
    )
    interviews = db.session.scalar(
        select(func.count()).select_from(DiscoveryInterview).where(
            DiscoveryInterview.employer_id == employer_id
        )
    )
    return {
        "employer": employer,
        "need_counts": {status: counts.get(status, 0) for status in HiringNeedStatus},
        "interview_count": interviews or 0,
    }


def employer_choices() -> list[tuple[int, str]]:
    """(id, name) of every employer, for the admin's invitation and role forms."""
    rows = db.session.execute(select(Employer.id, Employer.name).order_by(Employer.name))
    return [(employer_id, name) for employer_id, name in rows]
