"""The staff participant page: the participant and its sections (cohorts, applications, placements, case notes)
as plain rows.

One query a section with statements built once per process, run on the session's connection: the page
only reads them, and each ORM collection load (selectinload with its joined objects) cost ~0.4 ms however
few its rows, each ORM execution of a plain select ~0.1 ms more than the connection's.
Each section keeps the order SQLite gave the collections (by cohort, by id, notes newest first).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, func, select

from app.dates import local_today
from app.extensions import db
from app.models import User
from cohorts.learnability import measure
from cohorts.learnability.queries import participant_learnability
from cohorts.models import (
    Candidacy,
    CandidacyStage,
    CaseNote,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LearningResource,
    Participant,
    ReferralPartner,
    ResourceProgress,
    SavedPosting,
    StillEmployed,
)
from cohorts.participants.record_work import in_work_section, work_history_section
from employers.jobs.models import JobPosting
from employers.models import Employer, HiringNeed


@dataclass(frozen=True)
class ParticipantCard:
    """What the staff page shows of the participant, their coach and referral partner (columns, not objects)."""

    id: int
    first_name: str
    last_name: str
    email: str
    phone: str
    region: str
    referral_source: str
    key_life_areas: list
    needs: str
    barriers: str
    strengths: str
    interests: str
    goals: str
    consent_to_share: bool
    consent_changed_at: datetime | None
    coach_id: int | None
    #: the coach's display name (User.display_name), None without a coach
    coach_name: str | None
    referral_partner_name: str | None

    @property
    def full_name(self) -> str:  # as Participant.full_name
        return f"{self.first_name} {self.last_name}".strip()


@cache
def _card_select():
    """A live participant (:participant_id) as a ParticipantCard's columns; built once per process."""
    return (
        select(Participant.id, Participant.first_name, Participant.last_name, Participant.email, Participant.phone,
               Participant.region, Participant.referral_source, Participant.key_life_areas, Participant.needs,
               Participant.barriers, Participant.strengths, Participant.interests, Participant.goals,
               Participant.consent_to_share, Participant.consent_changed_at, Participant.coach_id,
               func.coalesce(func.nullif(User.full_name, ""), User.email), ReferralPartner.name)
        .outerjoin(User, User.id == Participant.coach_id)
        .outerjoin(ReferralPartner, ReferralPartner.id == Participant.referral_partner_id)
        .where(Participant.id == bindparam("participant_id"), Participant.anonymised_at.is_(None))
    )


def participant_card(participant_id: int) -> ParticipantCard | None:
    """The live participant's card (one query); None when there is none or it was anonymised."""
    row = db.session.connection().execute(_card_select(), {"participant_id": participant_id}).first()
    return None if row is None else ParticipantCard(*row)


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
    notes = (
        select(CaseNote.written_at, User.full_name, User.email, CaseNote.body)
        .outerjoin(User, User.id == CaseNote.author_id)
        .where(CaseNote.participant_id == participant_id)
        .order_by(CaseNote.written_at.desc(), CaseNote.id)
    )
    return enrolments, applications, notes


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


def record_sections(participant_id: int, *, marks: list, assessments: list[measure.Assessment]) -> dict:
    """enrolments, applications, placements (with their retention checks), case notes, job applications, learning,
    learnability, in-work and work history (ten queries at most), given the participant's attendance ``marks``
    (cohorts.delivery.attendance.participant_marks) and ``assessments`` (cohorts.delivery.assessments.skill_record)."""
    enrolments_select, applications_select, notes_select = _selects()
    params = {"participant_id": participant_id}
    rows = db.session.connection().execute
    history = work_history_section(participant_id)  # its placements are the placements section's, by id
    checks = history["retention_checks"]
    placements = sorted((PlacementCard(job.placement_id, job.role_title, job.employer_name, job.started_on,
                                       job.annual_salary, tuple(CheckRow(*c) for c in checks.get(job.placement_id, ())))
                         for job in history["jobs"] if job.placement_id is not None), key=lambda card: card.id)
    attended = [measure.Attendance(participant_id, mark.session_id, mark.status) for mark in marks
                if str(mark.status) in measure.ATTENDED]
    sessions = list({mark.session_id: measure.Session(mark.session_id, mark.cohort_id, mark.starts_at, mark.ends_at)
                     for mark in marks}.values())
    return {
        "enrolments": [
            EnrolmentRow(cohort_id, code, Cohort.label_for(code, name), status, enrolled_on)
            for cohort_id, code, name, status, enrolled_on in rows(enrolments_select, params)
        ],
        "applications": [ApplicationRow(*row) for row in rows(applications_select, params)],
        "placements": placements,
        "job_applications": [JobApplicationRow(*row) for row in rows(_job_applications_select(), params)],
        "learning": [LearningRow(*row) for row in rows(_learning_select(), params)],
        "learnability": participant_learnability(  # docs/LEARNABILITY.md
            participant_id, local_today(), given=(attended, sessions, assessments)),
        "in_work": in_work_section(participant_id, history),  # check-ins and risk flags (record_work.py)
        "work_history": history,  # ends, later jobs, salaries (record_work.py)
        "case_notes": [
            NoteRow(written_at, (full_name or email) if email is not None else None, body)  # as User.display_name
            for written_at, full_name, email, body in rows(notes_select, params)
        ],
    }
