"""Read-side queries for participant and enrolment pages: eager-load what they show."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import NamedTuple

from flask import current_app
from sqlalchemy import ColumnElement, bindparam, false, func, select
from sqlalchemy.orm import joinedload, load_only, selectinload

from app.extensions import db
from app.models import Role, RowCount, User
from app.pagination import Cursor, KeysetPage, keyset_page
from cohorts.delivery.assessments import mean_gain, skill_record
from cohorts.delivery.attendance import participant_marks, rates_from_marks
from cohorts.learnability import measure
from cohorts.models import Cohort, CohortSession, CohortStatus, Enrolment, EnrolmentStatus, Participant
from cohorts.participants.record import participant_card, record_sections
from cohorts.participants.services import may_write_notes
from cohorts.search.index import SearchKind, matching_ids


def enrolment_counts(cohort_ids: list[int]) -> dict[int, dict[str, int]]:
    """{cohort_id: {status: n, 'waitlist': n}} in one query."""
    result: dict[int, dict[str, int]] = {cid: {} for cid in cohort_ids}
    if not cohort_ids:
        return result
    rows = db.session.execute(
        select(Enrolment.cohort_id, Enrolment.status, Enrolment.waitlist_position.is_not(None), func.count())
        .where(Enrolment.cohort_id.in_(cohort_ids))
        .group_by(Enrolment.cohort_id, Enrolment.status, Enrolment.waitlist_position.is_not(None))
    )
    for cohort_id, status, waitlisted, n in rows:
        counts = result[cohort_id]
        counts[status.value] = counts.get(status.value, 0) + n
        if waitlisted:
            counts["waitlist"] = counts.get("waitlist", 0) + n
    return result


def enrolments_page(cohort_id: int, page: int, *, status: str | None = None):
    return db.paginate(enrolments_select(cohort_id, status=status), page=page,
                       per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)


def enrolments_select(cohort_id: int, *, status: str | None = None):
    """The list's filtered query, waitlist first (the export takes it whole)."""
    stmt = (
        select(Enrolment).options(joinedload(Enrolment.participant))
        .where(Enrolment.cohort_id == cohort_id)
        .order_by(Enrolment.waitlist_position.is_(None), Enrolment.waitlist_position,
                  Enrolment.applied_on, Enrolment.id)
    )
    if status == "waitlist":
        stmt = stmt.where(Enrolment.waitlist_position.is_not(None))
    elif status:
        stmt = stmt.where(Enrolment.status == status)
    return stmt


def coach_choices() -> list[tuple[int, str]]:
    """(id, name) of every active staff member, for the coach drop-downs.

    Plain rows through the session's connection: the ORM's result processing doubled the cost of
    listing hundreds of rows.
    """
    return [(user_id, full_name or email) for user_id, full_name, email in db.session.connection().execute(_COACHES)]


#: built once per process: constructing them cost as much as running them
_COACHES = (select(User.id, User.full_name, User.email)
            .where(User.role.in_([Role.staff, Role.admin]), User.active.is_(True)).order_by(User.full_name, User.email))
_COHORTS = select(Cohort.id, Cohort.code, Cohort.name).order_by(Cohort.starts_on.desc(), Cohort.code)


def cohort_choices() -> list[tuple[int, str]]:
    """(id, display name) of every cohort, newest first, for the cohort filter (plain rows, as coaches)."""
    return [(cohort_id, Cohort.label_for(code, name))
            for cohort_id, code, name in db.session.connection().execute(_COHORTS)]


#: the participant list's order; ix_participants_live_name serves it and its keyset pages
LIST_ORDER = (Participant.last_name, Participant.first_name, Participant.id)


def participants_page(*, cursor: Cursor = Cursor(), per_page: int = 25, **filters) -> KeysetPage:  # noqa: B008 (frozen)
    """A keyset page of the participant list, filtered: ListedParticipant rows with coach and cohorts.

    Plain rows, not entities: the list shows five fields of each person, and loading 25 people
    with their enrolments and cohorts as objects cost a third of the page.
    """
    conditions = participant_conditions(**filters)
    unfiltered = len(conditions) == 1  # live records only
    page = keyset_page(
        _LISTED.where(*conditions), select(func.count()).select_from(Participant).where(*conditions),
        LIST_ORDER, cursor, per_page, total=live_participant_count() if unfiltered else None,
    )
    enrolments: dict[int, list[tuple[str, EnrolmentStatus]]] = {row.id: [] for row in page.items}
    if enrolments:
        for participant_id, code, status in db.session.execute(_LISTED_ENROLMENTS, {"ids": list(enrolments)}):
            enrolments[participant_id].append((code, status))
    return replace(page, items=[ListedParticipant(*row, enrolments=enrolments[row.id]) for row in page.items])


