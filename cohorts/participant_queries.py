"""Read-side queries for participant pages (staff and portal): eager-load what templates show."""

from __future__ import annotations

from datetime import UTC, date, datetime
from functools import cache

from sqlalchemy import ColumnElement, bindparam, exists, func, or_, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from app.extensions import db
from app.keyset import Cursor, KeysetPage, keyset_page
from app.models import Role, Skill, User
from cohorts.assessments import (
    cohort_assessed_participants,
    cohort_skill_gain,
    mean_gain,
    skill_progress,
    taught_levels,
)
from cohorts.attendance import cohort_attendance_rates, participant_attendance_rates, session_roster
from cohorts.models import (
    Attendance,
    Candidacy,
    Cohort,
    CohortSession,
    Enrolment,
    EnrolmentStatus,
    Participant,
    Placement,
    SkillAssessment,
)
from cohorts.participant_record import record_sections
from cohorts.participants import may_write_notes
from employers.models import HiringNeed

#: enrolments whose cohort's sessions are on the participant's schedule
SCHEDULED_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)


def coach_choices() -> list[tuple[int, str]]:
    """(id, name) of every active staff member, for the coach drop-downs.

    Plain rows through the session's connection: the ORM's result processing doubled the cost of
    listing hundreds of rows.
    """
    rows = db.session.connection().execute(
        select(User.id, User.full_name, User.email).where(User.role.in_([Role.staff, Role.admin]), User.active.is_(True))
        .order_by(User.full_name, User.email)
    )
    return [(user_id, full_name or email) for user_id, full_name, email in rows]


def cohort_choices() -> list[tuple[int, str]]:
    """(id, display name) of every cohort, newest first, for the cohort filter (plain rows, as coaches)."""
    rows = db.session.connection().execute(
        select(Cohort.id, Cohort.code, Cohort.name).order_by(Cohort.starts_on.desc(), Cohort.code))
    return [(cohort_id, Cohort.label_for(code, name)) for cohort_id, code, name in rows]


#: the participant list's order; ix_participants_live_name serves it and its keyset pages
LIST_ORDER = (Participant.last_name, Participant.first_name, Participant.id)


def participants_page(*, cursor: Cursor = Cursor(), per_page: int = 25, **filters) -> KeysetPage:
    """A keyset page of the participant list, filtered, with coach and cohorts loaded."""
    conditions = participant_conditions(**filters)
    unfiltered = len(conditions) == 1  # live records only
    return keyset_page(
        _participants().where(*conditions), select(func.count()).select_from(Participant).where(*conditions),
        LIST_ORDER, cursor, per_page, total=live_participant_count() if unfiltered else None,
    )


def live_participant_count() -> int:
    """Participants not erased: every row less the erased few.

    An unfiltered count(*) is answered from the table's b-tree pages on SQLite (50,000 rows in
    microseconds), where counting the rows "anonymised_at IS NULL" reads each of them.
    """
    everyone = select(func.count()).select_from(Participant).scalar_subquery()
    erased = select(func.count()).select_from(Participant).where(Participant.anonymised_at.is_not(None))
    return db.session.scalar(select(everyone - erased.scalar_subquery()))


def participants_select(**filters):
    """The list's filtered, ordered query (the CSV/XLSX export takes it whole)."""
    return _participants().where(*participant_conditions(**filters)).order_by(*LIST_ORDER)


def _participants():
    """Participants with only what the list and its export show: no intake texts, no whole cohorts."""
    return select(Participant).options(
        load_only(Participant.first_name, Participant.last_name, Participant.email, Participant.phone,
                  Participant.region, Participant.referral_source, Participant.consent_to_share),
        joinedload(Participant.coach).load_only(User.full_name, User.email),
        selectinload(Participant.enrolments).options(
            load_only(Enrolment.status), joinedload(Enrolment.cohort).load_only(Cohort.code)),
    )


