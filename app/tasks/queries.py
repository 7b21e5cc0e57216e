"""Reads for the job pages: a person's own jobs, or every job for an admin."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import Role, User
from app.tasks.models import Job

PER_PAGE = 25


def can_see(user: User, job: Job) -> bool:
    return user.role == Role.admin or job.started_by_id == user.id


def jobs_page(user: User, page: int):
    """Newest first; the starter comes in the same query (Job.started_by is joined)."""
    query = sa.select(Job).order_by(Job.created_at.desc(), Job.id.desc())
    if user.role != Role.admin:
        query = query.where(Job.started_by_id == user.id)
    return db.paginate(query, page=page, per_page=PER_PAGE, error_out=False)
