"""Reading job sources and postings: what a person may see, eager-loaded and paginated for the lists."""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import STAFF_ROLES, User
from employers.jobs.models import JobPosting, JobPostingSkill, JobSource, job_posting_sources


def live_postings_select() -> sa.Select:
    """Postings not expired (closed or gone): every live list starts here."""
    return sa.select(JobPosting).where(JobPosting.expired_at.is_(None))


def visible_sources(user: User | None) -> sa.Select:
    """Sources a person reads postings from: the programme's (no owner) and their own."""
    query = sa.select(JobSource)
    if user is None:
        return query.where(JobSource.owner_id.is_(None))
    return query.where(sa.or_(JobSource.owner_id.is_(None), JobSource.owner_id == user.id))


def may_manage(user: User | None, source: JobSource) -> bool:
    """Staff manage the programme's sources; a participant's own sources are theirs alone to change."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    if source.owner_id is None:
        return user.role in STAFF_ROLES
    return source.owner_id == user.id


def may_see(user: User | None, source: JobSource) -> bool:
    """Staff see every source (they support the participant who added one); others only their own."""
    if user is None or not getattr(user, "is_authenticated", False):
        return False
    return user.role in STAFF_ROLES or source.owner_id is None or source.owner_id == user.id


def postings_count_by_source(source_ids: list[int]) -> dict[int, int]:
    """{source id: live postings it carries}, in one query."""
    if not source_ids:
        return {}
    rows = db.session.execute(
        sa.select(job_posting_sources.c.source_id, sa.func.count())
        .join(JobPosting, JobPosting.id == job_posting_sources.c.posting_id)
        .where(job_posting_sources.c.source_id.in_(source_ids), JobPosting.expired_at.is_(None))
        .group_by(job_posting_sources.c.source_id))
    return {source_id: count for source_id, count in rows}


def sources_page(page: int = 1, per_page: int = 25, *, programme_only: bool = False):
    """The staff list of sources (the programme's first, then participants'), with owners loaded."""
    query = (sa.select(JobSource).options(joinedload(JobSource.owner), joinedload(JobSource.added_by))
             .order_by(JobSource.owner_id.is_not(None), sa.func.lower(JobSource.name), JobSource.id))
    if programme_only:
        query = query.where(JobSource.owner_id.is_(None))
    return db.paginate(query, page=page, per_page=per_page, error_out=False)


def postings_page(search: str = "", page: int = 1, per_page: int = 25):
    """Live postings, newest first, optionally searched by title or employer; sources and competencies loaded."""
    query = live_postings_select().options(
        selectinload(JobPosting.sources).load_only(JobSource.id, JobSource.name, JobSource.owner_id),
        selectinload(JobPosting.skills).joinedload(JobPostingSkill.skill),
    )
    words = " ".join((search or "").split())
    if words:
        pattern = f"%{words.lower()}%"
        query = query.where(sa.or_(sa.func.lower(JobPosting.title).like(pattern),
                                   sa.func.lower(JobPosting.employer_name).like(pattern)))
    query = query.order_by(JobPosting.posted_on.desc().nulls_last(), JobPosting.first_seen_at.desc(), JobPosting.id)
    return db.paginate(query, page=page, per_page=per_page, error_out=False)