def participant_conditions(
    *, search: str = "", cohort_id: int | None = None, coach_id: int | None = None, consent: str = "",
) -> list[ColumnElement[bool]]:
    """The list's filters as WHERE conditions: live records, then what the staff member chose."""
    conditions = [Participant.anonymised_at.is_(None)]
    if search.strip():
        like = f"%{search.strip().lower()}%"
        conditions.append(or_(
            Participant.first_name.ilike(like), Participant.last_name.ilike(like), Participant.email.ilike(like)
        ))
    if cohort_id:
        conditions.append(exists().where(Enrolment.participant_id == Participant.id, Enrolment.cohort_id == cohort_id))
    if coach_id:
        conditions.append(Participant.coach_id == coach_id)
    if consent in ("given", "not_given"):
        conditions.append(Participant.consent_to_share.is_(consent == "given"))
    return conditions


@cache
def _participant_detail_select():
    """A live participant (:participant_id) with what the staff page shows; built once per process."""
    return (
        select(Participant)
        .options(joinedload(Participant.coach))
        .where(Participant.id == bindparam("participant_id"), Participant.anonymised_at.is_(None))
    )


def participant_detail(participant_id: int, viewer: User, today: date) -> dict | None:
    """Everything the staff participant page shows, loaded up front; None when not to be shown.

    The participant is looked up here, not first by get_or_404: one query less. Anonymised
    records are not shown (as staff_participants._participant). Its sections are plain rows
    (cohorts.participant_record).
    """
    p = db.session.scalars(_participant_detail_select(), {"participant_id": participant_id}).one_or_none()
    if p is None:
        return None
    progress = skill_progress(p)
    return {
        "participant": p,
        **record_sections(p.id),
        "attendance_rates": {
            cid: rate for (cid, _pid), rate in participant_attendance_rates(today, participant_ids=[p.id]).items()
        },
        "progress": progress,
        "mean_gain": mean_gain(progress),
        "may_write_notes": may_write_notes(viewer, p),
    }


def attendance_sheet(session: CohortSession) -> dict:
    """A session's register: the participants who may be marked and what is recorded."""
    roster = session_roster(session)
    marked = dict(db.session.execute(
        select(Attendance.participant_id, Attendance.status).where(Attendance.session_id == session.id)
    ).all())
    return {"session": session, "roster": roster, "marked": marked}


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


# --- the participant portal: always the logged-in participant's own records ---------------


def my_cohort_ids(participant_id: int) -> list[int]:
    return list(db.session.scalars(select(Enrolment.cohort_id).where(
        Enrolment.participant_id == participant_id, Enrolment.status.in_(SCHEDULED_STATUSES))))


def my_schedule(participant_id: int, now: datetime | None = None) -> dict:
    now = now or datetime.now(UTC)
    sessions = db.session.scalars(
        select(CohortSession)
        .options(joinedload(CohortSession.employer), joinedload(CohortSession.cohort))
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
        select(Enrolment).options(joinedload(Enrolment.cohort)).where(Enrolment.participant_id == participant_id)
    ).all()
    return {
        "rows": rows,
        "rates": [(e.cohort, rates.get((e.cohort_id, participant_id))) for e in enrolments
                  if (e.cohort_id, participant_id) in rates],
    }


def my_applications(participant_id: int) -> list[Candidacy]:
    return list(db.session.scalars(
        select(Candidacy)
        .options(joinedload(Candidacy.hiring_need).joinedload(HiringNeed.employer))
        .where(Candidacy.participant_id == participant_id)
        .order_by(Candidacy.stage_changed_at.desc())
    ))


def my_placements(participant_id: int) -> list[Placement]:
    return list(db.session.scalars(
        select(Placement)
        .options(joinedload(Placement.employer), selectinload(Placement.retention_checks))
        .where(Placement.participant_id == participant_id)
        .order_by(Placement.start_date.desc())
    ))
