"""Read-side queries for boards, matching, placements and employer candidate pages."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import contains_eager, joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.db import in_list
from app.extensions import db
from cohorts.models import Candidacy, CandidacyStage, Cohort, CohortHiringNeed, Participant, Placement, RetentionCheck
from employers.models import HiringNeed, HiringNeedSkill


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
        .where(Placement.participant_id == participant_id, Placement.voided_at.is_(None))
        .order_by(Placement.start_date.desc())
    ))


#: board columns, in the order a candidacy moves
BOARD_STAGES = tuple(CandidacyStage)


#: a retention check is overdue this long after its due date
GRACE_DAYS = 14


def _board(candidacies: Sequence[Candidacy]) -> dict[CandidacyStage, list[Candidacy]]:
    board: dict[CandidacyStage, list[Candidacy]] = {stage: [] for stage in BOARD_STAGES}
    for candidacy in candidacies:
        board[candidacy.stage].append(candidacy)
    return board


@cache
def _board_selects() -> dict[str, sa.Select]:
    """A hiring need's (:need_id) and a cohort's (:cohort_id) candidacies, newest move first. Built once per
    process: building a statement with its eager loads took about half of need_board's time."""
    newest_first = (Candidacy.stage_changed_at.desc(), Candidacy.id)
    return {
        "need": sa.select(Candidacy)
        .options(joinedload(Candidacy.participant), joinedload(Candidacy.cohort))
        .where(Candidacy.hiring_need_id == sa.bindparam("need_id")).order_by(*newest_first),
        "cohort": sa.select(Candidacy)
        .options(joinedload(Candidacy.participant), joinedload(Candidacy.hiring_need).joinedload(HiringNeed.employer))
        .where(Candidacy.cohort_id == sa.bindparam("cohort_id")).order_by(*newest_first),
    }


def need_board(need_id: int) -> dict[CandidacyStage, list[Candidacy]]:
    """The candidacies of one hiring need, by stage (one query)."""
    return _board(db.session.scalars(_board_selects()["need"], {"need_id": need_id}).all())


def cohort_board(cohort_id: int) -> dict[CandidacyStage, list[Candidacy]]:
    """The candidacies put forward from one cohort, by stage (one query)."""
    return _board(db.session.scalars(_board_selects()["cohort"], {"cohort_id": cohort_id}).all())


@cache
def _need_for_matching_selects():
    need_id = sa.bindparam("need_id")
    return (sa.select(HiringNeed).options(joinedload(HiringNeed.employer)).where(HiringNeed.id == need_id),
            sa.select(HiringNeedSkill).options(joinedload(HiringNeedSkill.skill))
            .where(HiringNeedSkill.hiring_need_id == need_id))


def need_for_matching(need_id: int) -> HiringNeed | None:
    """The need with its employer and competencies (and their skills): two queries of statements
    built once per process; the competencies by a plain query, ~0.4 ms less than selectinload."""
    need_select, competencies_select = _need_for_matching_selects()
    need = db.session.scalar(need_select, {"need_id": need_id})
    if need is not None and "competencies" in sa.inspect(need).unloaded:
        set_committed_value(need, "competencies", db.session.scalars(competencies_select, {"need_id": need_id}).all())
    return need


def needs_by_id(ids: Sequence[int]) -> dict[int, HiringNeed]:
    if not ids:
        return {}
    rows = db.session.scalars(
        sa.select(HiringNeed).options(joinedload(HiringNeed.employer)).where(HiringNeed.id.in_(list(ids)))
    ).all()
    return {n.id: n for n in rows}


def cohort_needs(cohort_id: int) -> list[HiringNeed]:
    """The hiring needs a cohort covers, with their employers (one query)."""
    return list(db.session.scalars(
        sa.select(HiringNeed).options(joinedload(HiringNeed.employer))
        .join(CohortHiringNeed, CohortHiringNeed.hiring_need_id == HiringNeed.id)
        .where(CohortHiringNeed.cohort_id == cohort_id).order_by(HiringNeed.ref)
    ))


