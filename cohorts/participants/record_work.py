"""After a placement, on the staff participant page: the in-work section (check-ins and open risk
flags), the work history (placements, their ends, later jobs, salary at each check-in), and the
caseload's missed check-ins. Read here because participants sits below cohorts/inwork and the outcomes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import Row, bindparam, func, select

from app.extensions import db
from cohorts.models import (
    CheckIn,
    Cohort,
    JobEndReason,
    LaterJob,
    Placement,
    Programme,
    RetentionCheck,
    RiskFlag,
    RiskFlagStatus,
)
from employers.models import Employer

#: recent check-ins shown on the record page
RECENT = 5


@cache
def _in_work_selects() -> tuple[sa.Select, sa.Select]:
    """The recent check-ins and open risk flags of :participant_id; built once per process."""
    participant_id = bindparam("participant_id")
    check_ins = (
        sa.select(CheckIn.id, CheckIn.week, CheckIn.due_on, CheckIn.answered_at, CheckIn.rating, CheckIn.text,
                  Placement.role_title)
        .join(Placement, Placement.id == CheckIn.placement_id).where(CheckIn.participant_id == participant_id)
        .order_by(CheckIn.due_on.desc(), CheckIn.id.desc()).limit(RECENT))
    open_flags = (
        sa.select(RiskFlag.id, RiskFlag.score, RiskFlag.reasons, CheckIn.week)
        .join(CheckIn, CheckIn.id == RiskFlag.check_in_id)
        .where(RiskFlag.participant_id == participant_id, RiskFlag.status == RiskFlagStatus.open)
        .order_by(RiskFlag.raised_at.desc()))
    return check_ins, open_flags


def in_work_section(participant_id: int, history: dict | None = None) -> dict:
    """{placements: [(id, role_title)], check_ins: recent rows, open_flags: rows with reasons}: three queries,
    two when given the participant's work history (its placements are the same live placements)."""
    if history is None:
        history = work_history_section(participant_id)
    placements = sorted(((job.started_on, job.placement_id, job.role_title) for job in history["jobs"]
                         if job.placement_id is not None), reverse=True)  # latest start first, then latest id
    if not placements:
        return {}
    check_ins_select, flags_select = _in_work_selects()
    params = {"participant_id": participant_id}
    rows = db.session.connection().execute  # plain rows, without the ORM's execution (read only)
    return {"placements": [(pid, role) for _start, pid, role in placements],
            "check_ins": rows(check_ins_select, params).all(),
            "open_flags": rows(flags_select, params).all()}


def missed_check_ins(ids: list[int], today: date) -> dict[int, list[Row]]:
    """participant id → their check-ins unanswered CHECKIN_MISSED_AFTER_DAYS after due_on, oldest first (one
    query); a check-in of a voided placement, or due after the job ended, is not missed."""
    after_days = current_app.config["CHECKIN_MISSED_AFTER_DAYS"]
    missed: dict[int, list[Row]] = {}
    if not ids:
        return missed
    for row in db.session.execute(_MISSED, {"ids": ids, "before": today - timedelta(days=after_days)}):
        missed.setdefault(row.participant_id, []).append(row)
    return missed


#: built once per process (the caseload asks it on every view; building it cost 100× running it)
_MISSED = (
    sa.select(CheckIn.participant_id, CheckIn.placement_id, CheckIn.week, CheckIn.due_on)
    .join(Placement, Placement.id == CheckIn.placement_id)
    .where(CheckIn.participant_id.in_(sa.bindparam("ids", expanding=True)), CheckIn.answered_at.is_(None),
           Placement.voided_at.is_(None), sa.or_(Placement.ended_on.is_(None), Placement.ended_on > CheckIn.due_on),
           CheckIn.due_on < sa.bindparam("before"))
    .order_by(CheckIn.due_on, CheckIn.id)
)


