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
from cohorts.models import CheckIn, Cohort, JobEndReason, LaterJob, Placement, Programme, RiskFlag, RiskFlagStatus
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
    return {"placements": [(pid, role) for _start, pid, role in placements],
            "check_ins": db.session.execute(check_ins_select, params).all(),
            "open_flags": db.session.execute(flags_select, params).all()}


def missed_check_ins(ids: list[int], today: date) -> dict[int, list[Row]]:
    """participant id → their check-ins unanswered CHECKIN_MISSED_AFTER_DAYS after due_on, oldest first (one
    query); a check-in of a voided placement, or due after the job ended, is not missed."""
    after_days = current_app.config["CHECKIN_MISSED_AFTER_DAYS"]
    missed: dict[int, list[Row]] = {}
    if not ids:
        return missed
    for row in db.session.execute(
        sa.select(CheckIn.participant_id, CheckIn.placement_id, CheckIn.week, CheckIn.due_on)
        .join(Placement, Placement.id == CheckIn.placement_id)
        .where(CheckIn.participant_id.in_(ids), CheckIn.answered_at.is_(None), Placement.voided_at.is_(None),
               sa.or_(Placement.ended_on.is_(None), Placement.ended_on > CheckIn.due_on),
               CheckIn.due_on < today - timedelta(days=after_days))
        .order_by(CheckIn.due_on, CheckIn.id)
    ):
        missed.setdefault(row.participant_id, []).append(row)
    return missed


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
    placements = (
        select(Placement.id, Placement.ref, Placement.role_title, Employer.name, Placement.start_date,
               Placement.ended_on, Placement.end_reason, Placement.end_note, Placement.annual_salary,
               Placement.hours_per_week, Programme.currency)
        .join(Employer, Employer.id == Placement.employer_id)
        .join(Cohort, Cohort.id == Placement.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
        .where(Placement.participant_id == participant_id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date, Placement.id)
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
    """{"jobs": the timeline oldest first, "salaries": starting salary then each reported one} (three queries)."""
    placements_select, later_select, check_ins_select = _selects()
    params = {"participant_id": participant_id}
    jobs, salaries, placed = [], [], {}
    for pid, ref, role, employer, start, ended, reason, note, salary, hours, currency in db.session.execute(
            placements_select, params):
        placed[pid] = (ref, currency)
        jobs.append(HistoryJob(role, employer, start, ended, reason, note, salary, hours, currency,
                               placement_id=pid, placement_ref=ref))
        if salary:
            salaries.append(SalaryPoint(ref, 0, salary, currency, start))
    for job_id, role, employer, start, ended, reason, salary, hours, placement_id in db.session.execute(
            later_select, params):
        currency = placed.get(placement_id, ("", ""))[1]
        jobs.append(HistoryJob(role, employer or "", start, ended, reason, "", salary, hours, currency,
                               later_job_id=job_id))
    for placement_id, week, salary, answered_at in db.session.execute(check_ins_select, params):
        ref, currency = placed.get(placement_id, ("", ""))
        salaries.append(SalaryPoint(ref, week, salary, currency, answered_at.date()))
    jobs.sort(key=lambda job: job.started_on)
    return {"jobs": jobs, "salaries": salaries}
