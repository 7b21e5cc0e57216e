"""Read-side queries for programme, cohort and curriculum pages: eager-load what they show."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from itertools import groupby

from flask import current_app
from sqlalchemy import Select, bindparam, func, inspect, select
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import AuditEvent, Skill
from cohorts.design.curriculum import CurriculumModule, NeedCompetency, NeedInput, TaughtSkill
from cohorts.models import (
    Candidacy,
    Cohort,
    CohortHiringNeed,
    CohortSession,
    CohortStatus,
    ConsortiumMember,
    Enrolment,
    InterviewAttendance,
    InterviewDay,
    InterviewSlot,
    Module,
    ModuleSkill,
    Programme,
)
from cohorts.participants.queries import enrolment_counts
from employers.models import Employer, HiringNeed, HiringNeedSkill, HiringNeedStatus, Importance

NEED_PICKER_LIMIT = 100


def programmes_with_counts() -> list[tuple[Programme, int]]:
    counts = (
        select(Cohort.programme_id, func.count(Cohort.id).label("n")).group_by(Cohort.programme_id).subquery()
    )
    return list(db.session.execute(
        select(Programme, func.coalesce(counts.c.n, 0))
        .outerjoin(counts, counts.c.programme_id == Programme.id)
        .order_by(Programme.name)
    ))


def programme_with_cohorts(programme_id: int) -> Programme | None:
    return db.session.scalar(
        select(Programme).options(selectinload(Programme.cohorts)).where(Programme.id == programme_id)
    )


def cohorts_select(status: str | None = None):
    """The cohort list, newest first, with programmes: the page and its download."""
    stmt = select(Cohort).options(joinedload(Cohort.programme)).order_by(Cohort.starts_on.desc(), Cohort.code)
    return stmt.where(Cohort.status == status) if status else stmt


def cohorts_page(page: int, *, status: str | None = None):
    pagination = db.paginate(cohorts_select(status), page=page, per_page=current_app.config["ITEMS_PER_PAGE"],
                             error_out=False)
    return pagination, enrolment_counts([c.id for c in pagination.items])


@cache
def _cohort_detail_selects() -> tuple:
    """A :cohort_id cohort with its programme, and its consortium and demand collections."""
    cohort_id = bindparam("cohort_id")
    return (
        select(Cohort).options(joinedload(Cohort.programme)).where(Cohort.id == cohort_id),
        {
            "consortium": select(ConsortiumMember).options(joinedload(ConsortiumMember.employer))
            .where(ConsortiumMember.cohort_id == cohort_id),
            "demand": select(CohortHiringNeed)
            .options(joinedload(CohortHiringNeed.hiring_need).joinedload(HiringNeed.employer))
            .where(CohortHiringNeed.cohort_id == cohort_id),
        },
    )


def cohort_for_detail(cohort_id: int) -> Cohort | None:
    """The cohort with its programme, consortium (and employers) and demand (needs and employers).

    The collections by plain queries of statements built once per process, not selectinload
    (~0.4 ms less each); collections already loaded are kept.
    """
    cohort_select, collections = _cohort_detail_selects()
    cohort = db.session.scalar(cohort_select, {"cohort_id": cohort_id})
    if cohort is None:
        return None
    unloaded = inspect(cohort).unloaded
    for name, stmt in collections.items():
        if name in unloaded:
            set_committed_value(cohort, name, db.session.scalars(stmt, {"cohort_id": cohort_id}).all())
    return cohort


@dataclass(frozen=True)
class TimelineEntry:
    on: date | datetime
    text: str


@cache
def _cohort_page_selects() -> dict:
    """The cohort page's own statements on :cohort_id (and :entity_id, its id as the audit trail's text),
    built once per process: building a statement and its cache key cost more than running these."""
    cohort_id = bindparam("cohort_id")
    given = (
        select(InterviewDay.employer_id, func.count(InterviewSlot.id).label("given"))
        .join(InterviewSlot, InterviewSlot.interview_day_id == InterviewDay.id)
        .join(Candidacy, Candidacy.id == InterviewSlot.candidacy_id)
        .where(Candidacy.cohort_id == cohort_id, InterviewSlot.attendance == InterviewAttendance.attended)
        .group_by(InterviewDay.employer_id)
        .subquery()
    )
    modules = select(func.count()).select_from(Module).where(Module.cohort_id == cohort_id).scalar_subquery()
    sessions = select(func.count()).select_from(CohortSession).where(CohortSession.cohort_id == cohort_id)
    waitlisted = Enrolment.waitlist_position.is_not(None)
    commitments = (
        select(ConsortiumMember.employer_id, Employer.name, ConsortiumMember.interviews_guaranteed,
               func.coalesce(given.c.given, 0))
        .join(Employer, Employer.id == ConsortiumMember.employer_id)
        .outerjoin(given, given.c.employer_id == ConsortiumMember.employer_id)
        .where(ConsortiumMember.cohort_id == cohort_id)
        .order_by(Employer.name, Employer.id))
    return {
        "card": select(Cohort.id, Cohort.code, Cohort.name, Cohort.status, Cohort.region, Cohort.starts_on,
                       Cohort.ends_on, Cohort.capacity, Cohort.feed_token, Cohort.created_at, Programme.name, modules,
                       sessions.scalar_subquery())
        .join(Programme, Programme.id == Cohort.programme_id).where(Cohort.id == cohort_id),
        "enrolments": select(Enrolment.status, waitlisted, func.count())
        .where(Enrolment.cohort_id == cohort_id).group_by(Enrolment.status, waitlisted),
        "demand": select(HiringNeed.ref, HiringNeed.role_title, Employer.name, HiringNeed.openings)
        .select_from(CohortHiringNeed).join(HiringNeed, HiringNeed.id == CohortHiringNeed.hiring_need_id)
        .join(Employer, Employer.id == HiringNeed.employer_id)
        .where(CohortHiringNeed.cohort_id == cohort_id),
        "members": commitments.add_columns(ConsortiumMember.co_delivery_sessions, ConsortiumMember.notes),
        "events": select(AuditEvent.at, AuditEvent.actor_label, AuditEvent.changes)
        .where(AuditEvent.entity == "cohort", AuditEvent.entity_id == bindparam("entity_id"),
               AuditEvent.action == "status_changed")
        .order_by(AuditEvent.at),
        "commitments": commitments,
    }


@dataclass(frozen=True)
class CohortCard:
    """What the staff cohort page shows of the cohort (columns, not a Cohort with its programme)."""

    id: int
    code: str
    name: str | None
    status: CohortStatus
    region: str
    starts_on: date
    ends_on: date
    capacity: int | None
    feed_token: str
    created_at: datetime | None
    programme_name: str
    module_count: int
    session_count: int

    @property
    def display_name(self) -> str:  # as Cohort.display_name
        return Cohort.label_for(self.code, self.name)


@dataclass(frozen=True)
class DemandRow:
    ref: str
    role_title: str
    employer_name: str
    openings: int


@dataclass(frozen=True)
class MemberRow:
    """A consortium employer, its commitments and the interviews it has given the cohort."""

    employer_id: int
    employer_name: str
    interviews_guaranteed: int
    interviews_given: int
    co_delivery_sessions: int
    notes: str | None


def cohort_page(cohort_id: int) -> dict | None:
    """Everything the staff cohort page shows, as plain rows (five queries; None without the cohort): the
    ``cohort``, its enrolment ``counts`` by status and on the waitlist, ``demand`` by need ref, its ``consortium``
    by employer name with the interviews given, and the ``timeline``."""
    selects = _cohort_page_selects()
    params = {"cohort_id": cohort_id}
    rows = db.session.connection().execute  # plain rows, without the ORM's execution (read only)
    row = rows(selects["card"], params).first()
    if row is None:
        return None
    cohort = CohortCard(*row)
    counts: dict[str, int] = {}
    for status, waitlisted, n in rows(selects["enrolments"], params):  # as participants' enrolment_counts
        counts[status.value] = counts.get(status.value, 0) + n
        if waitlisted:
            counts["waitlist"] = counts.get("waitlist", 0) + n
    return {
        "cohort": cohort,
        "counts": counts,
        # in the order Jinja's sort by attribute gave them (case-insensitive)
        "demand": sorted((DemandRow(*r) for r in rows(selects["demand"], params)), key=lambda d: d.ref.lower()),
        "consortium": sorted((MemberRow(*r) for r in rows(selects["members"], params)),
                             key=lambda m: m.employer_name.lower()),
        "timeline": _timeline(cohort, rows(selects["events"], {"entity_id": str(cohort.id)})),
    }


def _timeline(cohort: CohortCard, events) -> list[TimelineEntry]:
    """Status changes (from the audit trail) and the key dates, in date order."""
    entries = [TimelineEntry(cohort.created_at, "Cohort created")] if cohort.created_at else []
    for at, actor_label, changes in events:
        old, new = changes.get("status", [None, None])
        entries.append(TimelineEntry(
            at, f"{(old or '').replace('_', ' ').capitalize()} → {(new or '').capitalize()} by {actor_label}"))
    entries.append(TimelineEntry(cohort.starts_on, "Training starts"))
    entries.append(TimelineEntry(cohort.ends_on, "Training ends"))
    return sorted(entries, key=lambda e: e.on.date() if isinstance(e.on, datetime) else e.on)


def open_needs(*, role: str = "", region: str = "", competency: str = "", include_ids=()) -> tuple[list[HiringNeed], int]:
    """Open needs matching the filters (first NEED_PICKER_LIMIT), plus the cohort's current ones."""
    conditions = [HiringNeed.status == HiringNeedStatus.open]
    if role:
        conditions.append(HiringNeed.role_title.ilike(f"%{role}%"))
    if region:
        conditions.append(HiringNeed.region.ilike(f"%{region}%"))
    if competency:
        conditions.append(HiringNeed.competencies.any(
            HiringNeedSkill.skill.has(Skill.label.ilike(f"%{competency}%"))))
    matching = select(HiringNeed.id).where(*conditions)
    total = db.session.scalar(select(func.count()).select_from(matching.subquery())) or 0
    shown = matching.order_by(HiringNeed.needed_by, HiringNeed.ref).limit(NEED_PICKER_LIMIT)
    ids = set(db.session.scalars(shown)) | set(include_ids)
    needs = db.session.scalars(
        select(HiringNeed)
        .options(joinedload(HiringNeed.employer),
                 selectinload(HiringNeed.competencies).joinedload(HiringNeedSkill.skill))
        .where(HiringNeed.id.in_(ids))
        .order_by(HiringNeed.needed_by, HiringNeed.ref)
    ).all()
    return list(needs), total


