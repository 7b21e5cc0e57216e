"""The staff participant page's sections (cohorts, applications, placements, case notes) as plain rows.

One query a section with statements built once per process: the page only reads them, and each
ORM collection load (selectinload with its joined objects) cost ~0.4 ms however few its rows.
Each section keeps the order SQLite gave the collections (by cohort, by id, notes newest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, select

from app.dates import local_today
from app.extensions import db
from app.models import User
from cohorts.learnability.queries import participant_learnability
from cohorts.models import (
    Candidacy,
    CandidacyStage,
    CaseNote,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LearningResource,
    Placement,
    ResourceProgress,
    RetentionCheck,
    SavedPosting,
    StillEmployed,
)
from cohorts.participants.record_work import in_work_section, work_history_section
from employers.jobs.models import JobPosting
from employers.models import Employer, HiringNeed


@dataclass(frozen=True)
class EnrolmentRow:
    cohort_id: int
    cohort_code: str
    cohort_label: str
    status: EnrolmentStatus
    enrolled_on: date | None


@dataclass(frozen=True)
class ApplicationRow:
    employer_name: str
    role_title: str
    stage: CandidacyStage
    stage_changed_at: datetime


@dataclass(frozen=True)
class JobApplicationRow:
    """A posting the participant saved from Jobs for you, and how their application stands (cohorts/jobsearch)."""

    id: int
    title: str
    employer_name: str
    stage: str
    applied_on: date | None
    stage_changed_at: datetime
    notes: str
    placement_id: int | None


@dataclass(frozen=True)
class CheckRow:
    day_mark: int
    due_on: date
    checked_on: date | None
    still_employed: StillEmployed | None


@dataclass(frozen=True)
class PlacementCard:
    id: int
    role_title: str
    employer_name: str
    start_date: date
    annual_salary: int | None
    retention_checks: tuple[CheckRow, ...]


@dataclass(frozen=True)
class NoteRow:
    written_at: datetime
    #: None once the author's account is gone
    author_name: str | None
    body: str


@cache
def _selects():
    participant_id = bindparam("participant_id")
    enrolments = (
        select(Enrolment.cohort_id, Cohort.code, Cohort.name, Enrolment.status, Enrolment.enrolled_on)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.participant_id == participant_id)
        .order_by(Enrolment.cohort_id)
    )
    applications = (
        select(Employer.name, HiringNeed.role_title, Candidacy.stage, Candidacy.stage_changed_at)
        .join(HiringNeed, HiringNeed.id == Candidacy.hiring_need_id)
        .join(Employer, Employer.id == HiringNeed.employer_id)
        .where(Candidacy.participant_id == participant_id)
        .order_by(Candidacy.id)
    )
    placements = (
        select(Placement.id, Placement.role_title, Employer.name, Placement.start_date, Placement.annual_salary,
               RetentionCheck.day_mark, RetentionCheck.due_on, RetentionCheck.checked_on,
               RetentionCheck.still_employed)
        .join(Employer, Employer.id == Placement.employer_id)
        .outerjoin(RetentionCheck, RetentionCheck.placement_id == Placement.id)
        .where(Placement.participant_id == participant_id, Placement.voided_at.is_(None))
        .order_by(Placement.id, RetentionCheck.day_mark)
    )
    notes = (
        select(CaseNote.written_at, User.full_name, User.email, CaseNote.body)
        .outerjoin(User, User.id == CaseNote.author_id)
        .where(CaseNote.participant_id == participant_id)
        .order_by(CaseNote.written_at.desc(), CaseNote.id)
    )
    return enrolments, applications, placements, notes


@cache
def _job_applications_select():
    """The participant's saved postings, most recently moved first (read here: participants sits below jobsearch)."""
    return (
        select(SavedPosting.id, JobPosting.title, JobPosting.employer_name, SavedPosting.stage, SavedPosting.applied_on,
               SavedPosting.stage_changed_at, SavedPosting.notes, SavedPosting.placement_id)
        .join(JobPosting, JobPosting.id == SavedPosting.posting_id)
        .where(SavedPosting.participant_id == bindparam("participant_id"))
        .order_by(SavedPosting.stage_changed_at.desc(), SavedPosting.id.desc())
    )


@dataclass(frozen=True)
class LearningRow:
    title: str
    status: str
    started_on: date | None
    done_on: date | None
    rating: int | None
    comment: str


@cache
def _learning_select():
    """The participant's learning resources, latest first (read here: participants sits below learning)."""
    return (
        select(LearningResource.title, ResourceProgress.status, ResourceProgress.started_on, ResourceProgress.done_on,
               ResourceProgress.rating, ResourceProgress.comment)
        .join(LearningResource, LearningResource.id == ResourceProgress.resource_id)
        .where(ResourceProgress.participant_id == bindparam("participant_id"))
        .order_by(ResourceProgress.updated_at.desc(), ResourceProgress.id.desc())
    )


def record_sections(participant_id: int) -> dict:
    """enrolments, applications, placements (with their retention checks), case notes and job applications
    (five queries)."""
    enrolments_select, applications_select, placements_select, notes_select = _selects()
    params = {"participant_id": participant_id}
    placements: dict[int, tuple[tuple, list[CheckRow]]] = {}
    for placement_id, role_title, employer, start_date, salary, *check in db.session.execute(placements_select, params):
        card = placements.setdefault(placement_id, ((placement_id, role_title, employer, start_date, salary), []))
        if check[0] is not None:
            card[1].append(CheckRow(*check))
    history = work_history_section(participant_id)
    return {
        "enrolments": [
            EnrolmentRow(cohort_id, code, Cohort.label_for(code, name), status, enrolled_on)
            for cohort_id, code, name, status, enrolled_on in db.session.execute(enrolments_select, params)
        ],
        "applications": [ApplicationRow(*row) for row in db.session.execute(applications_select, params)],
        "placements": [PlacementCard(*fields, tuple(checks)) for fields, checks in placements.values()],
        "job_applications": [JobApplicationRow(*row) for row in db.session.execute(_job_applications_select(), params)],
        "learning": [LearningRow(*row) for row in db.session.execute(_learning_select(), params)],
        "learnability": participant_learnability(participant_id, local_today()),  # docs/LEARNABILITY.md
        "in_work": in_work_section(participant_id, history),  # check-ins and risk flags (record_work.py)
        "work_history": history,  # ends, later jobs, salaries (record_work.py)
        "case_notes": [
            NoteRow(written_at, (full_name or email) if email is not None else None, body)  # as User.display_name
            for written_at, full_name, email, body in db.session.execute(notes_select, params)
        ],
    }
