"""Interview days and their slots: the rules, enforced in one place (docs/INTERVIEWS.md).

Services flush and audit; they never commit. A broken rule raises CohortRuleError before anything
is changed (or, for a lost race, after a failed flush: the route rolls back), so the route can show
the message next to the field.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.audit import changed_fields, record_audit
from app.dates import at_local_time, to_local
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.interviews import reminders as notices
from cohorts.interviews.queries import day_zone, is_eligible, linked_cohort_ids
from cohorts.models import (
    Candidacy,
    CandidacyStage,
    Cohort,
    InterviewAttendance,
    InterviewDay,
    InterviewDayStatus,
    InterviewSlot,
)
from cohorts.placements.services import move_candidacy
from employers.models import Employer, HiringNeed

#: the default cut-off: the day before the interviews, at this local time
DEFAULT_CUT_OFF = time(17, 0)
#: a day holds at most this many slots (a typo in the slot length should not cut 500 rows)
MAX_SLOTS = 96
TAKEN = "That slot was just taken by someone else. Please pick another."


def plan_slots(starts_at: datetime, ends_at: datetime, slot_minutes: int, gap_minutes: int = 0,
               break_starts_at: datetime | None = None, break_ends_at: datetime | None = None,
               ) -> list[tuple[datetime, datetime]]:
    """Consecutive (start, end) pairs of slot_minutes, gap_minutes apart, clear of the break, none past the end.

    A slot that would overlap the break starts when the break ends instead.
    """
    slot, gap = timedelta(minutes=slot_minutes), timedelta(minutes=gap_minutes)
    slots: list[tuple[datetime, datetime]] = []
    start = starts_at
    while start + slot <= ends_at and len(slots) <= MAX_SLOTS:
        if break_starts_at is not None and break_ends_at is not None and start < break_ends_at \
                and start + slot > break_starts_at:
            start = break_ends_at
            continue
        slots.append((start, start + slot))
        start = start + slot + gap
    return slots


def _check_scope(employer: Employer, need: HiringNeed | None, cohort: Cohort | None) -> None:
    if need is None and cohort is None:
        raise CohortRuleError("Choose the hiring need or the cohort the day is for.", "hiring_need_id")
    if need is not None and need.employer_id != employer.id:
        raise CohortRuleError(f"{need.ref} is not one of {employer.name}'s hiring needs.", "hiring_need_id")
    if cohort is not None and cohort.id not in linked_cohort_ids(employer.id):
        raise CohortRuleError(
            f"{employer.name} has no hiring need in {cohort.code} and is not in its consortium.", "cohort_id")


def _cut_off(on: date, zone: str | None, closes_on: date | None, closes_time: time | None) -> datetime:
    if closes_on is None and closes_time is None:
        return at_local_time(on - timedelta(days=1), DEFAULT_CUT_OFF, zone)
    return at_local_time(closes_on or on, closes_time or DEFAULT_CUT_OFF, zone)


def create_interview_day(
    employer: Employer, *, actor: User | None, title: str, on: date, starts: time, ends: time,
    slot_minutes: int, gap_minutes: int = 0, hiring_need: HiringNeed | None = None, cohort: Cohort | None = None,
    break_starts: time | None = None, break_ends: time | None = None, location: str = "", meeting_url: str = "",
    interviewers: str = "", closes_on: date | None = None, closes_time: time | None = None,
) -> InterviewDay:
    """Create a day on the programme's clock with its slots cut, and tell the candidates who may book."""
    _check_scope(employer, hiring_need, cohort)
    zone = day_zone(hiring_need, cohort)
    starts_at, ends_at = at_local_time(on, starts, zone), at_local_time(on, ends, zone)
    problems: list[tuple[str | None, str]] = []
    if ends_at <= starts_at:
        problems.append(("ends", "The day must end after it starts."))
    if not 5 <= slot_minutes <= 240:
        problems.append(("slot_minutes", "A slot lasts between 5 and 240 minutes."))
    if not 0 <= gap_minutes <= 120:
        problems.append(("gap_minutes", "The gap between slots is between 0 and 120 minutes."))
    if (break_starts is None) != (break_ends is None):
        problems.append(("break_ends", "Give both the start and the end of the break, or neither."))
    break_starts_at = at_local_time(on, break_starts, zone) if break_starts and break_ends else None
    break_ends_at = at_local_time(on, break_ends, zone) if break_starts and break_ends else None
    if break_starts_at and break_ends_at and break_ends_at <= break_starts_at:
        problems.append(("break_ends", "The break must end after it starts."))
    if not (location.strip() or meeting_url.strip()):
        problems.append(("location", "Give the address, the meeting link, or both."))
    closes_at = _cut_off(on, zone, closes_on, closes_time)
    if closes_at > starts_at:
        problems.append(("closes_on", "Booking must close before the first interview starts."))
    if starts_at <= utcnow():
        problems.append(("on", "An interview day is planned for the future."))
    if problems:
        raise CohortRuleError.from_problems(problems)
    planned = plan_slots(starts_at, ends_at, slot_minutes, gap_minutes, break_starts_at, break_ends_at)
    if not planned:
        raise CohortRuleError("These times leave no room for a single slot: make the day longer, "
                              "the slots shorter or the break shorter.", "slot_minutes")
    if len(planned) > MAX_SLOTS:
        raise CohortRuleError(f"That makes more than {MAX_SLOTS} slots: use longer slots or a shorter day.",
                              "slot_minutes")
    day = InterviewDay(
        employer=employer, hiring_need=hiring_need, cohort=cohort, title=" ".join(title.split()),
        starts_at=starts_at, ends_at=ends_at, slot_minutes=slot_minutes, gap_minutes=gap_minutes,
        break_starts_at=break_starts_at, break_ends_at=break_ends_at, location=location.strip(),
        meeting_url=meeting_url.strip(), interviewers=interviewers.strip(), booking_closes_at=closes_at,
        created_by_id=actor.id if actor is not None else None,
        slots=[InterviewSlot(starts_at=start, ends_at=end) for start, end in planned],
    )
    db.session.add(day)
    db.session.flush()
    record_audit(actor, "interview_day", day.id, "created",
                 {"employer_id": [None, employer.id], "starts_at": [None, starts_at], "slots": [None, len(planned)]})
    notices.day_offered(day)
    return day