@cache
def _participants_by_id_select():
    return sa.select(Participant).where(in_list(Participant.id, "ids"))


def participants_by_id(ids: Sequence[int]) -> dict[int, Participant]:
    if not ids:
        return {}
    rows = db.session.scalars(_participants_by_id_select(), {"ids": list(ids)}).all()
    return {p.id: p for p in rows}


def cohorts_by_id(ids: Sequence[int]) -> dict[int, Cohort]:
    if not ids:
        return {}
    return {c.id: c for c in db.session.scalars(sa.select(Cohort).where(Cohort.id.in_(list(ids))))}


@dataclass
class PlacementFilters:
    cohort_id: int | None = None
    employer_id: int | None = None
    q: str = ""


def placements_page(filters: PlacementFilters, page: int, per_page: int):
    """Paginated placements, newest start first, with what the list shows (two queries)."""
    return db.paginate(placements_select(filters), page=page, per_page=per_page, error_out=False)


def placements_select(filters: PlacementFilters):
    """The list's filtered query (the page paginates it; the CSV/XLSX export takes it whole)."""
    stmt = (
        sa.select(Placement)
        .options(joinedload(Placement.participant), joinedload(Placement.employer),
                 joinedload(Placement.cohort).joinedload(Cohort.programme), joinedload(Placement.hiring_need))
        .order_by(Placement.start_date.desc(), Placement.id.desc())
    )
    if filters.cohort_id:
        stmt = stmt.where(Placement.cohort_id == filters.cohort_id)
    if filters.employer_id:
        stmt = stmt.where(Placement.employer_id == filters.employer_id)
    if filters.q:
        like = f"%{filters.q.strip().lower()}%"
        stmt = stmt.join(Participant, Participant.id == Placement.participant_id).where(sa.or_(
            sa.func.lower(Placement.ref).like(like), sa.func.lower(Placement.role_title).like(like),
            sa.func.lower(Participant.first_name + " " + Participant.last_name).like(like),
        ))
    return stmt


def filter_choices() -> tuple[list[tuple[int, str]], list[tuple[int, str]]]:
    """Cohorts and employers that have placements, for the list's filters (two queries)."""
    from employers.models import Employer

    cohorts = db.session.execute(
        sa.select(Cohort.id, Cohort.code).where(Cohort.id.in_(sa.select(Placement.cohort_id))).order_by(Cohort.code)
    ).all()
    employers = db.session.execute(
        sa.select(Employer.id, Employer.name).where(Employer.id.in_(sa.select(Placement.employer_id)))
        .order_by(Employer.name)
    ).all()
    return [tuple(r) for r in cohorts], [tuple(r) for r in employers]


def placement_detail(placement_id: int) -> Placement | None:
    return db.session.scalar(
        sa.select(Placement)
        .options(joinedload(Placement.participant), joinedload(Placement.employer),
                 joinedload(Placement.cohort).joinedload(Cohort.programme), joinedload(Placement.hiring_need),
                 joinedload(Placement.candidacy),
                 selectinload(Placement.retention_checks).joinedload(RetentionCheck.recorded_by))
        .where(Placement.id == placement_id)
    )


