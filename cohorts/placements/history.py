"""A person's work history after a placement: how the placement ended, and the jobs that came later.

Staff record these; the outcome measures beyond 180 days (cohorts/outcomes/beyond.py) read them as
evidence of being in work a year on. Every change is audited. A voided placement is not part of the
history: it cannot be ended, and later jobs never follow one.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import sqlalchemy as sa

from app.audit import changed_fields, record_audit
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.models import JobEndReason, LaterJob, Participant, Placement, placement_term_problems
from employers.models import Employer

#: the later job's fields staff enter (the employer is chosen or typed apart)
LATER_JOB_FIELDS = ("role_title", "started_on", "ended_on", "end_reason", "annual_salary", "hours_per_week")
#: no programme to judge a later job's salary by (no placement before it): any positive figure
_ANY_SALARY = (1, 10**9)


def _ending_problems(start: date, ended_on: date | None, reason, today: date) -> list[tuple[str, str]]:
    if ended_on is None:
        return [("ended_on", "Enter the date the job ended.")] if reason else []
    problems = []
    if ended_on < start:
        problems.append(("ended_on", f"A job cannot end before it started ({start:%-d %b %Y})."))
    if ended_on > today:
        problems.append(("ended_on", "The end date cannot be in the future."))
    if not reason:
        problems.append(("end_reason", "Choose why the job ended."))
    return problems


def end_placement(placement: Placement, *, ended_on: date | None, end_reason: JobEndReason | str | None,
                  end_note: str, today: date, actor: User | None) -> Placement:
    """Record that the job ended (or, with no date and no reason, that it did not: a correction
    reopens it); audited with each old → new value."""
    if placement.is_void:
        raise CohortRuleError("This placement was voided: it is not part of the work history.")
    problems = _ending_problems(placement.start_date, ended_on, end_reason, today)
    if problems:
        raise CohortRuleError.from_problems(problems)
    placement.ended_on = ended_on
    placement.end_reason = JobEndReason(end_reason) if ended_on else None
    placement.end_note = (end_note or "").strip() if ended_on else ""
    changes = changed_fields(placement)
    changes.pop("version", None)
    if changes:
        db.session.flush()
        record_audit(actor, "placement", placement.id, "ended" if ended_on else "reopened", changes)
    return placement


def _latest_placement(participant: Participant) -> Placement | None:
    return db.session.scalars(
        sa.select(Placement).where(Placement.participant_id == participant.id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date.desc(), Placement.id.desc()).limit(1)).first()


def _later_job_problems(values: dict, placement: Placement | None, today: date) -> list[tuple[str, str]]:
    programme = placement.cohort.programme if placement is not None else None
    problems = placement_term_problems(
        start_date=values["started_on"], offer_accepted_on=None, enrolled_on=None,
        hours_per_week=values["hours_per_week"], annual_salary=values["annual_salary"],
        salary_range=(programme.salary_min, programme.salary_max) if programme else _ANY_SALARY,
        currency=programme.currency if programme else "",
    )
    problems = [(field or "", message) for field, message in problems]
    if not values["role_title"]:
        problems.append(("role_title", "Enter the job's role title."))
    if values["started_on"] > today:
        problems.append(("started_on", "The start date cannot be in the future."))
    return problems + _ending_problems(values["started_on"], values["ended_on"], values["end_reason"], today)


def save_later_job(participant: Participant, job: LaterJob | None, *, employer: Employer | None,
                   employer_name: str, today: date, actor: User | None, **fields) -> LaterJob:
    """Add (job None) or change a later job: a hiring partner chosen, or an employer's name typed."""
    values = {key: fields.get(key) for key in LATER_JOB_FIELDS}
    values["role_title"] = (values["role_title"] or "").strip()
    if values["hours_per_week"] is not None:
        values["hours_per_week"] = Decimal(str(values["hours_per_week"]))
    name = (employer_name or "").strip()
    placement = _latest_placement(participant) if job is None else job.placement
    problems = _later_job_problems(values, placement, today)
    if employer is None and not name:
        problems.insert(0, ("employer", "Choose a hiring partner or type the employer's name."))
    if problems:
        raise CohortRuleError.from_problems(problems)
    values["end_reason"] = JobEndReason(values["end_reason"]) if values["ended_on"] else None
    created = job is None
    if created:
        job = LaterJob(participant=participant, placement=placement, recorded_by_id=actor.id if actor else None)
        db.session.add(job)
    job.employer, job.employer_name = employer, "" if employer is not None else name
    for key, value in values.items():
        setattr(job, key, value)
    changes = changed_fields(job)
    db.session.flush()
    if changes or created:
        record_audit(actor, "later_job", job.id, "recorded" if created else "changed", changes)
    return job


def delete_later_job(job: LaterJob, actor: User | None) -> None:
    """Remove a later job entered in error (audited with what it said)."""
    record_audit(actor, "later_job", job.id, "deleted",
                 {"participant_id": [job.participant_id, None], "role_title": [job.role_title, None]})
    db.session.delete(job)
    db.session.flush()
