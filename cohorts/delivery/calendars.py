"""iCalendar (RFC 5545) feeds of sessions: per cohort, per co-delivering employer, per participant.

Each feed sits behind the owner's unguessable ``feed_token``. A session's UID is its ref, so it
never changes; its SEQUENCE is bumped by every edit, so calendar programs update the event.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, timedelta

from icalendar import Calendar, Event
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.dates import local_zone
from app.extensions import db
from app.templating import absolute_url
from cohorts.delivery.scheduling import DEFAULT_LENGTH
from cohorts.models import Cohort, CohortSession, Enrolment, EnrolmentStatus, Participant
from employers.models import Employer

PRODID = "-//Bridgework//Cohort sessions//EN"
UID_DOMAIN = "bridgework"
#: enrolments whose participant sees the cohort's sessions in their feed
FEED_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)



def cohort_feed_url(cohort: Cohort) -> str:
    return absolute_url("calendars.cohort_feed", token=cohort.feed_token)


def employer_feed_url(employer: Employer) -> str:
    return absolute_url("calendars.employer_feed", token=employer.feed_token)


def participant_feed_url(participant: Participant) -> str:
    """The participant's personal feed (shown on their portal)."""
    return absolute_url("calendars.participant_feed", token=participant.feed_token)


def webcal(url: str) -> str:
    """The same feed as a webcal:// link, which calendar programs open as a subscription."""
    return "webcal://" + url.split("://", 1)[1]


def _event(session: CohortSession) -> Event:
    event = Event()
    event.add("uid", f"{session.ref}@{UID_DOMAIN}")
    event.add("dtstamp", (session.updated_at or session.created_at).astimezone(UTC))
    event.add("last-modified", (session.updated_at or session.created_at).astimezone(UTC))
    # on the wall clock where the cohort runs, with its TZID (and VTIMEZONE): clients show 09:30
    # Toronto time as 09:30 there and convert for anyone elsewhere
    zone = local_zone(session.cohort.time_zone)
    event.add("dtstart", session.starts_at.astimezone(zone))
    event.add("dtend", (session.ends_at or session.starts_at + DEFAULT_LENGTH).astimezone(zone))
    event.add("summary", f"{session.title} ({session.cohort.code})")
    event.add("sequence", session.sequence)
    event.add("status", "CONFIRMED")
    if session.location:
        # one line: a CR or LF (typed, or brought in by a workbook) made the URL property raise,
        # and with it the whole feed of everyone who follows this cohort
        place = " ".join(session.location.split())
        event.add("location", place)
        if place.startswith(("https://", "http://")) and " " not in place:
            event.add("url", place)
    lines = [f"{session.kind.label} · {session.cohort.display_name}"]
    if session.employer is not None:
        lines.append(f"Co-delivered with {session.employer.name}")
    if session.module is not None:
        lines.append(f"Module: {session.module.title}")
    if session.description:
        lines.append(session.description)
    event.add("description", "\n".join(lines))
    event.add("categories", [session.kind.label])
    return event


def build_calendar(name: str, sessions: Iterable[CohortSession]) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("refresh-interval", timedelta(hours=1), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT1H")
    days = []
    for session in sessions:
        calendar.add_component(_event(session))
        days.append(session.starts_at.date())
    if days:
        # each zone's rules only for the years the feed spans, not 1970–2038
        calendar.add_missing_timezones(first_date=date(min(days).year, 1, 1), last_date=date(max(days).year + 1, 12, 31))
    return calendar.to_ical()


def _sessions(*conditions) -> list[CohortSession]:
    return list(db.session.scalars(
        select(CohortSession)
        .options(joinedload(CohortSession.cohort).joinedload(Cohort.programme), joinedload(CohortSession.employer),
                 joinedload(CohortSession.module))
        .where(*conditions)
        .order_by(CohortSession.starts_at, CohortSession.id)
    ))


def _by_token(model: type, token: str):
    return db.session.scalar(select(model).where(model.feed_token == token)) if token else None


def cohort_feed(token: str) -> bytes | None:
    """The cohort's whole schedule; None for an unknown token."""
    cohort = _by_token(Cohort, token)
    if cohort is None:
        return None
    return build_calendar(f"{cohort.display_name} · Bridgework", _sessions(CohortSession.cohort_id == cohort.id))


def employer_feed(token: str) -> bytes | None:
    """The sessions an employer co-delivers, across cohorts."""
    employer = _by_token(Employer, token)
    if employer is None:
        return None
    return build_calendar(
        f"{employer.name} co-delivered sessions · Bridgework", _sessions(CohortSession.employer_id == employer.id)
    )


def participant_feed(token: str) -> bytes | None:
    """The sessions of every cohort the participant is accepted, enrolled or completed in."""
    participant = _by_token(Participant, token)
    if participant is None:
        return None
    cohort_ids = select(Enrolment.cohort_id).where(
        Enrolment.participant_id == participant.id, Enrolment.status.in_(FEED_STATUSES)
    )
    return build_calendar("My Bridgework sessions", _sessions(CohortSession.cohort_id.in_(cohort_ids)))
