"""Adding, removing and retrying job sources: verb-named changes that flush and audit, never commit."""

from __future__ import annotations

from urllib.parse import urlsplit

import sqlalchemy as sa

from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from app.outbound import FetchRefused, check_url_allowed
from employers.jobs.models import JobPosting, JobSource, JobSourceKind, JobSourceStatus, job_posting_sources
from employers.jobs.queries import may_manage
from employers.services import ServiceError

#: what each kind is called on forms and in messages
KIND_LABELS = {
    JobSourceKind.feed: "RSS or Atom feed",
    JobSourceKind.json_feed: "JSON Feed",
    JobSourceKind.web_page: "Web page with job postings (schema.org JSON-LD)",
}


class JobSourceError(ServiceError):
    """A job-source rule refused the change; ``field`` names the form field ("url", "name", "kind")."""


def _clean_url(url: str) -> str:
    url = (url or "").strip()
    if not url:
        raise JobSourceError("Enter the address of the feed or page.", "url")
    if len(url) > 1000:
        raise JobSourceError("That address is too long (1,000 characters at most).", "url")
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname:
        raise JobSourceError("Enter a full web address starting with http:// or https://.", "url")
    try:
        check_url_allowed(url)
    except FetchRefused as refused:
        raise JobSourceError(f"This address cannot be used: {refused}", "url") from refused
    return url


def _kind(kind: JobSourceKind | str) -> JobSourceKind:
    try:
        return JobSourceKind(kind)
    except ValueError:
        raise JobSourceError("Choose what kind of source this is.", "kind") from None


def add_source(*, name: str, url: str, kind: JobSourceKind | str, owner: User | None,
               added_by: User | None) -> JobSource:
    """A new source, due for its first poll at once; owner None = the programme's (staff), else a person's own."""
    name = " ".join((name or "").split())
    if not name:
        raise JobSourceError("Give the source a name people will recognise.", "name")
    if len(name) > 200:
        raise JobSourceError("Keep the name under 200 characters.", "name")
    kind = _kind(kind)
    url = _clean_url(url)
    owner_match = JobSource.owner_id.is_(None) if owner is None else JobSource.owner_id == owner.id
    if db.session.scalar(sa.select(JobSource.id).where(JobSource.url == url, owner_match).limit(1)):
        whose = "The programme already reads" if owner is None else "You already added"
        raise JobSourceError(f"{whose} this address.", "url")
    source = JobSource(name=name, url=url, kind=kind, owner=owner, added_by=added_by,
                       status=JobSourceStatus.active, next_poll_at=None)
    db.session.add(source)
    db.session.flush()
    record_audit(added_by, "job_source", source.id, "create",
                 {"name": name, "url": url, "kind": kind.value, "owner_id": owner.id if owner else None})
    return source


def remove_source(source: JobSource, actor: User | None) -> None:
    """Stop reading a source; postings no other source carries are expired (kept for anyone who saved them)."""
    if actor is not None and not may_manage(actor, source):
        raise JobSourceError("You may not remove this source.")
    alone = (sa.select(job_posting_sources.c.posting_id)
             .group_by(job_posting_sources.c.posting_id)
             .having(sa.func.count() == 1)
             .where(job_posting_sources.c.posting_id.in_(
                 sa.select(job_posting_sources.c.posting_id).where(job_posting_sources.c.source_id == source.id))))
    db.session.execute(sa.update(JobPosting).where(JobPosting.id.in_(alone), JobPosting.expired_at.is_(None))
                       .values(expired_at=utcnow()).execution_options(synchronize_session=False))
    record_audit(actor, "job_source", source.id, "delete", {"name": source.name, "url": source.url})
    db.session.delete(source)
    db.session.flush()


def retry_source(source: JobSource, actor: User | None) -> JobSource:
    """Un-pause a broken source and make it due now; the last error stays shown until the next poll."""
    if actor is not None and not may_manage(actor, source):
        raise JobSourceError("You may not change this source.")
    changes = {"status": [source.status.value, JobSourceStatus.active.value],
               "failure_count": [source.failure_count, 0]}
    source.status = JobSourceStatus.active
    source.failure_count = 0
    source.next_poll_at = None
    db.session.flush()
    record_audit(actor, "job_source", source.id, "retry", changes)
    return source


def poll_soon(source: JobSource) -> JobSource:
    """Make a source due at once (the "poll now" button queues the poll itself)."""
    source.next_poll_at = None
    db.session.flush()
    return source
