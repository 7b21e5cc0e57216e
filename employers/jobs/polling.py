"""Polling job sources on the task queue: fetch politely, read, deduplicate, expire (docs/JOB_SOURCES.md).

``poll_due_sources`` runs every 15 minutes (registered by employers.init_app). Each active source whose
``next_poll_at`` has come is fetched through app.outbound (SSRF rules, robots.txt, size cap, conditional
GET); a host fetched less than OUTBOUND_HOST_INTERVAL ago is skipped and stays due for the next run.
Every source is its own transaction, so one slow or broken source never undoes another's postings.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import selectinload

from app.db import utcnow
from app.extensions import db
from app.outbound import FetchError, fetch, seconds_until_polite
from employers.jobs.competencies import SkillMatcher
from employers.jobs.models import JobPosting, JobPostingSkill, JobSource, JobSourceStatus, job_posting_sources
from employers.jobs.normalise import NormalisedPosting
from employers.jobs.parsing import ParseError, read_postings

#: failures in a row after which a source is paused (shown as broken until someone presses Retry)
MAX_FAILURES = 5
#: a posting no source has carried for this long is taken to be gone
GONE_AFTER = timedelta(days=30)
#: sources polled in one run at most (the rest wait for the next run)
SOURCES_PER_RUN = 50
POLL_ALL_TASK = "jobs.poll_due_sources"
POLL_ONE_TASK = "jobs.poll_source"
FIELDS = ("title", "employer_name", "location", "salary_min", "salary_max", "currency", "posted_on", "closes_on",
          "url", "description")


@dataclass
class PollResult:
    source_id: int
    ok: bool
    not_modified: bool = False
    #: postings read from the answer, of which new (never seen before anywhere)
    found: int = 0
    new: int = 0
    error: str = ""
    posting_ids: list[int] = field(default_factory=list)


def _today(now: datetime):
    return now.date()  # closing days are compared in UTC: a posting closes the day it says, give or take hours


def record_failure(source: JobSource, message: str, now: datetime) -> None:
    """One more failure in a row, in words; paused after MAX_FAILURES."""
    source.failure_count += 1
    source.last_error = message[:2000]
    source.last_polled_at = now
    source.next_poll_at = now + timedelta(minutes=source.poll_minutes)
    if source.failure_count >= MAX_FAILURES:
        source.status = JobSourceStatus.paused
    db.session.flush()


def _record_success(source: JobSource, headers: dict[str, str], now: datetime) -> None:
    source.failure_count = 0
    source.last_error = ""
    source.last_polled_at = source.last_success_at = now
    source.next_poll_at = now + timedelta(minutes=source.poll_minutes)
    source.etag = (headers.get("etag") or "")[:300]
    source.last_modified = (headers.get("last-modified") or "")[:100]
    db.session.flush()


def _set_skills(posting: JobPosting, matcher: SkillMatcher) -> None:
    found = {f.skill_id: f for f in matcher.find(f"{posting.title}\n{posting.description}")}
    posting.skills = [s for s in posting.skills if s.skill_id in found]
    kept = {s.skill_id for s in posting.skills}
    posting.skills.extend(JobPostingSkill(skill_id=f.skill_id, matched_text=f.matched_text)
                          for skill_id, f in found.items() if skill_id not in kept)


def store_postings(source: JobSource, items: list[NormalisedPosting], now: datetime,
                   matcher: SkillMatcher) -> tuple[list[JobPosting], int]:
    """Upsert by fingerprint: one JobPosting per job whichever sources carry it; (postings, how many new)."""
    by_key: dict[str, NormalisedPosting] = {}
    for item in items:
        by_key.setdefault(item.fingerprint, item)
    existing = {p.fingerprint: p for p in db.session.scalars(
        sa.select(JobPosting).options(selectinload(JobPosting.sources), selectinload(JobPosting.skills))
        .where(JobPosting.fingerprint.in_(list(by_key))))} if by_key else {}
    postings, new = [], 0
    for key, item in by_key.items():
        posting = existing.get(key)
        if posting is None:
            posting = JobPosting(fingerprint=key, first_seen_at=now, skills=[], sources=[])
            db.session.add(posting)
            new += 1
        words_before = (posting.title, posting.description)
        for name in FIELDS:
            setattr(posting, name, getattr(item, name))
        posting.last_seen_at = now
        closed = posting.closes_on is not None and posting.closes_on < _today(now)
        posting.expired_at = (posting.expired_at or now) if closed else None
        if source not in posting.sources:
            posting.sources.append(source)
        if (posting.title, posting.description) != words_before:
            _set_skills(posting, matcher)
        postings.append(posting)
    db.session.flush()
    return postings, new


def _touch_carried(source: JobSource, now: datetime) -> None:
    """A 304 means the source still carries what it did: its postings were seen now."""
    carried = sa.select(job_posting_sources.c.posting_id).where(job_posting_sources.c.source_id == source.id)
    db.session.execute(sa.update(JobPosting).where(JobPosting.id.in_(carried), JobPosting.expired_at.is_(None))
                       .values(last_seen_at=now).execution_options(synchronize_session=False))


def poll_source(source: JobSource, now: datetime | None = None, *, matcher: SkillMatcher | None = None) -> PollResult:
    """Fetch and read one source now; a failure is recorded on the source (in words), never raised."""
    now = now or utcnow()
    try:
        answer = fetch(source.url, etag=source.etag, last_modified=source.last_modified)
        if answer.not_modified:
            _touch_carried(source, now)
            _record_success(source, {"etag": source.etag, "last-modified": source.last_modified} | answer.headers,
                            now)
            return PollResult(source.id, ok=True, not_modified=True)
        items = read_postings(source.kind, answer.content, answer.url)
    except (FetchError, ParseError) as error:
        message = str(error)
        message = message[0].upper() + message[1:] if message else type(error).__name__
        record_failure(source, message, now)
        return PollResult(source.id, ok=False, error=message)
    postings, new = store_postings(source, items, now, matcher or SkillMatcher.load())
    _record_success(source, answer.headers, now)
    return PollResult(source.id, ok=True, found=len(items), new=new, posting_ids=[p.id for p in postings])


def expire_postings(now: datetime | None = None) -> int:
    """Hide postings past their closing day or carried by no source for GONE_AFTER; how many."""
    now = now or utcnow()
    result = db.session.execute(
        sa.update(JobPosting)
        .where(JobPosting.expired_at.is_(None),
               sa.or_(JobPosting.closes_on < _today(now), JobPosting.last_seen_at < now - GONE_AFTER))
        .values(expired_at=now).execution_options(synchronize_session=False))
    return result.rowcount or 0


def due_sources(now: datetime) -> list[JobSource]:
    return list(db.session.scalars(
        sa.select(JobSource)
        .where(JobSource.status == JobSourceStatus.active,
               sa.or_(JobSource.next_poll_at.is_(None), JobSource.next_poll_at <= now))
        .order_by(JobSource.next_poll_at.is_not(None), JobSource.next_poll_at, JobSource.id)
        .limit(SOURCES_PER_RUN)))


def poll_due_sources(now: datetime | None = None) -> int:
    """Poll every due source whose host is not resting; expire old postings; how many sources were polled."""
    now = now or utcnow()
    matcher = SkillMatcher.load()  # the vocabulary once per run
    polled = 0
    for source_id in [s.id for s in due_sources(now)]:
        source = db.session.get(JobSource, source_id)
        if source is None or seconds_until_polite(source.url) > 0:
            continue  # fetched from this host moments ago: still due, taken next run
        try:
            with db.session.begin_nested():  # undone alone if it raises
                poll_source(source, now, matcher=matcher)
        except Exception:
            current_app.logger.exception("polling job source %s failed", source_id)
            record_failure(source, "Something went wrong reading this source; the error has been logged.", now)
        polled += 1
        db.session.commit()  # each source its own transaction (see the module docstring)
    expire_postings(now)
    return polled


def poll_source_by_id(source_id: int) -> PollResult | None:
    """The "poll now" task: one source by id (skipped when it was removed meanwhile)."""
    source = db.session.get(JobSource, source_id)
    return poll_source(source) if source is not None else None


def register(queue) -> None:
    """Hang the polling on the app's queue: every 15 minutes, and one source on demand."""
    from huey import crontab

    queue.periodic_task(POLL_ALL_TASK, crontab(minute="*/15"))(poll_due_sources)
    queue.task(POLL_ONE_TASK)(poll_source_by_id)
