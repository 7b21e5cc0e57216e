"""After a placement, on the staff participant page: the in-work section (check-ins and open risk
flags), the work history (placements, their ends, later jobs, salary at each check-in), and the
caseload's missed check-ins. Read here because participants sits below cohorts/inwork and the outcomes.

The record page reads its list sections in one UNION ALL (record.py): each branch fills a few typed
columns (SLOTS) and leaves the others NULL; the branches read here are WORK_BRANCHES."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import NamedTuple

import sqlalchemy as sa
from flask import current_app
from sqlalchemy import JSON, Date, Float, Integer, Numeric, Row, Text, bindparam, cast, func, null, select, type_coerce

from app.db import UTCDateTime, in_list
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
    StillEmployed,
)
from employers.models import Employer

#: recent check-ins shown on the record page
RECENT = 5

#: the columns of every branch of the record's UNION ALL, each one type in every branch: PostgreSQL types a
#: UNION's columns pair by pair, so a column NULL in the first two branches would be text in the third
SLOTS = {"id": Integer(), "n1": Integer(), "n2": Integer(), "t1": Text(), "t2": Text(), "t3": Text(), "t4": Text(),
         "t5": Text(), "t6": Text(), "on1": Date(), "on2": Date(), "at": UTCDateTime(),
         "hours": Numeric(5, 2), "score": Float(), "reasons": JSON()}


def slotted(section: str, **columns) -> list:
    """A branch's columns: its section's name, then every slot, as ``columns`` fill it or NULL (cast to the
    slot's type); enums come back as their values (the slot is text)."""
    return [sa.literal_column(f"'{section}'").label("section"),
            *(type_coerce(columns[name], kind).label(name) if name in columns else cast(null(), kind).label(name)
              for name, kind in SLOTS.items())]


def read_sections(statement: sa.Select, participant_id: int) -> dict[str, list[Row]]:
    """section → its rows (in no order: each section sorts its own), from one UNION ALL of slotted branches.
    Plain rows through the session's connection: the page only reads them."""
    found: dict[str, list[Row]] = {}
    for row in db.session.connection().execute(statement, {"participant_id": participant_id}):
        found.setdefault(row.section, []).append(row)
    return found


def _work_branches() -> list[sa.Select]:
    """The placements, their retention checks, later jobs, salaries reported at check-ins, the recent check-ins
    and the open risk flags of :participant_id, as slotted branches."""
    participant_id = bindparam("participant_id")
    live = (Placement.participant_id == participant_id, Placement.voided_at.is_(None))
    placements = (
        select(*slotted("placement", id=Placement.id, n1=Placement.annual_salary, t1=Placement.ref,
                        t2=Placement.role_title, t3=Employer.name, t4=Placement.end_reason, t5=Placement.end_note,
                        t6=Programme.currency, on1=Placement.start_date, on2=Placement.ended_on,
                        hours=Placement.hours_per_week))
        .join(Employer, Employer.id == Placement.employer_id)
        .join(Cohort, Cohort.id == Placement.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
        .where(*live)
    )
    checks = (
        select(*slotted("retention", id=RetentionCheck.placement_id, n1=RetentionCheck.day_mark,
                        t1=RetentionCheck.still_employed, on1=RetentionCheck.due_on, on2=RetentionCheck.checked_on))
        .join(Placement, Placement.id == RetentionCheck.placement_id).where(*live)
    )
    later = (
        select(*slotted("later_job", id=LaterJob.id, n1=LaterJob.annual_salary, n2=LaterJob.placement_id,
                        t1=LaterJob.role_title, t2=func.coalesce(Employer.name, LaterJob.employer_name),
                        t3=LaterJob.end_reason, on1=LaterJob.started_on, on2=LaterJob.ended_on,
                        hours=LaterJob.hours_per_week))
        .outerjoin(Employer, Employer.id == LaterJob.employer_id)
        .where(LaterJob.participant_id == participant_id)
    )
    salaries = (
        select(*slotted("salary", id=CheckIn.placement_id, n1=CheckIn.week, n2=CheckIn.annual_salary,
                        at=CheckIn.answered_at))
        .join(Placement, Placement.id == CheckIn.placement_id)
        .where(CheckIn.participant_id == participant_id, Placement.voided_at.is_(None),
               CheckIn.answered_at.is_not(None), CheckIn.annual_salary.is_not(None))
    )
    recent = (  # a subquery for its LIMIT; NULLs only outside it (PostgreSQL types a subquery's NULL as text)
        select(CheckIn.id, CheckIn.week, CheckIn.rating, CheckIn.text, Placement.role_title, CheckIn.due_on,
               CheckIn.answered_at)
        .join(Placement, Placement.id == CheckIn.placement_id).where(CheckIn.participant_id == participant_id)
        .order_by(CheckIn.due_on.desc(), CheckIn.id.desc()).limit(RECENT).subquery()
    )
    check_ins = select(*slotted("check_in", id=recent.c.id, n1=recent.c.week, n2=recent.c.rating, t1=recent.c.text,
                                t2=recent.c.role_title, on1=recent.c.due_on, at=recent.c.answered_at))
    flags = (
        select(*slotted("flag", id=RiskFlag.id, n1=CheckIn.week, score=RiskFlag.score, reasons=RiskFlag.reasons,
                        at=RiskFlag.raised_at))
        .join(CheckIn, CheckIn.id == RiskFlag.check_in_id)
        .where(RiskFlag.participant_id == participant_id, RiskFlag.status == RiskFlagStatus.open)
    )
    return [placements, checks, later, salaries, check_ins, flags]


#: the work sections' branches, built once (record.py adds them to its own)
WORK_BRANCHES = _work_branches()
_WORK = sa.union_all(*WORK_BRANCHES)


class CheckInRow(NamedTuple):
    """A recent check-in of the in-work section."""

    id: int
    week: int
    due_on: date
    answered_at: datetime | None
    rating: int | None
    text: str
    role_title: str


class FlagRow(NamedTuple):
    """An open risk flag of the in-work section, with why it was raised."""

    id: int
    score: float
    reasons: list
    week: int


def in_work_section(participant_id: int) -> dict:
    """{placements: [(id, role_title)], check_ins: recent rows, open_flags: rows with reasons}, or {} without a
    live placement (one query)."""
    rows = read_sections(_WORK, participant_id)
    return in_work_from(rows, work_history_from(rows))


def in_work_from(rows: dict[str, list[Row]], history: dict) -> dict:
    """The in-work section from the record's rows and its work history (whose placements are the same live ones)."""
    placements = sorted(((job.started_on, job.placement_id, job.role_title) for job in history["jobs"]
                         if job.placement_id is not None), reverse=True)  # latest start first, then latest id
    if not placements:
        return {}
    check_ins = sorted(rows.get("check_in", ()), key=lambda r: (r.on1, r.id), reverse=True)  # as its LIMIT took them
    flags = sorted(rows.get("flag", ()), key=lambda r: r.at, reverse=True)
    return {"placements": [(pid, role) for _start, pid, role in placements],
            "check_ins": [CheckInRow(r.id, r.n1, r.on1, r.at, r.n2, r.t1, r.t2) for r in check_ins],
            "open_flags": [FlagRow(r.id, r.score, r.reasons, r.n1) for r in flags]}


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
    .where(in_list(CheckIn.participant_id, "ids"), CheckIn.answered_at.is_(None),
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


def work_history_section(participant_id: int) -> dict:
    """The work history on its own (one query): see work_history_from."""
    return work_history_from(read_sections(_WORK, participant_id))


def work_history_from(rows: dict[str, list[Row]]) -> dict:
    """{"jobs": the timeline oldest first, "salaries": starting salary then each reported one, "retention_checks":
    live placement id → its (day_mark, due_on, checked_on, still_employed) by day}, from the record's rows."""
    jobs, salaries, placed, checks = [], [], {}, {}
    for r in sorted(rows.get("retention", ()), key=lambda r: r.n1):
        checks.setdefault(r.id, []).append((r.n1, r.on1, r.on2, None if r.t1 is None else StillEmployed(r.t1)))
    for r in sorted(rows.get("placement", ()), key=lambda r: (r.on1, r.id)):
        placed[r.id] = (r.t1, r.t6)
        jobs.append(HistoryJob(r.t2, r.t3, r.on1, r.on2, _reason(r.t4), r.t5, r.n1, r.hours, r.t6,
                               placement_id=r.id, placement_ref=r.t1))
        if r.n1:
            salaries.append(SalaryPoint(r.t1, 0, r.n1, r.t6, r.on1))
    for r in sorted(rows.get("later_job", ()), key=lambda r: (r.on1, r.id)):
        currency = placed.get(r.n2, ("", ""))[1]
        jobs.append(HistoryJob(r.t1, r.t2 or "", r.on1, r.on2, _reason(r.t3), "", r.n1, r.hours, currency,
                               later_job_id=r.id))
    for r in sorted(rows.get("salary", ()), key=lambda r: (r.id, r.n1)):
        ref, currency = placed.get(r.id, ("", ""))
        salaries.append(SalaryPoint(ref, r.n1, r.n2, currency, r.at.date()))
    jobs.sort(key=lambda job: job.started_on)
    return {"jobs": jobs, "salaries": salaries, "retention_checks": checks}


def _reason(value: str | None) -> JobEndReason | None:
    return None if value is None else JobEndReason(value)