def needs_by_ids(ids) -> list[HiringNeed]:
    return list(db.session.scalars(select(HiringNeed).options(joinedload(HiringNeed.employer)).where(HiringNeed.id.in_(list(ids)))))


@cache
def _need_inputs_select() -> Select:
    """Built once per process (:cohort_id): building it cost about what running it does."""
    return (
        select(HiringNeed.id, HiringNeed.ref, HiringNeed.employer_id, Employer.name, HiringNeed.role_title,
               HiringNeed.openings, HiringNeedSkill.skill_id, Skill.label, HiringNeedSkill.level,
               HiringNeedSkill.importance, Skill.kind)
        .join(Employer, Employer.id == HiringNeed.employer_id)
        .outerjoin(HiringNeedSkill, HiringNeedSkill.hiring_need_id == HiringNeed.id)
        .outerjoin(Skill, Skill.id == HiringNeedSkill.skill_id)
        .where(HiringNeed.id.in_(select(CohortHiringNeed.hiring_need_id)
                                 .where(CohortHiringNeed.cohort_id == bindparam("cohort_id"))))
        .order_by(HiringNeed.id, HiringNeedSkill.skill_id)
    )


def need_inputs(cohort: Cohort) -> list[NeedInput]:
    """The cohort's demand basis as plain data for cohorts.design: one query of plain rows, a need's
    competencies joined to it (a need with none has one row of NULLs)."""
    rows = db.session.execute(_need_inputs_select(), {"cohort_id": cohort.id})
    return [
        NeedInput(*need, competencies=tuple(
            NeedCompetency(row.skill_id, row.label, row.level, row.importance == Importance.must, row.kind.value)
            for row in group if row.skill_id is not None))
        for need, group in groupby(rows, key=lambda row: tuple(row[:6]))  # need_id … openings, NeedInput's order
    ]


