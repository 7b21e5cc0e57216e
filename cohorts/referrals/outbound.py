"""The recruiting cohorts for people who look elsewhere first: an Atom feed (feedgen) whose
application links carry ?source=atom so the applications it brings are counted."""

from __future__ import annotations

from datetime import UTC, datetime, time

from feedgen.feed import FeedGenerator

from app.templating import absolute_url
from cohorts.models import Cohort

FEED_SOURCE = "atom"


def _updated(cohort: Cohort) -> datetime:
    stamp = cohort.updated_at or datetime.combine(cohort.starts_on, time(), tzinfo=UTC)
    return stamp if stamp.tzinfo else stamp.replace(tzinfo=UTC)


def recruiting_feed(cohorts: list[Cohort]) -> bytes:
    """An Atom document: one entry per recruiting cohort, newest change first."""
    feed = FeedGenerator()
    feed.id(absolute_url("cohorts_public.open_cohorts"))
    feed.title("Bridgework: cohorts open for applications")
    feed.link(href=absolute_url("cohorts_public.open_cohorts"), rel="alternate")
    feed.link(href=absolute_url("cohorts_public.recruiting_feed"), rel="self")
    feed.author({"name": "Bridgework"})
    feed.subtitle("Free upskilling cohorts designed from employers' hiring needs.")
    feed.updated(max((_updated(c) for c in cohorts), default=datetime(2020, 1, 1, tzinfo=UTC)))
    for cohort in cohorts:
        entry = feed.add_entry(order="append")
        link = absolute_url("cohorts_public.apply", code=cohort.code, source=FEED_SOURCE)
        entry.id(absolute_url("cohorts_public.apply", code=cohort.code))
        entry.title(cohort.display_name)
        entry.link(href=link, rel="alternate")
        entry.updated(_updated(cohort))
        summary = f"{cohort.programme.name}: {cohort.starts_on.isoformat()} to {cohort.ends_on.isoformat()}"
        entry.summary(summary + (f", {cohort.region}" if cohort.region else "") + ".")
    return feed.atom_str(pretty=True)
