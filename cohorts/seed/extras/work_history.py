"""The demo's work history: an earlier cohort whose 12-month window has closed, so the dashboards show
retention at 12 months and the salary changes at weeks 26 and 52 (cohorts/outcomes/beyond.py).

The demo's closed cohort ended under a year ago: none of its placements is a year old yet. So this
adds a small alumni cohort of the same programme, ended 560 days before the demo's today, with three
of its own participants: one moved to a later job (the placement ended, the later job covers the
365-day mark), one is still in the placement (answered week-26 and week-52 check-ins with salaries),
one resigned before the mark. Only check-ins of weeks 26 and 52 are created here.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.dates import at_local_time
from app.extensions import db
from cohorts.models import (
    CheckIn,
    CheckInChannel,
    Cohort,
    CohortSession,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    JobEndReason,
    LaterJob,
    Participant,
    Placement,
    SessionKind,
    WorkStatus,
)

#: (first name, last name, employer, starting salary, placement end (days after start, reason) or None)
ALUMNI = (
    ("Nadia", "Okafor", "Northwind Analytics", 50000, (100, JobEndReason.moved_job)),
    ("Tomas", "Lindqvist", "Maple Ledger Software", 48000, None),
    ("Priya", "Raman", "Northwind Analytics", 47000, (300, JobEndReason.resigned)),
)
#: check-ins answered: (alumnus, week, work status, annual salary)
ANSWERS = ((0, 26, WorkStatus.new_job, 56000), (1, 26, WorkStatus.same_job, 50000),
           (1, 52, WorkStatus.same_job, 53000))


def _answered_at(day: date) -> datetime:
    return datetime.combine(day, time(15), tzinfo=UTC)


def build(demo: Any) -> None:
    closed = demo.cohorts["closed"]
    if db.session.scalar(sa.select(Cohort.id).where(Cohort.code == "SC-ALUMNI-01")) is not None:
        return
    ends_on = demo.today - timedelta(days=560)
    cohort = Cohort(code="SC-ALUMNI-01", programme=closed.programme, region=closed.region,
                    name=f"{closed.programme.name} alumni, {ends_on:%B %Y}", starts_on=ends_on - timedelta(days=67),
                    ends_on=ends_on, capacity=10, status=CohortStatus.placement,
                    description="An earlier cohort whose alumni are followed for a year after their placements.")
    db.session.add(cohort)
    zone = closed.programme.time_zone
    db.session.add(CohortSession(  # its closing session, at the demo's usual 2 pm
        ref="SC-ALUMNI-01-S01", cohort=cohort, title="Graduation and next steps", kind=SessionKind.workshop,
        starts_at=at_local_time(ends_on, time(14), zone).astimezone(UTC),
        ends_at=at_local_time(ends_on, time(16), zone).astimezone(UTC), location="Online", facilitator=demo.coach))
    placements = []
    for k, (first, last, employer_name, salary, ending) in enumerate(ALUMNI):
        person = Participant(first_name=first, last_name=last, email=f"{first.lower()}.{last.lower()}@example.com",
                             region=closed.region, referral_source="Alumni of an earlier cohort",
                             goals="Grow in a sales career", strengths="Persistent and organised")
        db.session.add(Enrolment(participant=person, cohort=cohort, status=EnrolmentStatus.completed,
                                 enrolled_on=cohort.starts_on, applied_on=cohort.starts_on - timedelta(days=30),
                                 exited_on=ends_on))
        start = ends_on + timedelta(days=20 + 7 * k)
        placement = Placement(ref=f"PL-A{k + 1:03d}", participant=person, cohort=cohort,
                              employer=demo.employers[employer_name], role_title="Sales Development Representative",
                              offer_accepted_on=start - timedelta(days=10), start_date=start, annual_salary=salary,
                              hours_per_week=Decimal("37.5"))
        if ending:
            after, reason = ending
            placement.ended_on, placement.end_reason = start + timedelta(days=after), reason
            placement.end_note = "Told their coach at a check-in call."
        placements.append(placement)
    db.session.add_all(placements)
    moved = placements[0]
    db.session.add(LaterJob(participant=moved.participant, placement=moved, employer_name="Lakeshore Insurance",
                            role_title="Account Executive", started_on=moved.ended_on, annual_salary=56000,
                            hours_per_week=Decimal("37.5"), recorded_by_id=demo.coach.id))
    for k, week, status, salary in ANSWERS:
        placement = placements[k]
        due = placement.start_date + timedelta(weeks=week)
        db.session.add(CheckIn(placement=placement, participant=placement.participant, week=week, due_on=due,
                               sent_at=_answered_at(due), answered_at=_answered_at(due + timedelta(days=2)),
                               channel=CheckInChannel.email_link, rating=4, work_status=status, annual_salary=salary))
    db.session.flush()