def retention_lists(today: date, coach_id: int | None = None,
                    limit: int | None = 200) -> dict[str, list[RetentionCheck]]:
    """Open retention checks: overdue (past the grace period), due now, and coming up in 14 days."""
    stmt = (
        sa.select(RetentionCheck)
        .join(Placement, Placement.id == RetentionCheck.placement_id)
        .options(joinedload(RetentionCheck.placement).joinedload(Placement.participant),
                 joinedload(RetentionCheck.placement).joinedload(Placement.employer))
        .where(RetentionCheck.checked_on.is_(None), Placement.voided_at.is_(None),
               RetentionCheck.due_on <= today + timedelta(days=GRACE_DAYS))
        .order_by(RetentionCheck.due_on, RetentionCheck.id)
        .limit(limit)
    )
    if coach_id is not None:
        stmt = stmt.join(Participant, Participant.id == Placement.participant_id).where(
            Participant.coach_id == coach_id)
    lists: dict[str, list[RetentionCheck]] = {"overdue": [], "due": [], "upcoming": []}
    for check in db.session.scalars(stmt):
        if check.due_on < today - timedelta(days=GRACE_DAYS):
            lists["overdue"].append(check)
        elif check.due_on <= today:
            lists["due"].append(check)
        else:
            lists["upcoming"].append(check)
    return lists


def employer_sees(employer_id: int):
    """SQL condition: introduced to this employer's needs, and the participant still consents."""
    return sa.and_(
        Candidacy.introduced_at.is_not(None),
        Candidacy.hiring_need_id.in_(sa.select(HiringNeed.id).where(HiringNeed.employer_id == employer_id)),
        Candidacy.participant_id.in_(sa.select(Participant.id).where(Participant.consent_to_share.is_(True))),
    )


def employer_can_see(candidacy: Candidacy, employer_id: int) -> bool:
    """The same rule for one loaded candidacy (used with get_or_404's visible=)."""
    return (
        candidacy.introduced_at is not None
        and candidacy.hiring_need.employer_id == employer_id
        and candidacy.participant.consent_to_share
    )


def employer_candidates(employer_id: int, page: int, per_page: int, need_id: int | None = None):
    return db.paginate(employer_candidates_select(employer_id, need_id), page=page, per_page=per_page,
                       error_out=False)


def employer_candidates_select(employer_id: int, need_id: int | None = None):
    """Only candidates introduced to this employer who still consent: employer_sees's rule, written as the
    joins that load the participant and the need. With employer_sees's two IN subqueries beside the three
    eager joins, PostgreSQL weighed six relations and spent ~4 ms planning the page on every view (it
    never settles on a generic plan for it); as joins, four relations and ~1 ms."""
    stmt = (
        sa.select(Candidacy)
        .join(Candidacy.hiring_need).join(Candidacy.participant).outerjoin(Candidacy.cohort)
        .options(contains_eager(Candidacy.hiring_need), contains_eager(Candidacy.participant),
                 contains_eager(Candidacy.cohort))
        .where(Candidacy.introduced_at.is_not(None), HiringNeed.employer_id == employer_id,
               Participant.consent_to_share.is_(True))
        .order_by(Candidacy.stage_changed_at.desc(), Candidacy.id.desc())
    )
    if need_id:
        stmt = stmt.where(Candidacy.hiring_need_id == need_id)
    return stmt


def employer_cohort_codes(employer_id: int) -> list[str]:
    """Codes of the cohorts whose demand basis includes one of the employer's hiring needs."""
    from cohorts.models import ConsortiumMember

    by_need = sa.select(Cohort.code).join(CohortHiringNeed).join(
        HiringNeed, HiringNeed.id == CohortHiringNeed.hiring_need_id).where(HiringNeed.employer_id == employer_id)
    by_consortium = sa.select(Cohort.code).join(ConsortiumMember).where(ConsortiumMember.employer_id == employer_id)
    return sorted(set(db.session.scalars(sa.union(by_need, by_consortium))))


def candidacy_for_hire(candidacy_id: int) -> Candidacy | None:
    """A candidacy with what the staff hire page shows: participant, need and employer, cohort's programme."""
    return db.session.scalar(
        sa.select(Candidacy)
        .options(joinedload(Candidacy.participant), joinedload(Candidacy.hiring_need).joinedload(HiringNeed.employer),
                 joinedload(Candidacy.cohort).joinedload(Cohort.programme))
        .where(Candidacy.id == candidacy_id)
    )
