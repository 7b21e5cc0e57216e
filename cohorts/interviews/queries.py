"""Reads for interview days: who may book, each portal's lists (eager-loaded), and the day's clock."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from cohorts.models import (
    Candidacy,
    CandidacyStage,
    Cohort,
    CohortHiringNeed,
    ConsortiumMember,
    InterviewDay,
    InterviewDayStatus,
    InterviewSlot,
    Participant,
    Programme,
)
from employers.models import Employer, HiringNeed

#: stages whose candidates are offered slots: introduced (booking moves them on) or already interviewing
BOOKING_STAGES = (CandidacyStage.introduced, CandidacyStage.interviewing)


def linked_cohort_ids(employer_id: int) -> set[int]:
    """Cohorts an employer may hold a day for: one of its needs is in their demand, or it is in the consortium."""
    by_need = sa.select(CohortHiringNeed.cohort_id).join(
        HiringNeed, HiringNeed.id == CohortHiringNeed.hiring_need_id).where(HiringNeed.employer_id == employer_id)
    by_member = sa.select(ConsortiumMember.cohort_id).where(ConsortiumMember.employer_id == employer_id)
    return set(db.session.scalars(sa.union(by_need, by_member)))


def day_zone(need: HiringNeed | None, cohort: Cohort | None) -> str | None:
    """The clock a day is typed and shown on: its cohort's programme, else a programme covering the need.

    None means the deployment's LOCAL_TIMEZONE (app.dates.local_zone).
    """
    if cohort is not None:
        return cohort.time_zone
    if need is None:
        return None
    return db.session.scalar(
        sa.select(Programme.time_zone).join(Cohort, Cohort.programme_id == Programme.id)
        .join(CohortHiringNeed, CohortHiringNeed.cohort_id == Cohort.id)
        .where(CohortHiringNeed.hiring_need_id == need.id).order_by(Cohort.starts_on.desc()).limit(1))


def day_zones(days: Iterable[InterviewDay]) -> dict[int, str | None]:
    """day_zone for a page of days in one query (cohort days read their eager-loaded cohort)."""
    days = list(days)
    need_ids = {d.hiring_need_id for d in days if d.cohort_id is None and d.hiring_need_id is not None}
    by_need: dict[int, str] = {}
    if need_ids:
        for need_id, zone in db.session.execute(
            sa.select(CohortHiringNeed.hiring_need_id, Programme.time_zone)
            .join(Cohort, Cohort.id == CohortHiringNeed.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
            .where(CohortHiringNeed.hiring_need_id.in_(need_ids)).order_by(Cohort.starts_on)
        ):
            by_need[need_id] = zone  # the latest cohort wins, as in day_zone
    return {d.id: d.cohort.time_zone if d.cohort is not None else by_need.get(d.hiring_need_id) for d in days}


def eligibility():
    """SQL condition pairing InterviewDay and Candidacy rows: the candidacy may book the day.

    Introduced to the day's employer (for its need, or any of its needs in its cohort), still
    introduced or interviewing, and the participant still consents to share their profile.
    """
    return sa.and_(
        Candidacy.stage.in_(BOOKING_STAGES),
        Candidacy.introduced_at.is_not(None),
        Candidacy.hiring_need_id.in_(sa.select(HiringNeed.id).where(HiringNeed.employer_id == InterviewDay.employer_id)),
        sa.or_(InterviewDay.hiring_need_id.is_(None), InterviewDay.hiring_need_id == Candidacy.hiring_need_id),
        sa.or_(InterviewDay.cohort_id.is_(None), InterviewDay.cohort_id == Candidacy.cohort_id),
        Candidacy.participant_id.in_(sa.select(Participant.id).where(Participant.consent_to_share.is_(True))),
    )


def is_eligible(day: InterviewDay, candidacy: Candidacy) -> bool:
    """The same rule for one loaded pair."""
    return (
        candidacy.stage in BOOKING_STAGES and candidacy.introduced_at is not None
        and candidacy.hiring_need.employer_id == day.employer_id
        and day.hiring_need_id in (None, candidacy.hiring_need_id)
        and day.cohort_id in (None, candidacy.cohort_id)
        and candidacy.participant.consent_to_share
    )


def eligible_candidacies(day: InterviewDay) -> list[Candidacy]:
    """Who may book the day (the organiser's booking form, the new-day notice)."""
    return list(db.session.scalars(
        sa.select(Candidacy).join(InterviewDay, InterviewDay.id == day.id).where(eligibility())
        .options(joinedload(Candidacy.participant), joinedload(Candidacy.hiring_need))
        .order_by(Candidacy.id)))


def _day_options():
    return (joinedload(InterviewDay.employer), joinedload(InterviewDay.hiring_need),
            joinedload(InterviewDay.cohort).joinedload(Cohort.programme))


def days_select(employer_id: int | None = None, cohort_id: int | None = None, now: datetime | None = None):
    """Days newest-relevant first: upcoming soonest first, then past most recent first."""
    stmt = sa.select(InterviewDay).options(*_day_options())
    if employer_id:
        stmt = stmt.where(InterviewDay.employer_id == employer_id)
    if cohort_id:
        stmt = stmt.where(InterviewDay.cohort_id == cohort_id)
    if now is not None:
        upcoming = InterviewDay.ends_at >= now
        stmt = stmt.order_by(sa.case((upcoming, 0), else_=1),
                             sa.case((upcoming, InterviewDay.starts_at)),
                             InterviewDay.starts_at.desc(), InterviewDay.id)
    return stmt


def list_days(page: int, per_page: int, now: datetime, employer_id: int | None = None,
              cohort_id: int | None = None):
    """A page of days for the staff or (with employer_id) the employer list."""
    return db.paginate(days_select(employer_id, cohort_id, now), page=page, per_page=per_page, error_out=False)


def booking_counts(day_ids: Iterable[int]) -> dict[int, tuple[int, int]]:
    """(booked, total) slots per day, in one query."""
    ids = list(day_ids)
    if not ids:
        return {}
    rows = db.session.execute(
        sa.select(InterviewSlot.interview_day_id, sa.func.count(InterviewSlot.candidacy_id), sa.func.count())
        .where(InterviewSlot.interview_day_id.in_(ids)).group_by(InterviewSlot.interview_day_id))
    return {day_id: (booked, total) for day_id, booked, total in rows}


def day_with_slots(day_id: int) -> InterviewDay | None:
    """One day with its slots, who booked them and for which need (the detail page and export)."""
    return db.session.scalar(
        sa.select(InterviewDay).where(InterviewDay.id == day_id).options(
            *_day_options(),
            selectinload(InterviewDay.slots).joinedload(InterviewSlot.candidacy).options(
                joinedload(Candidacy.participant), joinedload(Candidacy.hiring_need))))


def employer_choices() -> list[tuple[int, str]]:
    """Every employer, for the staff form."""
    return [(i, name) for i, name in db.session.execute(sa.select(Employer.id, Employer.name).order_by(Employer.name))]


def need_choices(employer_id: int | None) -> list[tuple[int, str]]:
    """Hiring needs to hold a day for (one employer's, or every employer's for staff)."""
    stmt = sa.select(HiringNeed.id, HiringNeed.ref, HiringNeed.role_title, Employer.name).join(Employer)
    if employer_id is not None:
        stmt = stmt.where(HiringNeed.employer_id == employer_id)
    return [(i, f"{ref} — {role}" + ("" if employer_id else f" ({name})"))
            for i, ref, role, name in db.session.execute(stmt.order_by(Employer.name, HiringNeed.ref))]


def cohort_choices(employer_id: int | None) -> list[tuple[int, str]]:
    """Cohorts to hold a day for (those linked to the employer, or all for staff)."""
    stmt = sa.select(Cohort.id, Cohort.code, Cohort.name).order_by(Cohort.starts_on.desc(), Cohort.code)
    if employer_id is not None:
        stmt = stmt.where(Cohort.id.in_(linked_cohort_ids(employer_id) or {-1}))
    return [(i, Cohort.label_for(code, name)) for i, code, name in db.session.execute(stmt)]


def open_days_for(participant_id: int, now: datetime) -> list[tuple[InterviewDay, Candidacy]]:
    """Scheduled days still open for booking that the participant may book, with the candidacy invited."""
    rows = db.session.execute(
        sa.select(InterviewDay, Candidacy)
        .join(Candidacy, sa.and_(Candidacy.participant_id == participant_id, eligibility()))
        .where(InterviewDay.status == InterviewDayStatus.scheduled, InterviewDay.booking_closes_at > now)
        .options(*_day_options(), selectinload(InterviewDay.slots), joinedload(Candidacy.hiring_need))
        .order_by(InterviewDay.starts_at, InterviewDay.id, Candidacy.id)).unique().all()
    seen: set[int] = set()
    pairs = []
    for day, candidacy in rows:  # one candidacy per day: the first (a booking moves with it)
        if day.id not in seen:
            seen.add(day.id)
            pairs.append((day, candidacy))
    return pairs


def my_slots(participant_id: int) -> list[InterviewSlot]:
    """Every slot the participant holds, upcoming and past, with its day and the day's free slots."""
    return list(db.session.scalars(
        sa.select(InterviewSlot).join(Candidacy, Candidacy.id == InterviewSlot.candidacy_id)
        .where(Candidacy.participant_id == participant_id)
        .options(joinedload(InterviewSlot.day).options(*_day_options(), selectinload(InterviewDay.slots)),
                 joinedload(InterviewSlot.candidacy).joinedload(Candidacy.hiring_need))
        .order_by(InterviewSlot.starts_at)).unique())


def participant_day(participant_id: int, day_id: int, now: datetime) -> tuple[InterviewDay, Candidacy] | None:
    """The day and the participant's candidacy on it: the one booked, else the one invited; None = not theirs."""
    for slot in my_slots(participant_id):
        if slot.interview_day_id == day_id:
            return slot.day, slot.candidacy
    return next(((d, c) for d, c in open_days_for(participant_id, now) if d.id == day_id), None)


def slots_to_remind(now: datetime, until: datetime) -> list[InterviewSlot]:
    """Booked slots of scheduled days starting in [now, until) whose reminder has not gone out."""
    return list(db.session.scalars(
        sa.select(InterviewSlot).join(InterviewDay)
        .where(InterviewSlot.candidacy_id.is_not(None), InterviewSlot.reminded_at.is_(None),
               InterviewDay.status == InterviewDayStatus.scheduled,
               InterviewSlot.starts_at >= now, InterviewSlot.starts_at < until)
        .options(joinedload(InterviewSlot.day).options(*_day_options()),
                 joinedload(InterviewSlot.candidacy).options(joinedload(Candidacy.participant),
                                                             joinedload(Candidacy.hiring_need)))
        .order_by(InterviewSlot.starts_at)).unique())
