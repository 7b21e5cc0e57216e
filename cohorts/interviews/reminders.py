"""What interview days tell people, and the hourly reminder job (run by cohorts/schedules.py).

One function per event, called from the service (or the job) where it happens. Candidates hear
through Kind.interview_booking, the employer's logins through Kind.interview_booked.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from app.dates import to_local
from app.db import utcnow
from app.extensions import db
from app.notifications.kinds import Kind
from app.notifications.services import Recipient, employer_users, notify, site_path
from cohorts.interviews.queries import day_zone, eligible_candidacies, slots_to_remind
from cohorts.models import Candidacy, InterviewDay, InterviewSlot, Participant
from cohorts.notices import subject_of

#: how far ahead a booked interview is reminded: the day before, whatever hour the job runs
REMIND_AHEAD = timedelta(hours=24)


def send_interview_reminders(now: datetime | None = None) -> int:
    """Remind both sides of tomorrow's booked interviews; how many slots were reminded.

    reminded_at marks a slot done, so the hourly run never repeats itself; a swap or a new booking
    clears it (services.book_slot), so the new time is reminded too. The queue's task commits.
    """
    now = now or utcnow()
    slots = slots_to_remind(now, now + REMIND_AHEAD)
    for slot in slots:
        reminder(slot)
        slot.reminded_at = now
    db.session.flush()
    return len(slots)


def _zone(day: InterviewDay) -> str | None:
    return day_zone(day.hiring_need, day.cohort)


def _candidate(participant: Participant) -> list[Recipient]:
    """The participant, as cohorts.notices tells them: nobody once anonymised or opted out without a login."""
    if participant.anonymised_at is not None or (participant.user is None and participant.nudges_opt_out):
        return []
    return [Recipient(participant.email, participant.first_name, participant.user)]


def short_name(participant: Participant) -> str:
    """First name and last initial: enough for a calendar or a notice title."""
    return f"{participant.first_name} {participant.last_name[:1]}.".strip() if participant.last_name \
        else participant.first_name


def _when(slot_or_day: InterviewSlot | InterviewDay, zone: str | None) -> str:
    return f"{to_local(slot_or_day.starts_at, zone):%A %-d %B at %H:%M %Z}"


def day_offered(day: InterviewDay) -> None:
    """Each candidate who may book hears about the day and the cut-off."""
    zone = _zone(day)
    closes = to_local(day.booking_closes_at, zone)
    for candidacy in eligible_candidacies(day):
        notify(_candidate(candidacy.participant), Kind.interview_booking,
               f"Book your interview with {day.employer.name}",
               f"{day.employer.name} is interviewing for {candidacy.hiring_need.role_title} on "
               f"{_when(day, zone)}. Book a slot by {closes:%-d %B at %H:%M}.",
               link=site_path("cohorts_participant.interviews"), about=f"interview-day:{day.id}")


def day_changed(day: InterviewDay, *, cancelled: bool = False) -> None:
    """Everyone booked on the day hears that it changed or is called off."""
    zone = _zone(day)
    what = "cancelled" if cancelled else "changed"
    for slot in day.slots:
        if slot.candidacy is None:
            continue
        body = (f"{day.employer.name} has cancelled the interview day on {_when(day, zone)}. "
                "Your coach will be in touch about what comes next." if cancelled else
                f"The details of your interview on {_when(slot, zone)} changed: "
                f"{day.location or day.meeting_url}. Your calendar feed updates by itself.")
        notify(_candidate(slot.candidacy.participant), Kind.interview_booking, f"Interview {what}: {day.title}",
               body, link=site_path("cohorts_participant.interviews"))


def booking_changed(slot: InterviewSlot, candidacy: Candidacy, what: str) -> None:
    """The candidate gets a confirmation; the employer hears a slot was booked, swapped or freed."""
    day, participant = slot.day, candidacy.participant
    zone = _zone(day)
    mine = {"booked": "is booked", "swapped": "moved", "cancelled": "is cancelled"}[what]
    notify(_candidate(participant), Kind.interview_booking, f"Your interview with {day.employer.name} {mine}",
           f"{day.title}: {_when(slot, zone)}, {day.location or day.meeting_url}.",
           link=site_path("cohorts_participant.interviews"))
    notify(employer_users(day.employer_id), Kind.interview_booked,
           f"Interview {what}: {short_name(participant)}, {_when(slot, zone)}",
           f"{participant.full_name} ({candidacy.hiring_need.role_title}) {what} a slot on {day.title}.",
           link=site_path("cohorts_employer.interview_day", day_id=day.id), subject=subject_of(participant))


def reminder(slot: InterviewSlot) -> None:
    """The day-before reminder to both sides; once per slot however often the job runs."""
    day, candidacy = slot.day, slot.candidacy
    zone, participant = _zone(day), candidacy.participant
    place = day.location or day.meeting_url
    notify(_candidate(participant), Kind.interview_booking, f"Reminder: your interview with {day.employer.name}",
           f"{_when(slot, zone)}, {place}. Interviewers: {day.interviewers or 'to be confirmed'}.",
           link=site_path("cohorts_participant.interviews"), about=f"interview-reminder:{slot.id}")
    notify(employer_users(day.employer_id), Kind.interview_booked,
           f"Reminder: interview with {short_name(participant)}, {_when(slot, zone)}",
           f"{candidacy.hiring_need.role_title}, {place}.",
           link=site_path("cohorts_employer.interview_day", day_id=day.id),
           about=f"interview-reminder:{slot.id}", subject=subject_of(participant))
