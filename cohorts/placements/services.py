"""Candidacies, placements and retention checks: the rules, enforced in one place.

Services flush and audit; they never commit. A broken rule raises CohortRuleError
before anything is changed, so the route can show the message next to the field.
"""

from __future__ import annotations

import re
from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.audit import changed_fields, record_audit
from app.dates import local_today
from app.db import utcnow
from app.extensions import db
from app.models import User
from app.webhooks import WEBHOOK_FIELDS, emit, record_of
from cohorts import notices
from cohorts.documents.queries import shared_cv
from cohorts.errors import CohortRuleError
from cohorts.models import (
    Candidacy,
    CandidacyStage,
    Cohort,
    CohortHiringNeed,
    EmploymentType,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Placement,
    RetentionCheck,
    StillEmployed,
    placement_term_problems,
)
from employers.models import HiringNeed, HiringNeedStatus
from employers.services import change_need_status

S = CandidacyStage
#: where a candidacy may go next; "hired" only through record_placement
TRANSITIONS: dict[CandidacyStage, frozenset[CandidacyStage]] = {
    S.shortlisted: frozenset({S.introduced, S.withdrawn}),
    S.introduced: frozenset({S.interviewing, S.not_selected, S.withdrawn}),
    S.interviewing: frozenset({S.offer, S.not_selected, S.withdrawn}),
    S.offer: frozenset({S.hired, S.not_selected, S.withdrawn}),
    S.hired: frozenset(),
    S.not_selected: frozenset(),
    S.withdrawn: frozenset(),
}
#: the moves an employer makes in its portal (hired goes through the hire form)
EMPLOYER_MOVES = (S.interviewing, S.offer, S.not_selected)
CLOSING_STAGES = frozenset({S.hired, S.not_selected, S.withdrawn})
DAY_MARKS = (90, 180)
REF_PREFIX = "PL-"


def _enrolment_for(participant_id: int, cohort_id: int | None) -> Enrolment | None:
    if cohort_id is None:
        return None
    return db.session.scalar(
        sa.select(Enrolment).where(Enrolment.participant_id == participant_id, Enrolment.cohort_id == cohort_id)
    )


def _covering_enrolment(need: HiringNeed, participant: Participant) -> Enrolment | None:
    """The participant's enrolment in a cohort that covers the need (latest id wins)."""
    return db.session.scalar(
        sa.select(Enrolment)
        .join(CohortHiringNeed, CohortHiringNeed.cohort_id == Enrolment.cohort_id)
        .where(
            CohortHiringNeed.hiring_need_id == need.id,
            Enrolment.participant_id == participant.id,
            Enrolment.status.in_([EnrolmentStatus.enrolled, EnrolmentStatus.completed]),
            Enrolment.exclusion_reason.is_(None),
        )
        .order_by(Enrolment.id.desc())
        .limit(1)
    )


def _set_stage(candidacy: Candidacy, stage: CandidacyStage, actor: User | None, feedback: str = "") -> None:
    now = utcnow()
    candidacy.stage = stage
    candidacy.stage_changed_at = now
    if stage in (S.introduced, S.interviewing, S.offer):
        setattr(candidacy, f"{stage.value}_at", now)
    if stage in CLOSING_STAGES:
        candidacy.closed_at = now
    if feedback.strip():
        candidacy.employer_feedback = feedback.strip()
    changes = changed_fields(candidacy)
    db.session.flush()
    record_audit(actor, "candidacy", candidacy.id, "stage_changed", changes)
    notices.stage_changed(candidacy)
    emit("candidacy.stage_changed", record_of(candidacy, *WEBHOOK_FIELDS["candidacy"]))


def shortlist(need: HiringNeed, participant: Participant, actor: User | None) -> Candidacy:
    """Put a participant of a covering cohort on the need's shortlist (staff only see it)."""
    existing = db.session.scalar(
        sa.select(Candidacy).where(Candidacy.hiring_need_id == need.id, Candidacy.participant_id == participant.id)
    )
    if existing is not None:
        raise CohortRuleError(
            f"{participant.full_name} is already a candidate for {need.ref} ({existing.stage.label.lower()})."
        )
    enrolment = _covering_enrolment(need, participant)
    if enrolment is None:
        raise CohortRuleError(
            f"{participant.full_name} is not enrolled in a cohort that covers {need.ref}."
        )
    candidacy = Candidacy(participant=participant, hiring_need=need, cohort_id=enrolment.cohort_id,
                          stage=S.shortlisted, shortlisted_at=utcnow(), stage_changed_at=utcnow())
    db.session.add(candidacy)
    db.session.flush()
    record_audit(actor, "candidacy", candidacy.id, "shortlisted",
                 {"participant_id": [None, participant.id], "hiring_need_id": [None, need.id],
                  "stage": [None, S.shortlisted.value]})
    return candidacy