class ListedParticipant(NamedTuple):
    """One row of the participant list."""

    id: int
    first_name: str
    last_name: str
    email: str
    consent_to_share: bool
    coach_name: str | None
    #: (cohort code, enrolment status), in the order of enrolment
    enrolments: list[tuple[str, EnrolmentStatus]]

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()


#: built once per process (as _COACHES); the coach's name as User.display_name gives it
_LISTED = (select(Participant.id, Participant.first_name, Participant.last_name, Participant.email,
                  Participant.consent_to_share, func.coalesce(func.nullif(User.full_name, ""), User.email))
           .outerjoin(User, User.id == Participant.coach_id))
_LISTED_ENROLMENTS = (select(Enrolment.participant_id, Cohort.code, Enrolment.status)
                      .join(Cohort, Cohort.id == Enrolment.cohort_id)
                      .where(Enrolment.participant_id.in_(bindparam("ids", expanding=True)))
                      .order_by(Enrolment.participant_id, Enrolment.id))


def live_participant_count() -> int:
    """Participants not erased: kept by triggers (app.models.count_rows), not counted per view."""
    return db.session.scalar(_LIVE_COUNT)


_LIVE_COUNT = select(RowCount.value).where(RowCount.name == "live_participants")


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
    if search.strip():  # the staff search index: every word begun, a "first last" name in either order
        ids = matching_ids(SearchKind.participant, search, db.engine.dialect.name)
        conditions.append(Participant.id.in_(ids) if ids is not None else false())
    if cohort_id:  # IN, not EXISTS: the planner starts from the cohort's enrolments, not from every participant
        conditions.append(Participant.id.in_(select(Enrolment.participant_id).where(Enrolment.cohort_id == cohort_id)))
    if coach_id:
        conditions.append(Participant.coach_id == coach_id)
    if consent in ("given", "not_given"):
        conditions.append(Participant.consent_to_share.is_(consent == "given"))
    return conditions


def participant_detail(participant_id: int, viewer: User, today: date) -> dict | None:
    """Everything the staff participant page shows, loaded up front; None when not to be shown.

    The participant is looked up here, not first by get_or_404: one query less. Anonymised
    records are not shown (as staff_participants._participant). The participant and its sections
    are plain rows (cohorts/participants/record.py); the attendance marks and the skill assessments
    are read once, for the attendance rates and learnability, and for skills progress and learnability.
    """
    p = participant_card(participant_id)
    if p is None:
        return None
    marks = participant_marks(p.id)
    progress, assessments = skill_record(p.id)
    return {
        "participant": p,
        **record_sections(p.id, marks=marks, assessments=[measure.Assessment(*row) for row in assessments]),
        "attendance_rates": rates_from_marks(marks, today),
        "progress": progress,
        "mean_gain": mean_gain(progress),
        "may_write_notes": may_write_notes(viewer, p),
    }


def participant_home_summary(participant_id: int) -> dict:
    """The participant's own enrolments and next sessions."""
    participant = db.session.scalars(  # joined, not a second SELECT: a participant has an enrolment or two
        select(Participant)
        .options(joinedload(Participant.enrolments).joinedload(Enrolment.cohort))
        .where(Participant.id == participant_id)
    ).unique().one()
    cohort_ids = [
        e.cohort_id
        for e in participant.enrolments
        if e.status in (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)
    ]
    next_sessions = []
    if cohort_ids:
        next_sessions = db.session.scalars(
            select(CohortSession)
            .where(CohortSession.cohort_id.in_(cohort_ids), CohortSession.starts_at >= datetime.now(UTC))
            .order_by(CohortSession.starts_at)
            .limit(5)
        ).all()
    return {"participant": participant, "next_sessions": next_sessions}


def recruiting_cohorts() -> list[Cohort]:
    """Cohorts taking applications, soonest first, with their programme (the public list)."""
    return db.session.scalars(
        select(Cohort).options(joinedload(Cohort.programme))
        .where(Cohort.status == CohortStatus.recruiting).order_by(Cohort.starts_on, Cohort.code)
    ).all()