@dataclass(frozen=True)
class HistoryJob:
    """One job in the timeline: a placement (``placement_id`` set) or a later job (``later_job_id``)."""

    role_title: str
    employer_name: str
    started_on: date
    ended_on: date | None
    end_reason: JobEndReason | None
    end_note: str
    annual_salary: int | None
    hours_per_week: Decimal | None
    currency: str
    placement_id: int | None = None
    placement_ref: str = ""
    later_job_id: int | None = None


@dataclass(frozen=True)
class SalaryPoint:
    """A salary the participant had: the placement's starting salary (week 0) or one reported at a check-in."""

    placement_ref: str
    week: int
    annual_salary: int
    currency: str
    reported_on: date | None


@cache
def _selects():
    participant_id = bindparam("participant_id")
    placements = (  # with their retention checks (the record page's placements section), one row a check
        select(Placement.id, Placement.ref, Placement.role_title, Employer.name, Placement.start_date,
               Placement.ended_on, Placement.end_reason, Placement.end_note, Placement.annual_salary,
               Placement.hours_per_week, Programme.currency, RetentionCheck.day_mark, RetentionCheck.due_on,
               RetentionCheck.checked_on, RetentionCheck.still_employed)
        .join(Employer, Employer.id == Placement.employer_id)
        .join(Cohort, Cohort.id == Placement.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
        .outerjoin(RetentionCheck, RetentionCheck.placement_id == Placement.id)
        .where(Placement.participant_id == participant_id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date, Placement.id, RetentionCheck.day_mark)
    )
    later = (
        select(LaterJob.id, LaterJob.role_title, func.coalesce(Employer.name, LaterJob.employer_name),
               LaterJob.started_on, LaterJob.ended_on, LaterJob.end_reason, LaterJob.annual_salary,
               LaterJob.hours_per_week, LaterJob.placement_id)
        .outerjoin(Employer, Employer.id == LaterJob.employer_id)
        .where(LaterJob.participant_id == participant_id)
        .order_by(LaterJob.started_on, LaterJob.id)
    )
    check_ins = (
        select(CheckIn.placement_id, CheckIn.week, CheckIn.annual_salary, CheckIn.answered_at)
        .join(Placement, Placement.id == CheckIn.placement_id)
        .where(CheckIn.participant_id == participant_id, Placement.voided_at.is_(None),
               CheckIn.answered_at.is_not(None), CheckIn.annual_salary.is_not(None))
        .order_by(CheckIn.placement_id, CheckIn.week)
    )
    return placements, later, check_ins


def work_history_section(participant_id: int) -> dict:
    """{"jobs": the timeline oldest first, "salaries": starting salary then each reported one, "retention_checks":
    live placement id → its (day_mark, due_on, checked_on, still_employed) by day} (three queries)."""
    placements_select, later_select, check_ins_select = _selects()
    params = {"participant_id": participant_id}
    jobs, salaries, placed, checks = [], [], {}, {}
    rows = db.session.connection().execute  # plain rows, without the ORM's execution (read only)
    for pid, ref, role, employer, start, ended, reason, note, salary, hours, currency, *check in rows(
            placements_select, params):
        if check[0] is not None:
            checks.setdefault(pid, []).append(tuple(check))
        if pid in placed:  # a further retention check of the same placement
            continue
        placed[pid] = (ref, currency)
        jobs.append(HistoryJob(role, employer, start, ended, reason, note, salary, hours, currency,
                               placement_id=pid, placement_ref=ref))
        if salary:
            salaries.append(SalaryPoint(ref, 0, salary, currency, start))
    for job_id, role, employer, start, ended, reason, salary, hours, placement_id in rows(later_select, params):
        currency = placed.get(placement_id, ("", ""))[1]
        jobs.append(HistoryJob(role, employer or "", start, ended, reason, "", salary, hours, currency,
                               later_job_id=job_id))
    for placement_id, week, salary, answered_at in rows(check_ins_select, params):
        ref, currency = placed.get(placement_id, ("", ""))
        salaries.append(SalaryPoint(ref, week, salary, currency, answered_at.date()))
    jobs.sort(key=lambda job: job.started_on)
    return {"jobs": jobs, "salaries": salaries, "retention_checks": checks}
