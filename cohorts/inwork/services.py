"""Answering check-ins (by link, portal or a coach's call), the risk flags they raise, and closing them.

Every function enforces its rule, flushes and never commits; recording a call and closing a flag
are audited (the words themselves are not copied into the audit trail: they are sensitive).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta

import sqlalchemy as sa
from flask import current_app

from app.audit import record_audit
from app.db import flush_unique, utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.inwork import notices
from cohorts.inwork.risk import SCORER_VERSION, score_check_in
from cohorts.models import WORRIES, CheckIn, CheckInChannel, Placement, RiskFlag, RiskFlagStatus, WorkStatus

#: the most a free-text answer may hold
TEXT_MAX = 4000


def previous_rating(check_in: CheckIn) -> int | None:
    """The rating of the participant's latest answered check-in of the same placement before this one."""
    return db.session.scalar(
        sa.select(CheckIn.rating).where(CheckIn.placement_id == check_in.placement_id, CheckIn.week < check_in.week,
                                        CheckIn.answered_at.is_not(None), CheckIn.rating.is_not(None))
        .order_by(CheckIn.week.desc()).limit(1))


def _check_answer(check_in: CheckIn, rating: int | None, salary: int | None, text: str) -> None:
    if check_in.answered_at is not None:
        raise CohortRuleError("This check-in is already answered. Thank you!")
    if check_in.participant.anonymised_at is not None:
        raise CohortRuleError("This participant's record was erased.")
    if rating is not None and not 1 <= rating <= 5:
        raise CohortRuleError("Choose how it is going, from 1 to 5.", "rating")
    if len(text) > TEXT_MAX:
        raise CohortRuleError(f"Please keep it under {TEXT_MAX} characters.", "text")
    if salary is not None:
        programme = check_in.placement.cohort.programme
        if not programme.salary_min <= salary <= programme.salary_max:
            raise CohortRuleError(f"Enter a yearly salary from {programme.salary_min:,} to "
                                  f"{programme.salary_max:,} {programme.currency}, or leave it empty.", "annual_salary")


def answer_check_in(check_in: CheckIn, channel: CheckInChannel, *, rating: int | None, text: str = "",
                    worries: Iterable[str] = (), work_status: WorkStatus | None = None,
                    annual_salary: int | None = None, recorded_by: User | None = None) -> RiskFlag | None:
    """Store the answer, score it, and raise a flag (telling the coach) at RISK_FLAG_THRESHOLD; the flag or None."""
    text = (text or "").strip()
    _check_answer(check_in, rating, annual_salary, text)
    ticked = [key for key in WORRIES if key in set(worries)]
    assessment = score_check_in(rating=rating, previous_rating=previous_rating(check_in), worries=ticked, text=text)
    check_in.answered_at, check_in.channel, check_in.rating, check_in.text = utcnow(), channel, rating, text
    check_in.worries, check_in.work_status, check_in.annual_salary = ticked, work_status, annual_salary
    check_in.recorded_by, check_in.risk_score = recorded_by, round(float(assessment.score), 4)
    db.session.flush()
    threshold = current_app.config["RISK_FLAG_THRESHOLD"]
    if not assessment.flagged(threshold):
        return None
    with flush_unique(db.session, CohortRuleError("This check-in already raised a flag.")):
        flag = RiskFlag(check_in=check_in, participant_id=check_in.participant_id, score=check_in.risk_score,
                        threshold=threshold, reasons=[reason.as_json() for reason in assessment.reasons],
                        scorer_version=SCORER_VERSION)
        db.session.add(flag)
    record_audit(recorded_by, "risk_flag", flag.id, "raised", {"score": [None, flag.score]})
    notices.flag_raised(flag)
    return flag


def check_in_for_call(placement: Placement, week: int | None, today: date) -> CheckIn:
    """The check-in a coach's call answers: the given week's (created if not asked yet), or an unscheduled one
    for the weeks since the start when no week is given."""
    if placement.voided_at is not None:
        raise CohortRuleError("This placement was voided.")
    if week is None:
        week = max(1, (today - placement.start_date).days // 7)
    if week < 1:
        raise CohortRuleError("The week must be 1 or more.", "week")
    existing = db.session.scalar(sa.select(CheckIn).where(CheckIn.placement_id == placement.id, CheckIn.week == week))
    if existing is not None:
        return existing
    check_in = CheckIn(placement=placement, participant_id=placement.participant_id, week=week,
                       due_on=placement.start_date + timedelta(weeks=week))
    with flush_unique(db.session, CohortRuleError("That week's check-in was just recorded.", "week")):
        db.session.add(check_in)
    return check_in


def record_call(check_in: CheckIn, coach: User, **answer) -> RiskFlag | None:
    """The coach records the answer given on a call (channel call, recorded_by them); audited."""
    flag = answer_check_in(check_in, CheckInChannel.call, recorded_by=coach, **answer)
    record_audit(coach, "check_in", check_in.id, "recorded_from_call",
                 {"week": [None, check_in.week], "rating": [None, check_in.rating]})
    return flag


def resolve_flag(flag: RiskFlag, status: RiskFlagStatus, note: str, by: User) -> RiskFlag:
    """Close an open flag as handled or a false alarm (a reason required for a false alarm: kept for evaluation)."""
    note = (note or "").strip()
    if flag.status != RiskFlagStatus.open:
        raise CohortRuleError("This flag is already closed.")
    if status not in (RiskFlagStatus.handled, RiskFlagStatus.false_alarm):
        raise CohortRuleError("Choose handled or false alarm.", "status")
    if status == RiskFlagStatus.false_alarm and not note:
        raise CohortRuleError("Say why it was a false alarm: the reason helps tune the flags.", "note")
    flag.status, flag.resolution_note, flag.resolved_by, flag.resolved_at = status, note, by, utcnow()
    db.session.flush()
    record_audit(by, "risk_flag", flag.id, "resolved", {"status": ["open", str(status)]})
    return flag
