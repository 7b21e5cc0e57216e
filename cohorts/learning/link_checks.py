"""The weekly dead-link check of the learning library (run by cohorts/schedules.py; the queue's task commits).

Every approved resource not checked in the last six days is fetched through app/outbound.py (SSRF rules,
timeouts, a size cap, robots.txt). A failure (4xx/5xx, no connection, a timeout) flags the link broken
from the first failure on (``link_broken_since``), for staff to see in the review queue; the resource is
only flagged, never retired by the check. A success clears the flag. A fetch refused on purpose (robots.txt,
a forbidden address) says nothing about the link and leaves its state as it was.
"""

from __future__ import annotations

import logging
import time
from datetime import datetime, timedelta

from sqlalchemy import or_, select

from app import outbound
from app.db import utcnow
from app.extensions import db
from cohorts.models import LearningResource, ResourceStatus

log = logging.getLogger(__name__)

#: a link checked more recently than this is not checked again (the schedule is weekly)
RECHECK_AFTER = timedelta(days=6)
#: the most of a page read: enough to know the site answered (a bigger page is a working page too)
PEEK_BYTES = 64 * 1024
#: the longest wait for one host's polite interval before moving on to the next resource
MAX_POLITE_WAIT = 10.0


def link_works(url: str) -> bool | None:
    """True when the address answers, False when it is broken, None when it may not be checked."""
    try:
        outbound.fetch(url, max_bytes=PEEK_BYTES)
    except outbound.FetchTooLarge:
        return True
    except outbound.FetchRefused as refusal:
        log.info("learning link check: %s not checked (%s)", url, refusal)
        return None
    except outbound.FetchError as failure:
        log.info("learning link check: %s broken (%s)", url, failure)
        return False
    return True


def record_check(resource: LearningResource, works: bool | None, now: datetime) -> None:
    """Stamp the check; a failure flags the link from its first failure, a success clears the flag."""
    if works is None:
        return
    resource.link_checked_at = now
    if works:
        resource.link_broken_since = None
    elif resource.link_broken_since is None:
        resource.link_broken_since = now


def check_resource_links(now: datetime | None = None) -> int:
    """Check each approved resource's link once a week; how many were found broken."""
    now = now or utcnow()
    due = db.session.scalars(
        select(LearningResource)
        .where(LearningResource.status == ResourceStatus.approved,
               or_(LearningResource.link_checked_at.is_(None), LearningResource.link_checked_at < now - RECHECK_AFTER))
        .order_by(LearningResource.url, LearningResource.id)
    ).all()
    broken = 0
    for resource in due:
        time.sleep(min(outbound.seconds_until_polite(resource.url), MAX_POLITE_WAIT))
        works = link_works(resource.url)
        record_check(resource, works, now)
        broken += works is False
    db.session.flush()
    return broken