def introduce(candidacy: Candidacy, actor: User | None) -> Candidacy:
    """Introduce a shortlisted participant to the employer: only with their consent."""
    participant = candidacy.participant
    if not participant.consent_to_share:
        raise CohortRuleError(
            f"{participant.full_name} has not consented to share their profile with employers, "
            "so they cannot be introduced. Ask them to give consent in their portal first."
        )
    if candidacy.stage != S.shortlisted:
        raise CohortRuleError(f"Only a shortlisted candidate can be introduced (this one is {candidacy.stage.label.lower()}).")
    candidacy.shared_cv = shared_cv(participant.id)  # the employer gets the version chosen now (docs/DOCUMENTS.md)
    _set_stage(candidacy, S.introduced, actor)
    return candidacy


def move_candidacy(candidacy: Candidacy, stage: CandidacyStage | str, actor: User | None,
                   feedback: str = "") -> Candidacy:
    """Move a candidacy one step along its allowed path, with the employer's feedback."""
    stage = CandidacyStage(stage)
    if stage == S.hired:
        raise CohortRuleError("Record the placement (offer accepted, start date, salary) to mark a hire.", "stage")
    if stage == S.introduced:
        raise CohortRuleError("Introduce a candidate from the shortlist (it checks their consent).", "stage")
    if stage not in TRANSITIONS[candidacy.stage]:
        raise CohortRuleError(
            f"A candidate who is {candidacy.stage.label.lower()} cannot move to {stage.label.lower()}.", "stage"
        )
    _set_stage(candidacy, stage, actor, feedback)
    return candidacy


def next_placement_ref() -> str:
    """The next free "PL-0001"-style reference (numbers beyond 9999 simply grow)."""
    refs = db.session.scalars(
        sa.select(Placement.ref).where(Placement.ref.like(f"{REF_PREFIX}%"))
        .order_by(sa.func.length(Placement.ref).desc(), Placement.ref.desc()).limit(20)
    ).all()
    numbers = [int(m.group(1)) for r in refs if (m := re.fullmatch(rf"{REF_PREFIX}(\d+)", r))]
    return f"{REF_PREFIX}{max(numbers, default=0) + 1:04d}"


def record_placement(
    candidacy: Candidacy,
    *,
    start_date: date,
    actor: User | None,
    offer_accepted_on: date | None = None,
    annual_salary: int | None = None,
    hours_per_week: Decimal | float | None = None,
    employment_type: EmploymentType | str = EmploymentType.permanent,
    in_field: bool = True,
    role_title: str | None = None,
) -> Placement:
    """Mark an offer hired and record the placement with its 90- and 180-day retention checks."""
    if candidacy.stage == S.hired or db.session.scalar(
        sa.select(Placement.id).where(Placement.candidacy_id == candidacy.id)
    ):
        raise CohortRuleError("This candidacy is already hired: a candidacy has one placement only.")
    if candidacy.stage != S.offer:
        raise CohortRuleError(
            f"Only a candidate with an offer can be hired (this one is {candidacy.stage.label.lower()})."
        )
    enrolment = _enrolment_for(candidacy.participant_id, candidacy.cohort_id)
    if enrolment is None or enrolment.enrolled_on is None:
        raise CohortRuleError("The participant has no enrolment date in the candidacy's cohort.")
    check_placement_terms(
        enrolment.cohort, enrolled_on=enrolment.enrolled_on, start_date=start_date,
        offer_accepted_on=offer_accepted_on, hours_per_week=hours_per_week, annual_salary=annual_salary,
    )
    need = candidacy.hiring_need
    require_open_place(need)
    placement = Placement(
        ref=next_placement_ref(), participant_id=candidacy.participant_id, employer_id=need.employer_id,
        hiring_need_id=need.id, cohort_id=candidacy.cohort_id, candidacy_id=candidacy.id,
        role_title=role_title or need.role_title, offer_accepted_on=offer_accepted_on,
        start_date=start_date, annual_salary=annual_salary,
        hours_per_week=Decimal(str(hours_per_week)) if hours_per_week is not None else None,
        employment_type=EmploymentType(employment_type), in_field=in_field,
    )
    placement.retention_checks = [
        RetentionCheck(day_mark=mark, due_on=start_date + timedelta(days=mark)) for mark in DAY_MARKS
    ]
    db.session.add(placement)
    db.session.flush()
    record_audit(actor, "placement", placement.id, "created", {
        key: [None, getattr(placement, key)] for key in (
            "ref", "participant_id", "employer_id", "hiring_need_id", "cohort_id", "candidacy_id",
            "offer_accepted_on", "start_date", "annual_salary", "hours_per_week", "employment_type",
            "in_field")
    })
    _set_stage(candidacy, S.hired, actor)
    fill_need_when_full(need, actor)
    emit("placement.created", record_of(placement, *WEBHOOK_FIELDS["placement"]))
    return placement