def update_interview_day(
    day: InterviewDay, *, actor: User | None, title: str, location: str, meeting_url: str, interviewers: str,
    closes_on: date, closes_time: time,
) -> InterviewDay:
    """Change what candidates see (not the times: slots are booked); calendars update, bookers are told."""
    if day.status != InterviewDayStatus.scheduled:
        raise CohortRuleError("A cancelled interview day cannot be changed.")
    if not (location.strip() or meeting_url.strip()):
        raise CohortRuleError("Give the address, the meeting link, or both.", "location")
    closes_at = at_local_time(closes_on, closes_time, day_zone(day.hiring_need, day.cohort))
    if closes_at > day.starts_at:
        raise CohortRuleError("Booking must close before the first interview starts.", "closes_on")
    day.title, day.location, day.meeting_url = " ".join(title.split()), location.strip(), meeting_url.strip()
    day.interviewers, day.booking_closes_at = interviewers.strip(), closes_at
    changes = changed_fields(day)
    if not changes:
        return day
    day.sequence += 1
    db.session.flush()
    record_audit(actor, "interview_day", day.id, "updated", changes)
    notices.day_changed(day)
    return day


def cancel_interview_day(day: InterviewDay, actor: User | None) -> InterviewDay:
    """Call the day off: bookings stay on record (what was planned), candidates with one are told."""
    if day.status == InterviewDayStatus.cancelled:
        raise CohortRuleError("This interview day is already cancelled.")
    day.status = InterviewDayStatus.cancelled
    day.sequence += 1
    db.session.flush()
    record_audit(actor, "interview_day", day.id, "cancelled", {"status": ["scheduled", "cancelled"]})
    notices.day_changed(day, cancelled=True)
    return day


def _check_open(day: InterviewDay, by_organiser: bool, now: datetime) -> None:
    if day.status != InterviewDayStatus.scheduled:
        raise CohortRuleError("This interview day is cancelled.")
    if not by_organiser and now >= day.booking_closes_at:
        closes = to_local(day.booking_closes_at, day_zone(day.hiring_need, day.cohort))
        raise CohortRuleError(f"Booking closed on {closes:%-d %B at %H:%M}. Ask the programme team to change it.")


