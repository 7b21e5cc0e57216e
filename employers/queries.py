"""Read-side queries for employer pages: eager-load what the templates show."""

from __future__ import annotations

from functools import cache

import pandas as pd
from sqlalchemy import (
    String,
    and_,
    bindparam,
    case,
    func,
    inspect,
    literal_column,
    null,
    or_,
    select,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import joinedload, selectinload
from sqlalchemy.orm.attributes import set_committed_value

from app.extensions import db
from app.models import Skill, User
from employers.crm import lists
from employers.demand_version import DemandVersion
from employers.models import (
    Contact,
    DiscoveryInterview,
    DiscoveryQuestion,
    Employer,
    HiringNeed,
    HiringNeedSkill,
    HiringNeedStatus,
    InterviewAnswer,
    InterviewFormat,
    InterviewStatus,
)


def employer_home_summary(employer_id: int) -> dict:
    """What a hiring partner's home shows: the employer, its needs by status, its interviews."""
    employer = db.session.get(Employer, employer_id)
    counts = dict(
        db.session.execute(
            select(HiringNeed.status, func.count())
            .where(HiringNeed.employer_id == employer_id)
            .group_by(HiringNeed.status)
        ).all()
    )
    interviews = db.session.scalar(
        select(func.count()).select_from(DiscoveryInterview).where(
            DiscoveryInterview.employer_id == employer_id
        )
    )
    return {
        "employer": employer,
        "need_counts": {status: counts.get(status, 0) for status in HiringNeedStatus},
        "interview_count": interviews or 0,
    }


def employer_choices() -> list[tuple[int, str]]:
    """(id, name) of every employer, for the admin's invitation and role forms."""
    rows = db.session.execute(select(Employer.id, Employer.name).order_by(Employer.name))
    return [(employer_id, name) for employer_id, name in rows]


# --- staff lists ----------------------------------------------------------------------------


def _like(text: str) -> str:
    return "%" + text.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"


def distinct_values(column) -> list[str]:
    """The non-blank values of a column, for filter choices."""
    return list(db.session.scalars(select(column).where(column != "").distinct().order_by(column)))


def employer_filter_options() -> dict:
    return {"sectors": distinct_values(Employer.sector), "regions": distinct_values(Employer.region)}


def _employers_select(**filters):
    return lists.filtered_employers(select(Employer), **filters)


def employers_page(page: int = 1, per_page: int | None = None, **filters):
    """A page of employers plus their open openings and contact counts (three queries in all)."""
    pagination = db.paginate(
        _employers_select(**filters).order_by(Employer.name), page=page, per_page=per_page, error_out=False
    )
    ids = [e.id for e in pagination.items]
    openings = dict(db.session.execute(
        select(HiringNeed.employer_id, func.coalesce(func.sum(HiringNeed.openings), 0))
        .where(HiringNeed.employer_id.in_(ids), HiringNeed.status == HiringNeedStatus.open)
        .group_by(HiringNeed.employer_id)
    ).all()) if ids else {}
    return pagination, openings


def employers_frame(**filters) -> pd.DataFrame:
    """The filtered employer list as a table, for CSV/XLSX download (one query)."""
    query = _employers_select(**filters).order_by(Employer.name).with_only_columns(
        Employer.name, Employer.sector, Employer.size_band, Employer.region, Employer.website, Employer.status)
    rows = [(n, s, getattr(b, "value", b) or "", r, w, st.value) for n, s, b, r, w, st in db.session.execute(query)]
    return pd.DataFrame(rows, columns=["name", "sector", "size_band", "region", "website", "status"])


def _need_conditions(q=None, status=None, region=None, review=False, employer_id=None) -> list:
    """The needs list's filters, all on hiring_needs' own columns (a count needs no join)."""
    return [condition for wanted, condition in (
        (q, or_(*(func.lower(c).like(_like(q or ""), escape="\\") for c in (HiringNeed.role_title, HiringNeed.ref)))),
        (status, HiringNeed.status == status), (region, HiringNeed.region == region),
        (review, and_(HiringNeed.status == HiringNeedStatus.draft, HiringNeed.submitted_at.is_not(None))),
        (employer_id is not None, HiringNeed.employer_id == employer_id),
    ) if wanted]


def _needs_select(**filters):
    return select(HiringNeed).join(HiringNeed.employer).where(*_need_conditions(**filters))


def hiring_needs_page(page: int = 1, per_page: int | None = None, **filters):
    """A page of needs as rows with their competency counts (employers.crm.lists): the staff list and
    the employer portal's, two queries; the unfiltered total is kept by triggers."""
    return lists.hiring_needs_page(_need_conditions(**filters), page, per_page)


def hiring_needs_frame(**filters) -> pd.DataFrame:
    """The filtered needs as a table for download: one query for needs, one for competencies."""
    query = _needs_select(**filters).order_by(HiringNeed.ref).with_only_columns(
        HiringNeed.id, HiringNeed.ref, Employer.name, HiringNeed.role_title, HiringNeed.openings, HiringNeed.region,
        HiringNeed.salary_min, HiringNeed.salary_max, HiringNeed.needed_by, HiringNeed.status,
        HiringNeed.stated_requirements, HiringNeed.non_negotiables)
    columns = ["id", "ref", "employer", "role", "openings", "region", "salary_min", "salary_max", "needed_by",
               "status", "stated_requirements", "non_negotiables"]
    needs = pd.DataFrame([tuple(r) for r in db.session.execute(query)], columns=columns)
    needs["status"] = needs["status"].map(lambda s: getattr(s, "value", s))
    skills = competency_rows(needs["id"].tolist())
    for importance in ("must", "nice"):
        part = skills[skills["importance"] == importance]
        listed = part.groupby("hiring_need_id")["skill"].agg(lambda s: "; ".join(sorted(s)))
        needs["must_have" if importance == "must" else "nice_to_have"] = needs["id"].map(lambda i, listed=listed: listed.get(i, ""))
    return needs.drop(columns=["id"])


def competency_rows(need_ids: list[int] | None = None) -> pd.DataFrame:
    """(hiring_need_id, skill_id, skill, level, importance) for the given needs (all when None)."""
    query = select(HiringNeedSkill.hiring_need_id, HiringNeedSkill.skill_id, Skill.label,
                   HiringNeedSkill.level, HiringNeedSkill.importance).join(HiringNeedSkill.skill)
    if need_ids is not None:
        if not need_ids:
            return pd.DataFrame(columns=["hiring_need_id", "skill_id", "skill", "level", "importance"])
        query = query.where(HiringNeedSkill.hiring_need_id.in_(need_ids))
    rows = [(n, s, label, lvl, getattr(imp, "value", imp)) for n, s, label, lvl, imp in db.session.execute(query)]
    return pd.DataFrame(rows, columns=["hiring_need_id", "skill_id", "skill", "level", "importance"])


# --- record pages ---------------------------------------------------------------------------


@cache
def _employer_collections() -> dict:
    """An :employer_id's collections as its page shows them, each in the relationship's order."""
    employer_id = bindparam("employer_id")
    return {
        "contacts": select(Contact).where(Contact.employer_id == employer_id).order_by(Contact.name),
        "interviews": select(DiscoveryInterview).options(joinedload(DiscoveryInterview.interviewer))
        .where(DiscoveryInterview.employer_id == employer_id),
        "hiring_needs": select(HiringNeed).where(HiringNeed.employer_id == employer_id),
        "users": select(User).where(User.employer_id == employer_id),
    }


def employer_detail(employer_id: int) -> Employer | None:
    """An employer with its contacts, interviews (and interviewers), needs and users, for its page.

    Each collection by a plain query of a statement built once per process, not selectinload:
    ~0.4 ms less a collection, however few its rows. Collections already loaded are kept.
    """
    employer = db.session.get(Employer, employer_id)
    if employer is None:
        return None
    unloaded = inspect(employer).unloaded
    for name, stmt in _employer_collections().items():
        if name in unloaded:
            set_committed_value(employer, name, db.session.scalars(stmt, {"employer_id": employer_id}).all())
    return employer


def interview_detail(interview_id: int) -> DiscoveryInterview | None:
    return db.session.scalar(
        select(DiscoveryInterview).where(DiscoveryInterview.id == interview_id).options(
            joinedload(DiscoveryInterview.employer), joinedload(DiscoveryInterview.interviewer),
            selectinload(DiscoveryInterview.answers).joinedload(InterviewAnswer.question)))


@cache
def _need_selects() -> tuple:
    """A :need_id's need (with its employer, source interview and occupation), and its competencies' skills."""
    need_id = bindparam("need_id")
    return (select(HiringNeed).where(HiringNeed.id == need_id).options(joinedload(HiringNeed.employer),
            joinedload(HiringNeed.source_interview), joinedload(HiringNeed.esco_occupation)),
            select(HiringNeedSkill).options(joinedload(HiringNeedSkill.skill))
            .where(HiringNeedSkill.hiring_need_id == need_id))


def hiring_need_detail(need_id: int) -> HiringNeed | None:
    """A need with its employer, interview, occupation and competencies' skills: as employer_detail, the
    competencies by a plain query of a statement built once (~0.5 ms less than building a selectinload)."""
    need_select, competencies_select = _need_selects()
    need = db.session.scalar(need_select, {"need_id": need_id})
    if need is not None and "competencies" in inspect(need).unloaded:
        set_committed_value(need, "competencies", db.session.scalars(competencies_select, {"need_id": need_id}).all())
    return need


def needs_from_interview(interview_id: int) -> list[HiringNeed]:
    return list(db.session.scalars(
        select(HiringNeed).where(HiringNeed.source_interview_id == interview_id).order_by(HiringNeed.ref)))


def employer_interviews(employer_id: int) -> list[DiscoveryInterview]:
    """The employer's interviews (newest first) for its portal, without the answers."""
    return list(db.session.scalars(
        select(DiscoveryInterview).where(DiscoveryInterview.employer_id == employer_id)
        .order_by(DiscoveryInterview.held_on.desc(), DiscoveryInterview.id.desc())))


def skills_by_ids(ids) -> dict[int, Skill]:
    ids = {int(i) for i in ids}
    return {s.id: s for s in db.session.scalars(select(Skill).where(Skill.id.in_(ids)))} if ids else {}


def skills_by_keys(labels) -> dict[str, Skill]:
    keys = {Skill.key_for(label) for label in labels if label}
    return {s.label_key: s for s in db.session.scalars(select(Skill).where(Skill.label_key.in_(keys)))} if keys else {}


# --- demand board and insights: one query per dataset ------------------------------------------


def _demand_filter(query, region=None, include_review=False):
    status = HiringNeed.status == HiringNeedStatus.open
    if include_review:
        status = or_(status, (HiringNeed.status == HiringNeedStatus.draft) & HiringNeed.submitted_at.is_not(None))
    query = query.where(status)
    return query.where(HiringNeed.region == region) if region else query


def demand_frames(region: str | None = None, include_review: bool = False) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Open demand: (needs, competencies) as DataFrames, two queries whatever the size."""
    needs_query = _demand_filter(
        select(HiringNeed.id, HiringNeed.ref, Employer.name, HiringNeed.role_title, HiringNeed.region,
               HiringNeed.openings, HiringNeed.needed_by, type_coerce(HiringNeed.status, String))
        .join(HiringNeed.employer),
        region, include_review)
    skills_query = _demand_filter(
        select(HiringNeedSkill.hiring_need_id, Skill.label, HiringNeedSkill.level,
               type_coerce(HiringNeedSkill.importance, String))
        .join(HiringNeedSkill.skill).join(HiringNeedSkill.hiring_need), region, include_review)
    # Core rows as tuples, enums as their stored text: no per-row ORM or enum processing
    db.session.flush()
    connection = db.session.connection()
    needs = pd.DataFrame(list(map(tuple, connection.execute(needs_query))),
                         columns=["hiring_need_id", "ref", "employer", "role", "region", "openings", "needed_by", "status"])
    skills = pd.DataFrame(list(map(tuple, connection.execute(skills_query))),
                          columns=["hiring_need_id", "skill", "level", "importance"])
    return needs, skills


def _rows(query, columns) -> pd.DataFrame:
    return pd.DataFrame(list(map(tuple, db.session.connection().execute(query))), columns=columns)


def demand_aggregates(region: str | None = None, include_review: bool = False) -> dict[str, pd.DataFrame]:
    """Open demand grouped in SQL: four small queries whatever the number of needs.

    ``groups`` (role as typed, region, openings, needs); ``employers`` (role key, employers) with
    the key computed by ``role_key`` in Python and passed back as a CASE, plus the all-roles total
    under key None; ``months`` (needed_by, openings); ``competencies`` (skill, openings, must/nice
    openings, needs, level sum and count).
    """
    db.session.flush()
    groups = _rows(_demand_filter(
        select(HiringNeed.role_title, HiringNeed.region, func.sum(HiringNeed.openings), func.count())
        .group_by(HiringNeed.role_title, HiringNeed.region), region, include_review),
        ["role", "region", "openings", "needs"])
    keys = {title: role_key(title) for title in groups["role"].unique()}
    key = case(keys, value=HiringNeed.role_title, else_=HiringNeed.role_title) if keys else HiringNeed.role_title
    # employer names are unique: counting distinct ids is counting employers, from the index alone
    employers = func.count(HiringNeed.employer_id.distinct())
    per_key = _demand_filter(select(key, employers).group_by(key), region, include_review)
    total = _demand_filter(select(null(), employers), region, include_review)
    employers = _rows(union_all(per_key, total), ["key", "employers"])
    months = _rows(_demand_filter(select(HiringNeed.needed_by, func.sum(HiringNeed.openings))
                                  .group_by(HiringNeed.needed_by), region, include_review),
                   ["needed_by", "openings"])
    competencies = _rows(_competencies(region, include_review),
                         ["skill", "openings", "must_openings", "nice_openings", "needs", "level_sum", "level_count"])
    return {"groups": groups, "employers": employers, "months": months, "competencies": competencies}


def _competencies(region, include_review):
    """Per skill label: openings (all, must, nice), needs, level sum and count.

    Grouped by skill id from the needs in demand outwards (the need-skill key is (need, skill), so a
    skill's lines are its needs, each with a level), then summed per label over at most one row per
    skill: labels are unique as their keys are (Skill.label_key), so the sums are the per-label
    figures, needs counted once.
    """
    importance = type_coerce(HiringNeedSkill.importance, String)
    openings = HiringNeed.openings
    # "+ 0": grouped by the bare column, SQLite walks the whole skill_id index (needs of every
    # status) to spare a sort; grouped by the expression it reads the needs in demand first
    skill_id = (HiringNeedSkill.skill_id + literal_column("0")).label("skill_id")
    per_skill = _demand_filter(
        select(skill_id, func.sum(openings).label("openings"),
               func.sum(case((importance == "must", openings), else_=0)).label("must"),
               func.sum(case((importance == "nice", openings), else_=0)).label("nice"),
               func.count().label("needs"), func.sum(HiringNeedSkill.level).label("level_sum"))
        .select_from(HiringNeed).join(HiringNeedSkill, HiringNeedSkill.hiring_need_id == HiringNeed.id)
        .group_by(skill_id), region, include_review).subquery()
    c = per_skill.c
    return (select(Skill.label, func.sum(c.openings), func.sum(c.must), func.sum(c.nice), func.sum(c.needs),
                   func.sum(c.level_sum), func.sum(c.needs))
            .join(per_skill, per_skill.c.skill_id == Skill.id).group_by(Skill.label))


def open_openings_total() -> int:
    return db.session.scalar(select(func.coalesce(func.sum(HiringNeed.openings), 0))
                             .where(HiringNeed.status == HiringNeedStatus.open))


def demand_version() -> str | None:
    """The database's demand version token (employers/demand_version.py); None before any write."""
    return db.session.scalar(select(DemandVersion.token).where(DemandVersion.id == 1))


def role_key(title: str) -> str:
    """The demand board's role grouping: case and surrounding spaces ignored."""
    return title.strip().lower()


def interview_answer_frame() -> pd.DataFrame:
    """Answers of completed staff interviews: (interview_id, employer_id, employer, key, answer)."""
    query = (select(DiscoveryInterview.id, Employer.id, Employer.name, DiscoveryQuestion.key, InterviewAnswer.answer)
             .join(InterviewAnswer.interview).join(DiscoveryInterview.employer).join(InterviewAnswer.question)
             .where(DiscoveryInterview.status == InterviewStatus.complete,
                    DiscoveryInterview.format != InterviewFormat.questionnaire))
    return pd.DataFrame([tuple(r) for r in db.session.execute(query)],
                        columns=["interview_id", "employer_id", "employer", "key", "answer"])


def interview_pain_points() -> pd.DataFrame:
    """(interview_id, employer_id, pain_points list) of completed staff interviews."""
    query = select(DiscoveryInterview.id, DiscoveryInterview.employer_id, DiscoveryInterview.pain_points).where(
        DiscoveryInterview.status == InterviewStatus.complete,
        DiscoveryInterview.format != InterviewFormat.questionnaire)
    return pd.DataFrame([tuple(r) for r in db.session.execute(query)],
                        columns=["interview_id", "employer_id", "pain_points"])


def stated_requirement_frames(limit: int = 50) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The newest needs with stated requirements (proxies) and their must-have competencies."""
    needs_query = (select(HiringNeed.id, HiringNeed.ref, Employer.name, HiringNeed.role_title,
                          HiringNeed.stated_requirements, HiringNeed.non_negotiables)
                   .join(HiringNeed.employer).where(HiringNeed.stated_requirements != "")
                   .order_by(HiringNeed.created_at.desc(), HiringNeed.id.desc()).limit(limit))
    needs = pd.DataFrame([tuple(r) for r in db.session.execute(needs_query)],
                         columns=["hiring_need_id", "ref", "employer", "role", "stated", "non_negotiables"])
    return needs, competency_rows(needs["hiring_need_id"].tolist())


def non_negotiables_frame() -> pd.DataFrame:
    """(employer_id, text) of every hiring need that states non-negotiables."""
    query = select(HiringNeed.employer_id, HiringNeed.non_negotiables).where(HiringNeed.non_negotiables != "")
    return pd.DataFrame([tuple(r) for r in db.session.execute(query)], columns=["employer_id", "text"])


def overdue_roles_frame(today) -> pd.DataFrame:
    """Open needs already past their needed-by date: (role, openings, employer_id)."""
    query = select(HiringNeed.role_title, HiringNeed.openings, HiringNeed.employer_id).where(
        HiringNeed.status == HiringNeedStatus.open, HiringNeed.needed_by < today)
    return pd.DataFrame([tuple(r) for r in db.session.execute(query)], columns=["role", "openings", "employer_id"])
