"""The demo's in-work support: a week-1 check-in about to be asked, and the coach's triage list.

- A closed-cohort alumna let go at the end of her probation (participant 37) started a new job
  9 days ago (ONE new placement; her old one is left as it is): the next schedule run
  (cohorts/inwork/schedule.py) asks and emails her week-1 check-in, so the demo shows it going out.
- The closed cohort's most recent hire (under 6 months in the job) answered her week-4, week-8 and
  week-13 check-ins: week 8 raised a flag the coach closed as a false alarm, with a reason; week 13
  (rated 2, was 3, worries ticked and "thinking about leaving") has an open flag on the coach's
  triage list (coach@bridgework.test, the demo password), with the reasons in words.

Models only (the scorer lives in cohorts/inwork, above the seed): the flags carry hand-written reasons
in the scorer's shape, marked scorer_version "demo". No week-26 or week-52 check-ins here
(extras/work_history.py owns those); flushes, never commits.
"""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from decimal import Decimal
from typing import Any

import sqlalchemy as sa

from app.extensions import db
from cohorts.models import CheckIn, CheckInChannel, EmploymentType, Placement, RiskFlag, RiskFlagStatus, WorkStatus

#: the alumna re-placed 9 days ago (closed cohort, participant index)
REPLACED = 37
#: (week, rating, worries, text, flag): the recent hire's answers
ANSWERS = (
    (4, 4, [], "Settling in well. The team is friendly and the training is good.", None),
    (8, 3, ["workload"], "Exhausted after the quarter-end push, I could cry, ha! Loving it though.",
     (0.55, RiskFlagStatus.false_alarm, "Called her: tired after a record week, happy in the job. Joke misread.",
      [{"signal": "phrase", "detail": 'wrote "I could cry"', "weight": 0.35},
       {"signal": "worry", "detail": "ticked Workload", "weight": 0.2}])),
    (13, 2, ["hours", "manager", "caring"],
     ("My manager keeps changing my shifts at short notice and I can't sort childcare. "
      "I'm thinking about leaving."),
     (0.85, RiskFlagStatus.open, "",
      [{"signal": "phrase", "detail": 'wrote "thinking about leaving"', "weight": 0.4},
       {"signal": "rating_drop", "detail": "rated 2 of 5 (was 3)", "weight": 0.25},
       {"signal": "worry", "detail": "ticked Hours or shifts, My manager, Caring responsibilities", "weight": 0.2}])),
)


def _at(day, hour: int = 18) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=UTC)


def _new_job(demo: Any) -> Placement:
    person, closed = demo.participants[REPLACED], demo.cohorts["closed"]
    taken = set(db.session.scalars(sa.select(Placement.ref)))
    ref = next(f"PL-{n:04d}" for n in range(1, 10000) if f"PL-{n:04d}" not in taken)
    placement = Placement(ref=ref, participant=person, cohort=closed, employer=demo.employers["Boreal Telecom Solutions"],
                          role_title="Customer Care Agent", offer_accepted_on=demo.today - timedelta(days=20),
                          start_date=demo.today - timedelta(days=9), annual_salary=44000,
                          hours_per_week=Decimal("37.5"), employment_type=EmploymentType.permanent, in_field=False)
    db.session.add(placement)
    return placement


def _recent_hire(demo: Any) -> Placement | None:
    """The closed cohort's latest-starting live placement, if it started within the last 6 months."""
    placement = db.session.scalar(
        sa.select(Placement).where(Placement.cohort_id == demo.cohorts["closed"].id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date.desc(), Placement.id.desc()).limit(1))
    if placement is None or placement.start_date < demo.today - timedelta(days=182):
        return None
    return placement


def build(demo: Any) -> None:
    db.session.flush()
    placement = _recent_hire(demo)  # before the new job, which would otherwise be the latest start
    _new_job(demo)
    if placement is None:
        return
    for week, rating, worries, text, flagged in ANSWERS:
        due_on = placement.start_date + timedelta(weeks=week)
        if due_on >= demo.today:
            continue
        answered = _at(due_on + timedelta(days=1))
        check_in = CheckIn(placement=placement, participant_id=placement.participant_id, week=week, due_on=due_on,
                           sent_at=_at(due_on, 13), answered_at=answered, channel=CheckInChannel.email_link,
                           rating=rating, text=text, worries=worries, work_status=WorkStatus.same_job,
                           risk_score=flagged[0] if flagged else 0.1)
        db.session.add(check_in)
        if flagged:
            score, status, note, reasons = flagged
            closed = status != RiskFlagStatus.open
            db.session.add(RiskFlag(check_in=check_in, participant_id=placement.participant_id, raised_at=answered,
                                    score=score, threshold=0.5, reasons=reasons, scorer_version="demo", status=status,
                                    resolution_note=note, resolved_by=demo.coach if closed else None,
                                    resolved_at=answered + timedelta(days=1) if closed else None))
    db.session.flush()
