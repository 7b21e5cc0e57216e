"""Participant ↔ hiring-need ranking by competency fit, with the reasons shown.

A participant's level in a skill is their exit assessment, or their baseline when there is no
exit yet (0 when never assessed). Each required competency earns min(level / required, 1);
must-haves weigh twice as much as nice-to-haves. A must-have below its level is flagged, and
fewer missed must-haves always ranks first; then the score; ties go to the lower participant (or
hiring need) id, so the order is deterministic. Frames are loaded with a fixed number of
queries and scored in one vectorised pass.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from app.models import Skill
from cohorts.models import (
    Candidacy,
    CohortHiringNeed,
    Enrolment,
    EnrolmentStatus,
    Participant,
    SkillAssessment,
)
from cohorts.models.programmes import Cohort
from employers.models import HiringNeed, HiringNeedSkill, HiringNeedStatus, Importance

MUST_WEIGHT = 2.0
NICE_WEIGHT = 1.0
#: enrolments whose participants can be put forward
CANDIDATE_STATUSES = (EnrolmentStatus.enrolled.value, EnrolmentStatus.completed.value)

FIT_COLUMNS = ["participant_id", "hiring_need_id", "score", "must_met", "must_total",
               "nice_met", "nice_total", "missing_musts", "reasons"]


@dataclass(frozen=True)
class Fit:
    """How well one participant fits one hiring need, and why."""

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


def _frame(stmt, columns: list[str]) -> pd.DataFrame:
    """Core rows as plain tuples: no ORM row processing, no per-row attribute probing by pandas."""
    db.session.flush()
    return pd.DataFrame(list(map(tuple, db.session.connection().execute(stmt))), columns=list(columns))


def _raw(column):
    return sa.type_coerce(column, sa.String)


# --- the pure scoring --------------------------------------------------------------------------


def score_fits(pairs: pd.DataFrame, requirements: pd.DataFrame, levels: pd.DataFrame) -> pd.DataFrame:
    """Score every (participant_id, hiring_need_id) pair; returns FIT_COLUMNS, best first.

    requirements: hiring_need_id, skill_id, label, level, must (bool).
    levels: participant_id, skill_id, level (the exit level, else baseline).
    """
    grid = pairs[["participant_id", "hiring_need_id"]].merge(
        requirements.rename(columns={"level": "required"}), on="hiring_need_id"
    )
    grid = grid.merge(levels.rename(columns={"level": "has"}), on=["participant_id", "skill_id"], how="left")
    grid["has"] = grid["has"].fillna(0).astype(int)
    grid["must"] = grid["must"].astype(bool)
    grid["weight"] = np.where(grid["must"], MUST_WEIGHT, NICE_WEIGHT)
    grid["credit"] = np.minimum(grid["has"] / grid["required"], 1.0) * grid["weight"]
    grid["meets"] = grid["has"] >= grid["required"]
    grid["must_met"] = grid["must"] & grid["meets"]
    grid["nice"] = ~grid["must"]
    grid["nice_met"] = grid["nice"] & grid["meets"]
    keys = ["participant_id", "hiring_need_id"]
    sums = grid.groupby(keys).agg(
        credit=("credit", "sum"), weight=("weight", "sum"), must_met=("must_met", "sum"),
        must_total=("must", "sum"), nice_met=("nice_met", "sum"), nice_total=("nice", "sum"),
    )
    below = grid.loc[grid["must"] & ~grid["meets"]].sort_values([*keys, "label"])
    below = below.assign(text=below["label"] + " (" + below["has"].astype(str) + " of "
                         + below["required"].astype(str) + ")")
    below_text = below.groupby(keys)["text"].agg(", ".join)
    missing = below.groupby(keys)["label"].agg(tuple)

    fits = pairs[keys].drop_duplicates().set_index(keys).join(sums).join(below_text).join(missing)
    fits = fits.fillna({"credit": 0.0, "weight": 0.0, "must_met": 0, "must_total": 0,
                        "nice_met": 0, "nice_total": 0, "text": ""})
    fits["score"] = np.where(fits["weight"] > 0, fits["credit"] / fits["weight"].where(fits["weight"] > 0, 1), 0.0)
    fits["score"] = fits["score"].round(6)  # equal fits compare equal, whatever the float path
    fits["missing_musts"] = fits["label"].apply(lambda v: v if isinstance(v, tuple) else ())
    for column in ("must_met", "must_total", "nice_met", "nice_total"):
        fits[column] = fits[column].astype(int)
    fits["reasons"] = _reasons(fits)
    fits["must_missed"] = fits["must_total"] - fits["must_met"]
    fits = fits.reset_index().sort_values(
        ["must_missed", "score", "participant_id", "hiring_need_id"],
        ascending=[True, False, True, True], kind="stable",
    )
    return fits[FIT_COLUMNS].reset_index(drop=True)


def _reasons(fits: pd.DataFrame) -> pd.Series:
    """"meets 5 of 6 must-haves; below on negotiation (2 of 3); meets 1 of 2 nice-to-haves"."""
    musts = "meets " + fits["must_met"].astype(str) + " of " + fits["must_total"].astype(str) + " must-haves"
    below = np.where(fits["text"] != "", "; below on " + fits["text"], "")
    nice = np.where(
        fits["nice_total"] > 0,
        "; meets " + fits["nice_met"].astype(str) + " of " + fits["nice_total"].astype(str) + " nice-to-haves",
        "",
    )
    reasons = musts + below + nice
    return reasons.where(fits["must_total"] + fits["nice_total"] > 0, "the hiring need lists no competencies")


def _fits(frame: pd.DataFrame, cohorts: dict[int, int] | None = None) -> list[Fit]:
    return [
        Fit(int(r.participant_id), int(r.hiring_need_id), float(r.score), r.must_met, r.must_total,
            r.nice_met, r.nice_total, r.missing_musts, r.reasons,
            (cohorts or {}).get(int(r.participant_id)))
        for r in frame.itertuples(index=False)
    ]


# --- loading ----------------------------------------------------------------------------------


def _requirements(need_filter) -> pd.DataFrame:
    return _frame(
        sa.select(HiringNeedSkill.hiring_need_id, HiringNeedSkill.skill_id, Skill.label,
                  HiringNeedSkill.level, _raw(HiringNeedSkill.importance) == Importance.must.value)
        .join(Skill, Skill.id == HiringNeedSkill.skill_id)
        .where(need_filter),
        ["hiring_need_id", "skill_id", "label", "level", "must"],
    )


def _levels(participant_filter, skill_filter) -> pd.DataFrame:
    """Exit level where there is one, else baseline: one row per participant and skill."""
    rows = _frame(
        sa.select(SkillAssessment.participant_id, SkillAssessment.skill_id,
                  _raw(SkillAssessment.stage), SkillAssessment.level)
        .where(participant_filter, skill_filter),
        ["participant_id", "skill_id", "stage", "level"],
    )
    rows = rows.assign(rank=(rows["stage"] == "exit").astype(int))
    rows = rows.sort_values(["participant_id", "skill_id", "rank"], ascending=[True, True, False])
    return rows.drop_duplicates(["participant_id", "skill_id"])[["participant_id", "skill_id", "level"]]


def candidates_for_need(need: HiringNeed) -> pd.DataFrame:
    """Participants of the cohorts that cover the need: participant_id, cohort_id (latest cohort)."""
    frame = _frame(
        sa.select(Enrolment.participant_id, Enrolment.cohort_id)
        .join(CohortHiringNeed, CohortHiringNeed.cohort_id == Enrolment.cohort_id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(CohortHiringNeed.hiring_need_id == need.id,
               _raw(Enrolment.status).in_(CANDIDATE_STATUSES),
               Enrolment.exclusion_reason.is_(None))
        .order_by(Enrolment.participant_id, Cohort.ends_on.desc(), Cohort.id.desc()),
        ["participant_id", "cohort_id"],
    )
    return frame.drop_duplicates("participant_id")


def rank_candidates(need: HiringNeed) -> list[Fit]:
    """The participants of the cohorts covering ``need``, best fit first (three queries)."""
    candidates = candidates_for_need(need)
    requirements = _requirements(HiringNeedSkill.hiring_need_id == need.id)
    ids = [int(i) for i in candidates["participant_id"]]
    levels = _levels(
        SkillAssessment.participant_id.in_(
            sa.select(Enrolment.participant_id)
            .join(CohortHiringNeed, CohortHiringNeed.cohort_id == Enrolment.cohort_id)
            .where(CohortHiringNeed.hiring_need_id == need.id)
        ),
        SkillAssessment.skill_id.in_(
            sa.select(HiringNeedSkill.skill_id).where(HiringNeedSkill.hiring_need_id == need.id)
        ),
    )
    pairs = pd.DataFrame({"participant_id": ids, "hiring_need_id": need.id})
    return _fits(score_fits(pairs, requirements, levels),
                 dict(zip(candidates["participant_id"], candidates["cohort_id"])))


def rank_needs_for_participant(participant: Participant, limit: int = 10) -> list[Fit]:
    """The open hiring needs ``participant`` fits best (two queries)."""
    open_needs = sa.select(HiringNeed.id).where(_raw(HiringNeed.status) == HiringNeedStatus.open.value)
    requirements = _requirements(HiringNeedSkill.hiring_need_id.in_(open_needs))
    levels = _levels(SkillAssessment.participant_id == participant.id, sa.true())
    pairs = pd.DataFrame({"hiring_need_id": requirements["hiring_need_id"].unique()}).assign(
        participant_id=participant.id
    )
    return _fits(score_fits(pairs, requirements, levels).head(limit))


def candidacy_stages(need: HiringNeed) -> dict[int, Candidacy]:
    """participant id → their candidacy for ``need`` (one query)."""
    rows = db.session.scalars(sa.select(Candidacy).where(Candidacy.hiring_need_id == need.id)).all()
    return {c.participant_id: c for c in rows}
