"""Correcting a placement and voiding one entered in error: staff only, every change audited.

A correction is held to the same terms as a new hire (cohorts.models.placement_term_problems) and
bumps the placement's version, so two people correcting at once cannot overwrite each other. A
voided placement stays on record with its reason, but leaves the outcome measures, the employer's
view and the retention lists; its candidacy goes back to "offer" so the hire can be recorded again
correctly, and the place it took in its hiring need is freed.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from app.audit import changed_fields, record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.models import CandidacyStage, EmploymentType, Enrolment, Placement
from cohorts.placements.services import check_placement_terms, standing_hires
from employers.models import HiringNeedStatus
from employers.services import change_need_status

#: what staff may correct; who was placed, where and from which cohort are facts of the record
CORRECTABLE = ("role_title", "offer_accepted_on", "start_date", "annual_salary", "hours_per_week",
               "employment_type", "in_field")


def _enrolled_on(placement: Placement) -> date | None:
    return db.session.scalar(
        db.select(Enrolment.enrolled_on).where(Enrolment.participant_id == placement.participant_id,
                                               Enrolment.cohort_id == placement.cohort_id)
    )


def correct_placement(placement: Placement, actor: User | None, **fields) -> Placement:
    """Change the job's terms (only CORRECTABLE fields); audited with each old → new value."""
    if placement.is_void:
        raise CohortRuleError("This placement was voided: it cannot be corrected.")
    unknown = set(fields) - set(CORRECTABLE)
    if unknown:
        raise ValueError(f"not correctable: {', '.join(sorted(unknown))}")
    values = {key: fields.get(key, getattr(placement, key)) for key in CORRECTABLE}
    values["role_title"] = (values["role_title"] or "").strip()
    if not values["role_title"]:
        raise CohortRuleError("A placement needs a role title.", "role_title")
    if values["hours_per_week"] is not None:
        values["hours_per_week"] = Decimal(str(values["hours_per_week"]))
    values["employment_type"] = EmploymentType(values["employment_type"])
    check_placement_terms(
        placement.cohort, enrolled_on=_enrolled_on(placement), start_date=values["start_date"],
        offer_accepted_on=values["offer_accepted_on"], hours_per_week=values["hours_per_week"],
        annual_salary=values["annual_salary"],
    )
    _move_due_dates(placement, values["start_date"])
    for key, value in values.items():
        setattr(placement, key, value)
    changes = changed_fields(placement)
    changes.pop("version", None)
    if not changes:
        return placement
    db.session.flush()
    record_audit(actor, "placement", placement.id, "corrected", changes)
    return placement


def _move_due_dates(placement: Placement, start_date: date) -> None:
    """Retention checks count from the start date; a recorded check may not end up before its day."""
    if start_date == placement.start_date:
        return
    for check in placement.retention_checks:
        due = start_date + timedelta(days=check.day_mark)
        if check.checked_on is not None and check.checked_on < due:
            raise CohortRuleError(
                f"The {check.day_mark}-day check was recorded on {check.checked_on:%-d %b %Y}, before day "
                f"{check.day_mark} of a job starting then ({due:%-d %b %Y}).", "start_date")
        check.due_on = due


def void_placement(placement: Placement, reason: str, actor: User | None) -> Placement:
    """Take a placement entered in error out of every count, keeping it (and why) on record."""
    reason = (reason or "").strip()
    if not reason:
        raise CohortRuleError("Say why the placement is voided (e.g. entered for the wrong person).", "reason")
    if placement.is_void:
        raise CohortRuleError("This placement is already voided.")
    placement.voided_at, placement.voided_by_id, placement.void_reason = utcnow(), actor.id if actor else None, reason
    candidacy = placement.candidacy
    placement.candidacy_id = None
    changes = changed_fields(placement)
    changes.pop("version", None)
    db.session.flush()
    record_audit(actor, "placement", placement.id, "voided", changes)
    if candidacy is not None and candidacy.stage == CandidacyStage.hired:
        old = candidacy.stage
        candidacy.stage, candidacy.closed_at, candidacy.stage_changed_at = CandidacyStage.offer, None, utcnow()
        db.session.flush()
        record_audit(actor, "candidacy", candidacy.id, "stage_changed",
                     {"stage": [old.value, CandidacyStage.offer.value], "reason": [None, "placement voided"]})
    need = placement.hiring_need
    if need is not None and need.status == HiringNeedStatus.filled and standing_hires(need) < need.openings:
        change_need_status(need, HiringNeedStatus.open, actor)
    return placement