def check_placement_terms(cohort: Cohort, *, enrolled_on: date | None, **terms) -> None:
    """Refuse a job's impossible terms (docs/PLACEMENTS.md), each next to its field."""
    programme = cohort.programme
    problems = placement_term_problems(
        enrolled_on=enrolled_on, salary_range=(programme.salary_min, programme.salary_max),
        currency=programme.currency, **terms,
    )
    if problems:
        raise CohortRuleError.from_problems(problems)


def standing_hires(need: HiringNeed) -> int:
    """Placements that fill the need and stand (a voided one frees its place)."""
    return db.session.scalar(sa.select(sa.func.count(Placement.id)).where(
        Placement.hiring_need_id == need.id, Placement.voided_at.is_(None))) or 0


def require_open_place(need: HiringNeed) -> None:
    """A new hire in the portals needs an open place; the workbook's history is not held to it."""
    hired = standing_hires(need)
    if hired >= need.openings:
        raise CohortRuleError(
            f"{need.ref} has {hired} of {need.openings} openings filled: no place is left for another hire. "
            "Staff can raise the need's openings if the employer is hiring more."
        )


def fill_need_when_full(need: HiringNeed, actor: User | None) -> None:
    """An open need whose hires reach its openings becomes filled, and so leaves matching."""
    if need.status == HiringNeedStatus.open and standing_hires(need) >= need.openings:
        change_need_status(need, HiringNeedStatus.filled, actor)


def record_retention_check(
    check: RetentionCheck,
    *,
    still_employed: StillEmployed | str,
    checked_on: date,
    actor: User | None,
    same_employer: bool | None = None,
    notes: str = "",
    today: date | None = None,
) -> RetentionCheck:
    """Record a retention outcome; refused before the placement reaches the check's day mark."""
    today = today or local_today(check.placement.cohort.time_zone)
    if checked_on < check.due_on or today < check.due_on:
        raise CohortRuleError(
            f"The placement reaches day {check.day_mark} on {check.due_on:%-d %b %Y}: "
            "its check cannot be recorded before then.", "checked_on"
        )
    if checked_on > today:
        raise CohortRuleError("The check date cannot be in the future.", "checked_on")
    check.still_employed = StillEmployed(still_employed)
    check.checked_on = checked_on
    check.same_employer = same_employer
    check.notes = notes.strip()
    check.recorded_by_id = actor.id if actor is not None else None
    changes = changed_fields(check)
    db.session.flush()
    record_audit(actor, "retention_check", check.id, "recorded", changes)
    emit("retention_check.recorded", record_of(check, *WEBHOOK_FIELDS["retention_check"]))
    return check


def confirm_still_employed_by_participant(
    check: RetentionCheck, participant: Participant, today: date | None = None
) -> RetentionCheck:
    """The participant confirms in their portal that they still work for the employer."""
    if check.placement.participant_id != participant.id:
        raise CohortRuleError("This check-in belongs to someone else.")
    if check.checked_on is not None:
        raise CohortRuleError("This check-in has already been recorded.")
    today = today or local_today(check.placement.cohort.time_zone)
    if today < check.due_on:
        raise CohortRuleError(
            f"This check-in opens on {check.due_on:%-d %b %Y}, day {check.day_mark} of the job."
        )
    check.confirmed_by_participant = True
    return record_retention_check(check, still_employed=StillEmployed.yes, checked_on=today,
                                  actor=participant.user, same_employer=True, today=today)
