"""The staff participant page: the participant and its sections (cohorts, applications, placements, case notes,
work history…) as plain rows.

Two statements built once per process, run on the session's connection (the page only reads them): the
participant's card, and every list section in one UNION ALL (each branch fills the typed columns of
record_work.SLOTS). Each ORM collection load cost ~0.4 ms however few its rows, and each statement through
SQLAlchemy ~20–40 µs whatever it reads: the page ran ten for its sections. Each section sorts its rows in Python, in the order its
own query gave them (by cohort, by id, notes newest first, …).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

from sqlalchemy import bindparam, func, lambda_stmt, select, union_all

from app.dates import local_today
from app.extensions import db
from app.models import User
from cohorts.learnability import measure
from cohorts.learnability.queries import participant_learnability
from cohorts.models import (
    ApplicationStage,
    Candidacy,
    CandidacyStage,
    CaseNote,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    LearningResource,
    Participant,
    ProgressStatus,
    ReferralPartner,
    ResourceProgress,
    SavedPosting,
    StillEmployed,
)
from cohorts.participants.record_work import WORK_BRANCHES, in_work_from, read_sections, slotted, work_history_from
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
    stage: ApplicationStage
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


@dataclass(frozen=True)
class LearningRow:
    title: str
    status: ProgressStatus
    started_on: date | None
    done_on: date | None
    rating: int | None
    comment: str


def _record_branches() -> list:
    """The enrolments (with their cohorts), applications, saved postings (read here: participants sits below
    jobsearch), learning resources (below learning) and case notes of :participant_id, as slotted branches."""
    participant_id = bindparam("participant_id")
    return [
        select(*slotted("enrolment", id=Enrolment.cohort_id, t1=Cohort.code, t2=Cohort.name, t3=Enrolment.status,
                        on1=Enrolment.enrolled_on))
        .join(Cohort, Cohort.id == Enrolment.cohort_id).where(Enrolment.participant_id == participant_id),
        select(*slotted("application", id=Candidacy.id, t1=Employer.name, t2=HiringNeed.role_title,
                        t3=Candidacy.stage, at=Candidacy.stage_changed_at))
        .join(HiringNeed, HiringNeed.id == Candidacy.hiring_need_id)
        .join(Employer, Employer.id == HiringNeed.employer_id).where(Candidacy.participant_id == participant_id),
        select(*slotted("job", id=SavedPosting.id, n1=SavedPosting.placement_id, t1=JobPosting.title,
                        t2=JobPosting.employer_name, t3=SavedPosting.stage, t4=SavedPosting.notes,
                        on1=SavedPosting.applied_on, at=SavedPosting.stage_changed_at))
        .join(JobPosting, JobPosting.id == SavedPosting.posting_id)
        .where(SavedPosting.participant_id == participant_id),
        select(*slotted("learning", id=ResourceProgress.id, n1=ResourceProgress.rating, t1=LearningResource.title,
                        t2=ResourceProgress.status, t3=ResourceProgress.comment, on1=ResourceProgress.started_on,
                        on2=ResourceProgress.done_on, at=ResourceProgress.updated_at))
        .join(LearningResource, LearningResource.id == ResourceProgress.resource_id)
        .where(ResourceProgress.participant_id == participant_id),
        select(*slotted("note", id=CaseNote.id, t1=User.full_name, t2=User.email, t3=CaseNote.body,
                        at=CaseNote.written_at))
        .outerjoin(User, User.id == CaseNote.author_id).where(CaseNote.participant_id == participant_id),
    ]


#: every list section of the page, built once per process
_SECTIONS = union_all(*_record_branches(), *WORK_BRANCHES)
#: run as a lambda statement, whose cache key is the lambda's code: looking the compiled UNION up by its own
#: key (~190 columns hashed) cost ~40 µs a view, as much as running it
_RECORD = lambda_stmt(lambda: _SECTIONS)


def record_sections(participant_id: int, *, marks: list, assessments: list[measure.Assessment]) -> dict:
    """enrolments, applications, placements (with their retention checks), case notes, job applications, learning,
    learnability, in-work and work history (one query), given the participant's attendance ``marks``
    (cohorts.delivery.attendance.participant_marks) and ``assessments`` (cohorts.delivery.assessments.skill_record)."""
    rows = read_sections(_RECORD, participant_id)
    history = work_history_from(rows)  # its placements are the placements section's, by id
    checks = history["retention_checks"]
    placements = sorted((PlacementCard(job.placement_id, job.role_title, job.employer_name, job.started_on,
                                       job.annual_salary, tuple(CheckRow(*c) for c in checks.get(job.placement_id, ())))
                         for job in history["jobs"] if job.placement_id is not None), key=lambda card: card.id)
    attended = [measure.Attendance(participant_id, mark.session_id, mark.status) for mark in marks
                if str(mark.status) in measure.ATTENDED]
    sessions = list({mark.session_id: measure.Session(mark.session_id, mark.cohort_id, mark.starts_at, mark.ends_at)
                     for mark in marks}.values())
    return {
        "enrolments": [EnrolmentRow(r.id, r.t1, Cohort.label_for(r.t1, r.t2), EnrolmentStatus(r.t3), r.on1)
                       for r in sorted(rows.get("enrolment", ()), key=lambda r: r.id)],
        "applications": [ApplicationRow(r.t1, r.t2, CandidacyStage(r.t3), r.at)
                         for r in sorted(rows.get("application", ()), key=lambda r: r.id)],
        "placements": placements,
        "job_applications": [  # most recently moved first
            JobApplicationRow(r.id, r.t1, r.t2, ApplicationStage(r.t3), r.on1, r.at, r.t4, r.n1)
            for r in sorted(rows.get("job", ()), key=lambda r: (r.at, r.id), reverse=True)],
        "learning": [LearningRow(r.t1, ProgressStatus(r.t2), r.on1, r.on2, r.n1, r.t3)  # latest first
                     for r in sorted(rows.get("learning", ()), key=lambda r: (r.at, r.id), reverse=True)],
        "learnability": participant_learnability(  # docs/LEARNABILITY.md
            participant_id, local_today(), given=(attended, sessions, assessments)),
        "in_work": in_work_from(rows, history),  # check-ins and risk flags (record_work.py)
        "work_history": history,  # ends, later jobs, salaries (record_work.py)
        "case_notes": [  # newest first; the author's name as User.display_name, None once their account is gone
            NoteRow(r.at, (r.t1 or r.t2) if r.t2 is not None else None, r.t3)
            for r in sorted(rows.get("note", ()), key=lambda r: (r.at, -r.id), reverse=True)],
    }
