"""Participant ↔ hiring-need ranking by competency fit, with the reasons shown.

A participant's level in a skill is the most recent evidence of it: their assessment (the exit,
else the baseline; 0 when never assessed) or the latest level an employer scored at an interview,
whichever is newer (an assessment without a date counts as older than any interview; a same-day tie
goes to the interview). The reasons name an interview whose level was used (docs/INTERVIEW_FEEDBACK.md). Each required competency earns min(level / required, 1);
must-haves weigh twice as much as nice-to-haves. A must-have below its level is flagged, and
fewer missed must-haves always ranks first; then the score; ties go to the lower participant (or
hiring need) id, so the order is deterministic. Rows are loaded with a fixed number of queries
and scored in one pass in plain Python: a need has tens of candidates and a handful of
competencies, too few for pandas' per-call overhead (about 20 ms a ranking) to pay off.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import NamedTuple

import pandas as pd
import sqlalchemy as sa

from app.db import in_list
from app.extensions import db
from app.models import Skill
from cohorts.models import (
    Candidacy,
    CohortHiringNeed,
    Enrolment,
    EnrolmentStatus,
    InterviewFeedback,
    InterviewScore,
    Participant,
    SkillAssessment,
)
from cohorts.models.programmes import Cohort
from employers.models import Employer, HiringNeed, HiringNeedSkill, HiringNeedStatus, Importance

MUST_WEIGHT = 2.0
NICE_WEIGHT = 1.0
#: enrolments whose participants can be put forward
CANDIDATE_STATUSES = (EnrolmentStatus.enrolled.value, EnrolmentStatus.completed.value)

FIT_COLUMNS = ["participant_id", "hiring_need_id", "score", "must_met", "must_total",
               "nice_met", "nice_total", "missing_musts", "reasons"]

#: (hiring_need_id, skill_id, label, required level, must)
Requirement = tuple[int, int, str, int, bool]


class Fit(NamedTuple):
    """How well one participant fits one hiring need, and why (a named tuple: half a frozen dataclass's making)."""

    participant_id: int
    hiring_need_id: int
    score: float
    must_met: int
    must_total: int
    nice_met: int
    nice_total: int
    #: labels of the must-haves the participant is below on
    missing_musts: tuple[str, ...]
    reasons: str
    cohort_id: int | None = None

    @property
    def percent(self) -> int:
        return round(self.score * 100)


def _raw(column):
    return sa.type_coerce(column, sa.String)


# --- the pure scoring --------------------------------------------------------------------------


def score(pairs: Iterable[tuple[int, int]], requirements: Iterable[Requirement],
          levels: Mapping[tuple[int, int], int], cohorts: Mapping[int, int] | None = None,
          sources: Mapping[tuple[int, int], str] | None = None) -> list[Fit]:
    """Score every (participant_id, hiring_need_id) pair, best first.

    levels: (participant_id, skill_id) → level (the exit level, else baseline); cohorts:
    participant_id → the cohort shown with the fit; sources: (participant_id, skill_id) → where a
    level that is not an assessment came from ("an interview with Northwind 3 Dec"), named in the reasons.
    """
    by_need: dict[int, list[Requirement]] = {}
    for requirement in requirements:
        by_need.setdefault(requirement[0], []).append(requirement)
    cohorts, sources = cohorts or {}, sources or {}
    ranked = []
    for participant_id, need_id in dict.fromkeys(pairs):
        credit = compensation = weight = 0.0
        must_met = must_total = nice_met = nice_total = 0
        below, evidence = [], []
        for _, skill_id, label, required, must in by_need.get(need_id, ()):
            has = levels.get((participant_id, skill_id), 0)
            source = sources.get((participant_id, skill_id), "")
            worth = MUST_WEIGHT if must else NICE_WEIGHT
            # compensated (Kahan) sum, as pandas' grouped sum adds: the same score to the last bit
            term = min(has / required, 1.0) * worth - compensation
            total = credit + term
            compensation, credit = total - credit - term, total
            weight += worth
            if must:
                must_total += 1
                if has >= required:
                    must_met += 1
                else:
                    below.append((label, has, required, source))
                    continue
            else:
                nice_total += 1
                nice_met += has >= required
            if source:
                evidence.append((label, has, source))
        below.sort()
        fit_score = round(credit / weight * 1e6) / 1e6 if weight > 0 else 0.0  # as numpy rounds
        ranked.append((must_total - must_met, -fit_score, participant_id, need_id, Fit(
            participant_id, need_id, fit_score, must_met, must_total, nice_met, nice_total,
            tuple(row[0] for row in below),
            _reasons(must_met, must_total, nice_met, nice_total, below, sorted(evidence)),
            cohorts.get(participant_id),
        )))
    ranked.sort(key=lambda row: row[:4])
    return [row[4] for row in ranked]


def _reasons(must_met: int, must_total: int, nice_met: int, nice_total: int,
             below: list[tuple[str, int, int, str]], evidence: list[tuple[str, int, str]] = ()) -> str:
    """"meets 5 of 6 must-haves; below on negotiation (2 of 3, from an interview with Northwind 3 Dec);
    meets 1 of 2 nice-to-haves; interview evidence: CRM 3 (an interview with Acme 1 Dec)"."""
    if must_total + nice_total == 0:
        return "the hiring need lists no competencies"
    reasons = f"meets {must_met} of {must_total} must-haves"
    if below:
        reasons += "; below on " + ", ".join(
            f"{label} ({has} of {required}{', from ' + source if source else ''})"
            for label, has, required, source in below)
    if nice_total > 0:
        reasons += f"; meets {nice_met} of {nice_total} nice-to-haves"
    if evidence:
        reasons += "; interview evidence: " + ", ".join(f"{label} {has} ({source})" for label, has, source in evidence)
    return reasons


def score_fits(pairs: pd.DataFrame, requirements: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """score() over frames (e.g. an analysis notebook's): returns FIT_COLUMNS, best first.

    requirements: hiring_need_id, skill_id, label, level, must (bool).
    levels: participant_id, skill_id, level (the exit level, else baseline).
    """
    fits = score(
        pairs[["participant_id", "hiring_need_id"]].itertuples(index=False, name=None),
        requirements[["hiring_need_id", "skill_id", "label", "level", "must"]].itertuples(index=False, name=None),
        {(p, s): level for p, s, level in levels[["participant_id", "skill_id", "level"]]
         .itertuples(index=False, name=None)},
    )
    return pd.DataFrame([[getattr(fit, column) for column in FIT_COLUMNS] for fit in fits], columns=FIT_COLUMNS)


# --- loading ----------------------------------------------------------------------------------
# Each statement is built once per process, with bind parameters: building and keying them cost
# more than running them on a need's few dozen candidates.

NEED_ID = sa.bindparam("need_id")


def _rows(stmt, params: dict) -> list[tuple]:
    """Core rows as plain tuples: no ORM row processing."""
    db.session.flush()
    return list(map(tuple, db.session.connection().execute(stmt, params).all()))  # one fetchall, not a fetch a row


def _requirements_select(need_filter):
    return (
        sa.select(HiringNeedSkill.hiring_need_id, HiringNeedSkill.skill_id, Skill.label,
                  HiringNeedSkill.level, _raw(HiringNeedSkill.importance) == Importance.must.value)
        .join(Skill, Skill.id == HiringNeedSkill.skill_id)
        .where(need_filter)
    )


def _levels_select(participant_filter, skill_filter, interview_participant_filter, interview_skill_filter):
    """Assessments and interview scores in one statement (the evidence costs no extra query). The interview's
    time is read as stored, naive UTC (its day, month and order are UTC's either way): no zone added to every row."""
    assessments = sa.select(
        SkillAssessment.participant_id, SkillAssessment.skill_id, _raw(SkillAssessment.stage), SkillAssessment.level,
        SkillAssessment.assessed_on, sa.type_coerce(sa.null(), sa.DateTime).label("interviewed_at"),
        sa.type_coerce(sa.null(), sa.String).label("employer"),
    ).where(participant_filter, skill_filter)
    interviews = (
        sa.select(Candidacy.participant_id, InterviewScore.skill_id, sa.literal("interview", sa.String),
                  InterviewScore.level, sa.type_coerce(sa.null(), sa.Date),
                  sa.type_coerce(InterviewFeedback.interviewed_at, sa.DateTime),
                  Employer.name)
        .join(InterviewFeedback, InterviewFeedback.id == InterviewScore.feedback_id)
        .join(Candidacy, Candidacy.id == InterviewFeedback.candidacy_id)
        .join(HiringNeed, HiringNeed.id == Candidacy.hiring_need_id)
        .join(Employer, Employer.id == HiringNeed.employer_id)
        .where(interview_participant_filter, interview_skill_filter)
    )
    return sa.union_all(assessments, interviews)


def _levels(rows: list[tuple]) -> tuple[dict[tuple[int, int], int], dict[tuple[int, int], str]]:
    """(participant_id, skill_id) → the newest evidence's level, and where an interview level came from.

    The assessment is the exit level where there is one, else the baseline; the latest interview
    score replaces it when the interview took place on or after the assessment's day (an
    assessment without a day is older than any interview).
    """
    levels: dict[tuple[int, int], int] = {}
    assessed_on: dict[tuple[int, int], date | None] = {}
    exits = set()
    interviews: dict[tuple[int, int], tuple] = {}
    for participant_id, skill_id, stage, level, on, interviewed_at, employer in rows:
        key = (participant_id, skill_id)
        if stage == "interview":
            if key not in interviews or interviewed_at > interviews[key][0]:
                interviews[key] = (interviewed_at, level, employer)
        elif key not in exits:
            levels[key], assessed_on[key] = level, on
            if stage == "exit":
                exits.add(key)
    sources: dict[tuple[int, int], str] = {}
    for key, (interviewed_at, level, employer) in interviews.items():
        on = assessed_on.get(key)
        if key not in levels or on is None or interviewed_at.date() >= on:
            levels[key] = level
            sources[key] = f"an interview with {employer} {interviewed_at.day} {interviewed_at:%b}"
    return levels, sources


@cache
def _need_selects():
    """A need's candidates (latest covering cohort first), requirements and candidates' levels."""
    # the statuses as plain binds: an expanding IN's SQL is rendered again at each execution
    candidate = _raw(Enrolment.status).in_([sa.literal(status, sa.String) for status in CANDIDATE_STATUSES])
    candidates = (
        sa.select(Enrolment.participant_id, Enrolment.cohort_id)
        .join(CohortHiringNeed, CohortHiringNeed.cohort_id == Enrolment.cohort_id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(CohortHiringNeed.hiring_need_id == NEED_ID,
               candidate, Enrolment.exclusion_reason.is_(None))
        .order_by(Enrolment.participant_id, Cohort.ends_on.desc(), Cohort.id.desc())
    )
    participants = (  # the candidates: only their levels are scored
        sa.select(Enrolment.participant_id)
        .join(CohortHiringNeed, CohortHiringNeed.cohort_id == Enrolment.cohort_id)
        .where(CohortHiringNeed.hiring_need_id == NEED_ID, candidate, Enrolment.exclusion_reason.is_(None))
    )
    skills = sa.select(HiringNeedSkill.skill_id).where(HiringNeedSkill.hiring_need_id == NEED_ID)
    levels = _levels_select(
        SkillAssessment.participant_id.in_(participants), SkillAssessment.skill_id.in_(skills),
        Candidacy.participant_id.in_(participants), InterviewScore.skill_id.in_(skills),
    )
    return candidates, _requirements_select(HiringNeedSkill.hiring_need_id == NEED_ID), levels


@cache
def _page_selects():
    """The matching page's need (with its employer's name) once a covering cohort's code, by code (once with
    None without one), and its candidates with what the page prints of them and their candidacy for the need."""
    need = (sa.select(HiringNeed.id, HiringNeed.ref, HiringNeed.role_title, HiringNeed.openings, HiringNeed.status,
                      Employer.name, Cohort.code)
            .join(Employer, Employer.id == HiringNeed.employer_id)
            .outerjoin(CohortHiringNeed, CohortHiringNeed.hiring_need_id == HiringNeed.id)
            .outerjoin(Cohort, Cohort.id == CohortHiringNeed.cohort_id)
            .where(HiringNeed.id == NEED_ID).order_by(Cohort.code))
    candidates = (_need_selects()[0].add_columns(Participant.first_name, Participant.last_name,
                                                 Participant.consent_to_share, Candidacy.id, Candidacy.stage)
                  .join(Participant, Participant.id == Enrolment.participant_id)
                  .outerjoin(Candidacy, (Candidacy.participant_id == Enrolment.participant_id)
                             & (Candidacy.hiring_need_id == NEED_ID)))
    # the candidates' evidence in the need's skills, both lists given (known from the statements before). With
    # the candidates and skills as subqueries, PostgreSQL joined the four tables of the candidates twice and
    # looked up each person's assessments once per skill (2-3 ms); as lists, every skill's read was 0.7 ms.
    levels = _levels_select(
        in_list(SkillAssessment.participant_id, "people"), in_list(SkillAssessment.skill_id, "skills"),
        in_list(Candidacy.participant_id, "people"), in_list(InterviewScore.skill_id, "skills"))
    return need, candidates, levels


@dataclass(frozen=True)
class NeedCard:
    """What the matching page prints of the hiring need."""

    id: int
    ref: str
    role_title: str
    openings: int
    status: HiringNeedStatus
    employer_name: str


class Person(NamedTuple):
    """What the matching page prints of a ranked participant."""

    id: int
    full_name: str
    consent_to_share: bool


class CandidacyRow(NamedTuple):
    id: int
    stage: str


class MatchRow(NamedTuple):
    """One row of the matching page's ranking: the fit, the participant, their candidacy for the need (None
    without one)."""

    fit: Fit
    person: Person
    candidacy: CandidacyRow | None


def matching_page(need_id: int) -> dict | None:
    """Everything the staff matching page shows (four queries of plain rows; None without the need): the need,
    its competencies by skill, ``rows`` of the candidates best fit first (as rank_candidates) with their names,
    consent and candidacy, and the codes of the covering cohorts."""
    need_select, candidates_select, levels_select = _page_selects()
    requirements_select = _need_selects()[1]
    params = {"need_id": need_id}
    db.session.flush()  # once for the four statements, whose rows are kept as they come (tuple-like), not as _rows
    connection = db.session.connection()
    need_rows = connection.execute(need_select, params).all()
    if not need_rows:
        return None
    requirements = connection.execute(requirements_select, params).all()
    candidates: dict[int, int] = {}
    people: dict[int, tuple[Person, CandidacyRow | None]] = {}
    for participant_id, cohort_id, first, last, consent, candidacy_id, stage in connection.execute(
            candidates_select, params).all():
        if participant_id not in candidates:  # the latest covering cohort first
            candidates[participant_id] = cohort_id
            people[participant_id] = (Person(participant_id, f"{first} {last}".strip(), consent),  # as full_name
                                      None if candidacy_id is None else CandidacyRow(candidacy_id, stage))
    skills = {skill_id for _, skill_id, *_ in requirements}
    evidence = (connection.execute(levels_select, {"people": list(candidates), "skills": list(skills)}).all()
                if candidates and skills else ())
    levels, sources = _levels(evidence)
    fits = score(((participant_id, need_id) for participant_id in candidates), requirements, levels, candidates,
                 sources)
    return {
        "need": NeedCard(*need_rows[0][:-1]),
        "competencies": sorted(((label, level, bool(must)) for _, _, label, level, must in requirements),
                               key=lambda c: (c[0].lower(), c[0])),  # as Jinja's sort by the skill's label
        "rows": [MatchRow(fit, *people[fit.participant_id]) for fit in fits],
        "cohort_codes": [row[-1] for row in need_rows if row[-1] is not None],
    }


@cache
def _participant_selects():
    """Every open need's requirements, and a participant's levels."""
    open_needs = sa.select(HiringNeed.id).where(_raw(HiringNeed.status) == HiringNeedStatus.open.value)
    return (_requirements_select(HiringNeedSkill.hiring_need_id.in_(open_needs)),
            _levels_select(SkillAssessment.participant_id == sa.bindparam("participant_id"), sa.true(),
                           Candidacy.participant_id == sa.bindparam("participant_id"), sa.true()))


def candidates_for_need(need: HiringNeed) -> dict[int, int]:
    """Participants of the cohorts that cover the need: participant_id → their latest such cohort."""
    latest: dict[int, int] = {}
    for participant_id, cohort_id in _rows(_need_selects()[0], {"need_id": need.id}):
        latest.setdefault(participant_id, cohort_id)
    return latest


def rank_candidates(need: HiringNeed) -> list[Fit]:
    """The participants of the cohorts covering ``need``, best fit first (three queries)."""
    _, requirements, levels_select = _need_selects()
    candidates = candidates_for_need(need)
    levels, sources = _levels(_rows(levels_select, {"need_id": need.id}))
    return score(((participant_id, need.id) for participant_id in candidates),
                 _rows(requirements, {"need_id": need.id}), levels, candidates, sources)


def rank_needs_for_participant(participant: Participant, limit: int = 10) -> list[Fit]:
    """The open hiring needs ``participant`` fits best (two queries)."""
    requirements_select, levels_select = _participant_selects()
    requirements = _rows(requirements_select, {})
    levels, sources = _levels(_rows(levels_select, {"participant_id": participant.id}))
    pairs = ((participant.id, need_id) for need_id in dict.fromkeys(row[0] for row in requirements))
    return score(pairs, requirements, levels, sources=sources)[:limit]
