"""iCalendar (RFC 5545) feeds of sessions: per cohort, per co-delivering employer, per participant.

Each feed sits behind the owner's unguessable ``feed_token``. A session's UID is its ref, so it
never changes; its SEQUENCE is bumped by every edit, so calendar programs update the event.
The employer's and the participant's feeds also hold booked interview slots (cohorts/interviews):
read straight from the models, as delivery sits below every other capability. A slot's UID is its
id; its SEQUENCE adds the day's edits to the slot's booking changes (its version counter).
The participant's feed and each mentor's own feed (behind the mentor profile's token) also hold
mentoring conversations (cohorts/mentoring), read from the models too; a cancelled one stays in the
feed marked CANCELLED so calendar programs remove it.
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
from cohorts.models import (
    Candidacy,
    Cohort,
    CohortHiringNeed,
    CohortSession,
    Enrolment,
    EnrolmentStatus,
    InterviewDay,
    InterviewDayStatus,
    InterviewSlot,
    MentorConversation,
    MentorPairing,
    MentorProfile,
    Participant,
    Programme,
)
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


def mentor_feed_url(mentor: MentorProfile) -> str:
    """The mentor's feed of their conversations (shown on their mentoring page)."""
    return absolute_url("calendars.mentor_feed", token=mentor.feed_token)


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


def _interview_event(slot: InterviewSlot, zone: str | None, for_employer: bool) -> Event:
    day, candidacy = slot.day, slot.candidacy
    participant, need = candidacy.participant, candidacy.hiring_need
    event = Event()
    event.add("uid", f"interview-slot-{slot.id}@{UID_DOMAIN}")
    stamp = (slot.booked_at or day.updated_at or day.created_at).astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", slot.starts_at.astimezone(local_zone(zone)))
    event.add("dtend", slot.ends_at.astimezone(local_zone(zone)))
    if for_employer:
        initial = f" {participant.last_name[:1]}." if participant.last_name else ""
        event.add("summary", f"Interview: {participant.first_name}{initial} for {need.role_title}")
    else:
        event.add("summary", f"Interview with {day.employer.name} ({need.role_title})")
    event.add("sequence", day.sequence + slot.version)
    event.add("status", "CONFIRMED")
    place = " ".join((day.location or day.meeting_url).split())
    if place:
        event.add("location", place)
    if day.meeting_url and " " not in day.meeting_url.strip():
        event.add("url", day.meeting_url.strip())
    lines = [day.title]
    if day.interviewers:
        lines.append(f"Interviewers: {day.interviewers}")
    event.add("description", "\n".join(lines))
    event.add("categories", ["Interview"])
    return event


def _interviews(*conditions) -> list[tuple[InterviewSlot, str | None]]:
    """Booked slots of scheduled days, each with its day's clock (the cohort's programme, else a covering one)."""
    slots = list(db.session.scalars(
        select(InterviewSlot).join(InterviewDay).join(Candidacy, Candidacy.id == InterviewSlot.candidacy_id)
        .where(InterviewDay.status == InterviewDayStatus.scheduled, *conditions)
        .options(joinedload(InterviewSlot.day).options(joinedload(InterviewDay.employer),
                                                      joinedload(InterviewDay.cohort).joinedload(Cohort.programme)),
                 joinedload(InterviewSlot.candidacy).options(joinedload(Candidacy.participant),
                                                             joinedload(Candidacy.hiring_need)))
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)).unique())
    need_ids = {s.day.hiring_need_id for s in slots if s.day.cohort is None}
    rows = db.session.execute(
        select(CohortHiringNeed.hiring_need_id, Programme.time_zone)
        .join(Cohort, Cohort.id == CohortHiringNeed.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
        .where(CohortHiringNeed.hiring_need_id.in_(need_ids)).order_by(Cohort.starts_on)) if need_ids else ()
    by_need = {need_id: zone for need_id, zone in rows}  # the latest cohort wins, as on the pages
    return [(s, s.day.cohort.time_zone if s.day.cohort else by_need.get(s.day.hiring_need_id)) for s in slots]


def _conversation_event(conversation: MentorConversation, for_mentor: bool) -> Event:
    pairing = conversation.pairing
    event = Event()
    event.add("uid", f"mentor-conversation-{conversation.id}@{UID_DOMAIN}")
    stamp = (conversation.updated_at or conversation.created_at).astimezone(UTC)
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("dtstart", conversation.starts_at.astimezone(UTC))
    event.add("dtend", conversation.ends_at.astimezone(UTC))
    other = pairing.participant.full_name if for_mentor else pairing.mentor.user.display_name
    event.add("summary", f"Mentoring conversation with {other}")
    event.add("sequence", conversation.sequence)
    event.add("status", "CANCELLED" if conversation.cancelled_at is not None else "CONFIRMED")
    place = " ".join((conversation.location or conversation.meeting_url).split())
    if place:
        event.add("location", place)
    if conversation.meeting_url and " " not in conversation.meeting_url.strip():
        event.add("url", conversation.meeting_url.strip())
    event.add("description", "Bridgework mentoring")
    event.add("categories", ["Mentoring"])
    return event


def _conversations(*conditions) -> list[MentorConversation]:
    """Conversations of pairings that were accepted (active or since ended), soonest first."""
    return list(db.session.scalars(
        select(MentorConversation).join(MentorPairing, MentorPairing.id == MentorConversation.pairing_id)
        .where(*conditions)
        .options(joinedload(MentorConversation.pairing).options(
            joinedload(MentorPairing.participant), joinedload(MentorPairing.mentor).joinedload(MentorProfile.user)))
        .order_by(MentorConversation.starts_at, MentorConversation.id)))


def build_calendar(name: str, sessions: Iterable[CohortSession],
                   interviews: Iterable[tuple[InterviewSlot, str | None]] = (), for_employer: bool = False,
                   conversations: Iterable[MentorConversation] = (), for_mentor: bool = False) -> bytes:
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
    for slot, zone in interviews:
        calendar.add_component(_interview_event(slot, zone, for_employer))
        days.append(slot.starts_at.date())
    for conversation in conversations:
        calendar.add_component(_conversation_event(conversation, for_mentor))
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
    """The sessions an employer co-delivers, across cohorts, and its interview days' booked slots."""
    employer = _by_token(Employer, token)
    if employer is None:
        return None
    return build_calendar(
        f"{employer.name} co-delivered sessions · Bridgework", _sessions(CohortSession.employer_id == employer.id),
        _interviews(InterviewDay.employer_id == employer.id), for_employer=True,
    )


def participant_feed(token: str) -> bytes | None:
    """The sessions of every cohort the participant is accepted, enrolled or completed in, and their interviews."""
    participant = _by_token(Participant, token)
    if participant is None:
        return None
    cohort_ids = select(Enrolment.cohort_id).where(
        Enrolment.participant_id == participant.id, Enrolment.status.in_(FEED_STATUSES)
    )
    return build_calendar("My Bridgework sessions", _sessions(CohortSession.cohort_id.in_(cohort_ids)),
                          _interviews(Candidacy.participant_id == participant.id),
                          conversations=_conversations(MentorPairing.participant_id == participant.id))


def mentor_feed(token: str) -> bytes | None:
    """A mentor's conversations with their mentees; None for an unknown token."""
    mentor = _by_token(MentorProfile, token)
    if mentor is None:
        return None
    return build_calendar("My Bridgework mentoring", (),
                          conversations=_conversations(MentorPairing.mentor_id == mentor.id), for_mentor=True)