def cohort_modules(cohort_id: int) -> list[Module]:
    return list(db.session.scalars(
        select(Module).options(selectinload(Module.skills).joinedload(ModuleSkill.skill))
        .where(Module.cohort_id == cohort_id).order_by(Module.position, Module.id)
    ))


def curriculum(modules: list[Module]) -> list[CurriculumModule]:
    return [
        CurriculumModule(
            title=m.title, hours=m.hours, key=m.id,
            skills=tuple(TaughtSkill(s.skill_id, s.skill.label, s.level)
                         for s in sorted(m.skills, key=lambda s: (-s.level, s.skill.label))),
        )
        for m in modules
    ]


@cache
def _curriculum_select() -> Select:
    """Built once per process (:cohort_id)."""
    return (
        select(Module.id, Module.title, Module.hours, ModuleSkill.skill_id, Skill.label, ModuleSkill.level)
        .outerjoin(ModuleSkill, ModuleSkill.module_id == Module.id)
        .outerjoin(Skill, Skill.id == ModuleSkill.skill_id)
        .where(Module.cohort_id == bindparam("cohort_id")).order_by(Module.position, Module.id)
    )


def cohort_curriculum(cohort_id: int) -> list[CurriculumModule]:
    """curriculum(cohort_modules(cohort_id)) from one query of plain rows, no ORM objects (a module
    with no skill has one row of NULLs)."""
    rows = db.session.execute(_curriculum_select(), {"cohort_id": cohort_id})
    return [
        CurriculumModule(title=title, hours=hours, key=module_id, skills=tuple(sorted(
            (TaughtSkill(row.skill_id, row.label, row.level) for row in group if row.skill_id is not None),
            key=lambda s: (-s.level, s.label))))
        for (module_id, title, hours), group in groupby(rows, key=lambda row: tuple(row[:3]))
    ]


