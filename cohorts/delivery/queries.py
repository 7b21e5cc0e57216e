"""Read-side queries for sessions, registers, assessment grids and a participant's schedule."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy import Select, bindparam, func, or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import STAFF_ROLES, Skill, User
from cohorts.delivery.assessments import cohort_assessed_participants, cohort_skill_gain, taught_levels
from cohorts.delivery.attendance import cohort_attendance_rates, participant_attendance_rates, session_roster
from cohorts.models import (
    Attendance,
    Cohort,
    CohortSession,
    ConsortiumMember,
    Enrolment,
    EnrolmentStatus,
    SkillAssessment,
)


def cohort_sessions(cohort_id: int) -> list[CohortSession]:
    return list(db.session.scalars(
        select(CohortSession)
        .options(joinedload(CohortSession.employer), joinedload(CohortSession.facilitator),
                 joinedload(CohortSession.module))
        .where(CohortSession.cohort_id == cohort_id)
        .order_by(CohortSession.starts_at, CohortSession.id)
    ))


@cache
def _register_selects() -> dict[str, Select]:
    """The register's session (:session_id) with its cohort and programme, and its marks; built once per
    process (building them cost about what running them does)."""
    return {
        "session": select(CohortSession).options(joinedload(CohortSession.cohort).joinedload(Cohort.programme))
        .where(CohortSession.id == bindparam("session_id")),
        "marked": select(Attendance.participant_id, Attendance.status)
        .where(Attendance.session_id == bindparam("session_id")),
    }


def session_for_register(session_id: int) -> CohortSession | None:
    """A session with its cohort and programme, which the register shows (its name, its time zone):
    one query where the page made three (the session, then each of the two as it was read)."""
    return db.session.scalar(_register_selects()["session"], {"session_id": session_id})


def facilitators() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role.in_(list(STAFF_ROLES)), User.active.is_(True)).order_by(User.full_name, User.email)
    ))


def cohort_for_scheduling(cohort_id: int) -> Cohort | None:
    return db.session.scalar(
        select(Cohort).options(selectinload(Cohort.modules),
                               selectinload(Cohort.consortium).joinedload(ConsortiumMember.employer))
        .where(Cohort.id == cohort_id)
    )


def employer_sessions(employer_id: int, *, upcoming_from: datetime | None = None) -> list[CohortSession]:
    conditions = [CohortSession.employer_id == employer_id]
    if upcoming_from is not None:
        conditions.append(or_(CohortSession.ends_at >= upcoming_from, CohortSession.starts_at >= upcoming_from))
    return list(db.session.scalars(
        select(CohortSession)
        .options(joinedload(CohortSession.cohort).joinedload(Cohort.programme), joinedload(CohortSession.module))
        .where(*conditions).order_by(CohortSession.starts_at)
    ))


#: enrolments whose cohort's sessions are on the participant's schedule
SCHEDULED_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)


def attendance_sheet(session: CohortSession) -> dict:
    """A session's register: the participants who may be marked and what is recorded."""
    roster = session_roster(session)
    marked = dict(db.session.execute(_register_selects()["marked"], {"session_id": session.id}).all())
    started = session.starts_at <= datetime.now(UTC)
    return {"session": session, "roster": roster, "marked": marked, "started": started}


def assessment_grid(cohort: Cohort, today: date) -> dict:
    """The cohort's participants × taught skills, with baseline and exit levels and gains."""
    participants = cohort_assessed_participants(cohort.id)
    taught = taught_levels([cohort.id])
    skills = db.session.scalars(select(Skill).where(Skill.id.in_(taught)).order_by(Skill.label)).all()
    levels = {
        (a.participant_id, a.skill_id, a.stage.value): a.level
        for a in db.session.scalars(select(SkillAssessment).where(
            SkillAssessment.participant_id.in_([p.id for p in participants]),
            SkillAssessment.skill_id.in_(taught),
        ))
    }
    sessions = db.session.scalars(
        select(CohortSession).where(CohortSession.cohort_id == cohort.id).order_by(CohortSession.starts_at)
    ).all()
    marked = dict(db.session.execute(
        select(Attendance.session_id, func.count())
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(CohortSession.cohort_id == cohort.id)
        .group_by(Attendance.session_id)
    ).all())
    return {
        "cohort": cohort, "participants": participants, "skills": skills, "levels": levels,
        "sessions": sessions, "marked_counts": marked,
        "gain": cohort_skill_gain(cohort.id),
        "attendance_rate": cohort_attendance_rates([cohort.id], today)[cohort.id],
    }


def my_cohort_ids(participant_id: int) -> list[int]:
    return list(db.session.scalars(select(Enrolment.cohort_id).where(
        Enrolment.participant_id == participant_id, Enrolment.status.in_(SCHEDULED_STATUSES))))


def my_schedule(participant_id: int, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    sessions = db.session.scalars(
        select(CohortSession)
        .options(joinedload(CohortSession.employer), joinedload(CohortSession.cohort).joinedload(Cohort.programme))
        .where(CohortSession.cohort_id.in_(my_cohort_ids(participant_id)))
        .order_by(CohortSession.starts_at)
    ).all()
    return {
        "upcoming": [s for s in sessions if s.starts_at >= now],
        "past": [s for s in reversed(sessions) if s.starts_at < now],
    }


def my_attendance(participant_id: int, today: date) -> dict:
    rows = db.session.execute(
        select(Attendance, CohortSession)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(Attendance.participant_id == participant_id)
        .order_by(CohortSession.starts_at.desc())
    ).all()
    rates = participant_attendance_rates(today, participant_ids=[participant_id])
    enrolments = db.session.scalars(
        select(Enrolment).options(joinedload(Enrolment.cohort).joinedload(Cohort.programme))  # its time zone
        .where(Enrolment.participant_id == participant_id)
    ).all()
    return {
        "rows": rows,
        "rates": [(e.cohort, rates.get((e.cohort_id, participant_id))) for e in enrolments
                  if (e.cohort_id, participant_id) in rates],
    }
