"""Saving a posting, tracking the application, and recording a hire from it as a placement (flush, never commit)."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

import sqlalchemy as sa

from app.audit import changed_fields, record_audit
from app.dates import local_today
from app.db import flush_unique, utcnow
from app.errors import RuleError
from app.extensions import db
from app.models import User
from app.notifications.kinds import Kind
from app.notifications.services import notify, site_path, staff_users
from cohorts.errors import CohortRuleError
from cohorts.jobsearch.queries import placement_enrolment, programme_zone
from cohorts.models import ApplicationStage, EmploymentType, Participant, Placement, RetentionCheck, SavedPosting
from cohorts.notices import subject_of
from cohorts.placements.services import DAY_MARKS, check_placement_terms, next_placement_ref
from employers.jobs.models import JobPosting
from employers.models import Employer
from employers.services import create_employer

A = ApplicationStage
#: stages that mean the participant has applied, so the day they applied is needed
APPLIED_STAGES = frozenset({A.applied, A.interviewing, A.offer, A.hired, A.unsuccessful})
#: open applications: still waiting on the employer (the caseload watches them)
OPEN_STAGES = (A.applied, A.interviewing, A.offer)
NOTES_MAX = 2000


def save_posting(participant: Participant, posting: JobPosting, actor: User | None) -> SavedPosting:
    """Keep a posting on the participant's list (stage "saved"); saving it again keeps the one row."""
    existing = db.session.scalar(sa.select(SavedPosting).where(
        SavedPosting.participant_id == participant.id, SavedPosting.posting_id == posting.id))
    if existing is not None:
        return existing
    with flush_unique(db.session, CohortRuleError("You saved this job already.")):
        saved = SavedPosting(participant_id=participant.id, posting_id=posting.id, stage=A.saved,
                             stage_changed_at=utcnow())
        db.session.add(saved)
    record_audit(actor, "saved_posting", saved.id, "created",
                 {"participant_id": [None, participant.id], "posting_id": [None, posting.id]})
    return saved


def update_application(saved: SavedPosting, actor: User | None, *, stage: ApplicationStage | str,
                       applied_on: date | None, notes: str = "", today: date | None = None) -> SavedPosting:
    """Change the application's stage, day applied and notes; a new stage restarts the stall clock. Audited."""
    try:
        stage = A(stage)
    except ValueError:
        raise CohortRuleError("Choose a stage from the list.", "stage") from None
    today = today or local_today(programme_zone(saved.participant_id))
    notes = (notes or "").strip()
    if saved.placement_id is not None and stage != A.hired:
        raise CohortRuleError("A placement was recorded from this hire; ask staff to correct the placement instead.",
                              "stage")
    if stage in APPLIED_STAGES and applied_on is None:
        raise CohortRuleError("Give the day you applied (your best guess is fine).", "applied_on")
    if applied_on is not None and applied_on > today:
        raise CohortRuleError(f"The day you applied cannot be after today ({today:%-d %b %Y}).", "applied_on")
    if len(notes) > NOTES_MAX:
        raise CohortRuleError(f"Keep the notes under {NOTES_MAX} characters.", "notes")
    hired_now = stage == A.hired and saved.stage != A.hired
    if stage != saved.stage:
        saved.stage_changed_at = utcnow()
    saved.stage, saved.applied_on, saved.notes = stage, applied_on, notes
    changes = changed_fields(saved)
    changes.pop("updated_at", None)
    if changes:
        db.session.flush()
        record_audit(actor, "saved_posting", saved.id, "updated", changes)
    if hired_now:
        _tell_staff_of_hire(saved)
    return saved


def _tell_staff_of_hire(saved: SavedPosting) -> None:
    """The coach (or, without one, every staff member) hears of the hire, to record the placement."""
    participant, posting = saved.participant, saved.posting
    coach = participant.coach
    notify([coach] if coach is not None and coach.active else staff_users(), Kind.job_search_hire,
           f"{participant.full_name} is hired: {posting.title}",
           f"{participant.full_name} was hired from a job they found ({posting.title}"
           f"{' at ' + posting.employer_name if posting.employer_name else ''}). Record the placement.",
           link=site_path("cohorts_staff.staff_job_application", participant_id=participant.id, saved_id=saved.id),
           about=f"saved_posting:{saved.id}:hired", subject=subject_of(participant))


def employer_for_posting(name: str, posting: JobPosting, actor: User | None) -> Employer:
    """The employer called ``name`` (case-insensitive), or a new one noted as found in a job posting."""
    name = " ".join((name or "").split())
    if not name:
        raise CohortRuleError("Name the employer that hired them.", "employer_name")
    employer = db.session.scalar(sa.select(Employer).where(sa.func.lower(Employer.name) == name.lower())
                                 .order_by(Employer.id).limit(1))
    if employer is not None:
        return employer
    try:
        return create_employer(actor, name=name, notes=f"Added when a hire from a job posting was recorded: "
                                                       f"“{posting.title}” ({posting.url}).")
    except RuleError as error:
        raise CohortRuleError(error.problems[0][1], "employer_name") from None


def record_posting_placement(
    saved: SavedPosting, actor: User | None, *, employer_name: str, start_date: date,
    role_title: str = "", offer_accepted_on: date | None = None, annual_salary: int | None = None,
    hours_per_week: Decimal | float | None = None, employment_type: EmploymentType | str = EmploymentType.permanent,
    in_field: bool = True,
) -> Placement:
    """Record the placement of a hire from an aggregated posting, under the same term rules as any hire.

    The job fills no hiring need (there is no candidacy); it counts in the outcomes through the
    participant's latest cohort they were enrolled in or completed (queries.placement_enrolment).
    """
    if saved.placement_id is not None:
        raise CohortRuleError("A placement was already recorded from this application.")
    if saved.stage != A.hired:
        raise CohortRuleError("Mark the application hired before recording the placement.", "stage")
    enrolment = placement_enrolment(saved.participant_id)
    if enrolment is None:
        raise CohortRuleError("The participant has no enrolment date in a cohort, so the placement has no cohort "
                              "to count in.")
    check_placement_terms(enrolment.cohort, enrolled_on=enrolment.enrolled_on, start_date=start_date,
                          offer_accepted_on=offer_accepted_on, hours_per_week=hours_per_week,
                          annual_salary=annual_salary)
    employer = employer_for_posting(employer_name, saved.posting, actor)
    placement = Placement(
        ref=next_placement_ref(), participant_id=saved.participant_id, employer_id=employer.id, hiring_need_id=None,
        cohort_id=enrolment.cohort_id, candidacy_id=None,
        role_title=(role_title or "").strip()[:200] or saved.posting.title[:200],
        offer_accepted_on=offer_accepted_on, start_date=start_date, annual_salary=annual_salary,
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
            "ref", "participant_id", "employer_id", "cohort_id", "offer_accepted_on", "start_date",
            "annual_salary", "hours_per_week", "employment_type", "in_field")
    })
    saved.placement_id = placement.id
    db.session.flush()
    record_audit(actor, "saved_posting", saved.id, "placement_recorded", {"placement_id": [None, placement.id]})
    return placement