def cohorts_covering_need(need_id: int) -> list[Cohort]:
    return list(db.session.scalars(
        select(Cohort).join(CohortHiringNeed, CohortHiringNeed.cohort_id == Cohort.id)
        .options(joinedload(Cohort.programme))
        .where(CohortHiringNeed.hiring_need_id == need_id).order_by(Cohort.starts_on.desc())
    ))


def employer_memberships(employer_id: int) -> list[ConsortiumMember]:
    return list(db.session.scalars(
        select(ConsortiumMember)
        .join(Cohort, Cohort.id == ConsortiumMember.cohort_id)
        .options(joinedload(ConsortiumMember.cohort).joinedload(Cohort.programme))
        .where(ConsortiumMember.employer_id == employer_id)
        .order_by(Cohort.starts_on.desc())
    ))


def co_delivered_counts(employer_id: int) -> dict[int, int]:
    return dict(db.session.execute(
        select(CohortSession.cohort_id, func.count())
        .where(CohortSession.employer_id == employer_id).group_by(CohortSession.cohort_id)
    ).all())


@dataclass(frozen=True)
class InterviewCommitment:
    """A consortium employer's interviews guaranteed to a cohort, and how many it has given."""

    employer_id: int
    employer_name: str
    guaranteed: int
    #: booked interviews the candidate attended, on the employer's days, for the cohort's candidacies
    given: int


def interview_commitments(cohort_id: int) -> list[InterviewCommitment]:
    """Interviews guaranteed vs given per consortium employer, by name (one grouped query)."""
    return [InterviewCommitment(*row) for row in db.session.execute(
        _cohort_page_selects()["commitments"], {"cohort_id": cohort_id})]