def booking_of(day: InterviewDay, candidacy: Candidacy) -> InterviewSlot | None:
    """The slot the candidacy holds on the day, if any."""
    return next((s for s in day.slots if s.candidacy_id == candidacy.id), None)


def _take(slot: InterviewSlot, candidacy: Candidacy | None) -> None:
    """Write one slot's booking; a concurrent change to the same slot loses cleanly."""
    slot.candidacy_id = candidacy.id if candidacy is not None else None
    slot.candidacy = candidacy
    slot.booked_at = utcnow() if candidacy is not None else None
    slot.attendance = None
    slot.reminded_at = None
    try:
        db.session.flush()
    except StaleDataError as error:
        raise CohortRuleError(TAKEN, "slot_id") from error
    except IntegrityError as error:
        raise CohortRuleError("This candidate already has a slot on this day.", "slot_id") from error


def book_slot(candidacy: Candidacy, slot: InterviewSlot, actor: User | None, *, by_organiser: bool = False,
              now: datetime | None = None) -> InterviewSlot:
    """Book the candidacy into a free slot, or move its booking there (a swap); introduced → interviewing."""
    now, day = now or utcnow(), slot.day
    _check_open(day, by_organiser, now)
    if not is_eligible(day, candidacy):
        raise CohortRuleError("This candidate is not invited to this interview day.", "candidacy_id")
    if slot.candidacy_id is not None:
        raise CohortRuleError(TAKEN if slot.candidacy_id != candidacy.id else "You already have this slot.",
                              "slot_id")
    if slot.starts_at <= now:
        raise CohortRuleError("That slot has already started. Please pick a later one.", "slot_id")
    held = booking_of(day, candidacy)
    if held is not None:
        _take(held, None)  # freed first: the day's one-booking-per-candidacy key holds at every flush
    _take(slot, candidacy)
    record_audit(actor, "interview_slot", slot.id, "swapped" if held else "booked",
                 {"candidacy_id": [None, candidacy.id], "from_slot_id": [held.id if held else None, None]})
    if candidacy.stage == CandidacyStage.introduced:
        move_candidacy(candidacy, CandidacyStage.interviewing, actor)
    notices.booking_changed(slot, candidacy, "swapped" if held else "booked")
    return slot


def cancel_booking(slot: InterviewSlot, actor: User | None, *, by_organiser: bool = False,
                   now: datetime | None = None) -> InterviewSlot:
    """Free a booked slot; the candidate may do it only until the cut-off."""
    now = now or utcnow()
    candidacy = slot.candidacy
    if candidacy is None:
        raise CohortRuleError("That slot is not booked.", "slot_id")
    _check_open(slot.day, by_organiser, now)
    if slot.starts_at <= now:
        raise CohortRuleError("This interview has started: record its attendance instead.", "slot_id")
    _take(slot, None)
    record_audit(actor, "interview_slot", slot.id, "booking_cancelled", {"candidacy_id": [candidacy.id, None]})
    notices.booking_changed(slot, candidacy, "cancelled")
    return slot


def record_attendance(day: InterviewDay, marks: Mapping[int, InterviewAttendance | str | None],
                      actor: User | None, now: datetime | None = None) -> int:
    """Mark each booked slot of the day attended, no-show or cancelled late; how many changed.

    Refused for a slot that has not started: nobody can have attended it yet.
    """
    now = now or utcnow()
    slots = {s.id: s for s in day.slots}
    changed = 0
    for slot_id, mark in marks.items():
        slot = slots.get(slot_id)
        if slot is None or slot.candidacy_id is None:
            raise CohortRuleError("Attendance is recorded for booked slots of this day only.")
        value = InterviewAttendance(mark) if mark else None
        if value is not None and slot.starts_at > now:
            local = to_local(slot.starts_at, day_zone(day.hiring_need, day.cohort))
            raise CohortRuleError(f"The {local:%H:%M} interview has not started yet: record it afterwards.")
        if slot.attendance != value:
            record_audit(actor, "interview_slot", slot.id, "attendance",
                         {"attendance": [slot.attendance, value]})
            slot.attendance = value
            changed += 1
    db.session.flush()
    return changed

