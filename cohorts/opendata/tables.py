"""The rows the package is aggregated from, one frame per resource, read with a fixed number of queries.

Each frame holds one row per contribution (a need's skill, a person's exit assessment, a starter of a
cohort) with the ids the disclosure rules count (people, employers); the ids never leave this package's
aggregation step. Erased people (rule 6) are dropped here, before anything is counted.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
import sqlalchemy as sa

from app.dates import local_zone
from app.extensions import db
from app.models import Skill
from cohorts.learnability.queries import starter_values
from cohorts.models import AssessmentStage, Cohort, Participant, Placement, Programme, SkillAssessment
from cohorts.opendata.disclosure import exclude_erased
from cohorts.outcomes.measures import outcome_people
from employers.models import HiringNeed, HiringNeedSkill, HiringNeedStatus, Importance

#: the region written when staff left it blank
NO_REGION = "unspecified"
#: the outcome measures read per starter, as outcome_people names them → the column they fill
OUTCOME_MEASURES = {
    "starters": "starter", "completers": "completer", "job_seeking_completers": "job_seeking_completer",
    "placed_180": "placed_180", "retention_180_retained": "retained_180",
}


def quarter_of(day: date) -> str:
    """A calendar quarter written like 2026-Q2."""
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def region_name(value: str | None) -> str:
    return (value or "").strip() or NO_REGION


def skill_key(esco_uri: str | None, label: str) -> str:
    """The skill as published: its ESCO URI where known, else its label."""
    return esco_uri or label


def erased_participant_ids() -> set[int]:
    """Rule 6: people whose personal data was erased contribute to no cell."""
    return set(db.session.scalars(sa.select(Participant.id).where(Participant.anonymised_at.is_not(None))))


def _end_of(as_of: date) -> datetime:
    """The first instant after as_of in the deployment's zone, in UTC."""
    return datetime.combine(as_of + timedelta(days=1), time(), local_zone()).astimezone(UTC)


def demand_rows(as_of: date) -> pd.DataFrame:
    """One row per required skill of a non-draft need opened on or before as_of (one query)."""
    opened = sa.func.coalesce(HiringNeed.submitted_at, HiringNeed.created_at)
    rows = db.session.execute(
        sa.select(HiringNeed.id, HiringNeed.employer_id, HiringNeed.openings, HiringNeed.region, opened,
                  Skill.esco_uri, Skill.label, HiringNeedSkill.importance)
        .join(HiringNeedSkill, HiringNeedSkill.hiring_need_id == HiringNeed.id)
        .join(Skill, Skill.id == HiringNeedSkill.skill_id)
        .where(HiringNeed.status != HiringNeedStatus.draft, opened < _end_of(as_of))
    ).all()
    zone = local_zone()
    return pd.DataFrame(
        [{"need_id": need, "employer_id": employer, "openings": openings,
          "quarter": quarter_of(at.astimezone(zone).date() if at.tzinfo else at.date()),
          "region": region_name(region), "skill": skill_key(uri, label), "must": importance == Importance.must}
         for need, employer, openings, region, at, uri, label, importance in rows],
        columns=["need_id", "employer_id", "openings", "quarter", "region", "skill", "must"])


def _assessments(erased: set[int], as_of: date) -> pd.DataFrame:
    rows = db.session.execute(
        sa.select(SkillAssessment.participant_id, SkillAssessment.skill_id, SkillAssessment.stage,
                  SkillAssessment.level, SkillAssessment.assessed_on, Participant.region, Skill.esco_uri, Skill.label)
        .join(Participant, Participant.id == SkillAssessment.participant_id)
        .join(Skill, Skill.id == SkillAssessment.skill_id)
        .where(sa.or_(SkillAssessment.assessed_on.is_(None), SkillAssessment.assessed_on <= as_of))
    ).all()
    frame = pd.DataFrame(rows, columns=["person", "skill_id", "stage", "level", "assessed_on", "region", "uri", "label"])
    return exclude_erased(frame, erased)


def supply_rows(as_of: date, erased: set[int]) -> pd.DataFrame:
    """One row per person and skill assessed at exit on a known day ≤ as_of, with the gain when a
    baseline exists (one query)."""
    frame = _assessments(erased, as_of)
    exits = frame[(frame["stage"] == AssessmentStage.exit) & frame["assessed_on"].notna()]
    baselines = frame[frame["stage"] == AssessmentStage.baseline].drop_duplicates(["person", "skill_id"], keep="last")
    merged = exits.drop_duplicates(["person", "skill_id"], keep="last").merge(
        baselines[["person", "skill_id", "level"]], on=["person", "skill_id"], how="left", suffixes=("", "_baseline"))
    return pd.DataFrame({
        "person": merged["person"],
        "quarter": [quarter_of(day) for day in merged["assessed_on"]],
        "region": [region_name(r) for r in merged["region"]],
        "skill": [skill_key(u, lab) for u, lab in zip(merged["uri"], merged["label"], strict=True)],
        "exit_level": merged["level"].astype(float),
        "gain": (merged["level"] - merged["level_baseline"]).astype(float),
    }, columns=["person", "quarter", "region", "skill", "exit_level", "gain"])


def _cohorts(as_of: date) -> pd.DataFrame:
    """Cohorts that ended on or before as_of: quarter of end, region, programme (one query)."""
    rows = db.session.execute(
        sa.select(Cohort.id, Cohort.ends_on, Cohort.region, Programme.name)
        .join(Programme, Programme.id == Cohort.programme_id).where(Cohort.ends_on <= as_of)
    ).all()
    return pd.DataFrame([{"cohort_id": cid, "quarter": quarter_of(ends), "region": region_name(region),
                          "programme": programme} for cid, ends, region, programme in rows],
                        columns=["cohort_id", "quarter", "region", "programme"])


def outcome_rows(as_of: date, erased: set[int]) -> pd.DataFrame:
    """One row per starter of an ended cohort with the outcomes.md flags and their first placement's
    salary when placed within 180 days (fixed queries: the outcome loads, cohorts, salaries)."""
    cohorts = _cohorts(as_of)
    frame = pd.DataFrame(columns=["cohort_id", "person"])
    first_placement: dict[tuple[int, int], int | None] = {}
    for measure, column in OUTCOME_MEASURES.items():
        people = outcome_people(as_of, measure)
        flagged = pd.DataFrame([(p.cohort_id, p.participant_id) for p in people], columns=["cohort_id", "person"])
        flagged[column] = True
        frame = flagged if measure == "starters" else frame.merge(flagged, on=["cohort_id", "person"], how="left")
        if measure == "placed_180":
            first_placement = {(p.cohort_id, p.participant_id): p.placement_id for p in people}
    salaries = dict(db.session.execute(
        sa.select(Placement.id, Placement.annual_salary).where(Placement.id.in_(
            [pid for pid in first_placement.values() if pid is not None]))).all()) if first_placement else {}
    frame = frame.fillna({column: False for column in OUTCOME_MEASURES.values()}).infer_objects()
    frame["salary"] = [salaries.get(first_placement.get((c, p))) if placed else None
                       for c, p, placed in zip(frame["cohort_id"], frame["person"], frame["placed_180"], strict=True)]
    frame = exclude_erased(frame, erased).merge(cohorts, on="cohort_id", how="inner")
    return frame


def learnability_rows(as_of: date, erased: set[int]) -> pd.DataFrame:
    """One row per starter of an ended cohort with their learnability in that cohort, NaN when undefined:
    the one implementation of spec/learnability.md (cohorts/learnability), for every cohort at once."""
    starters = outcome_rows_starters(as_of, erased)
    values = starter_values(list(zip(starters["cohort_id"], starters["person"], strict=True)), as_of)
    starters["learnability"] = [values.get((cid, pid)) for cid, pid in
                                zip(starters["cohort_id"], starters["person"], strict=True)]
    starters["learnability"] = starters["learnability"].astype(float)
    return starters


def outcome_rows_starters(as_of: date, erased: set[int]) -> pd.DataFrame:
    people = outcome_people(as_of, "starters")
    frame = pd.DataFrame([(p.cohort_id, p.participant_id) for p in people], columns=["cohort_id", "person"])
    return exclude_erased(frame, erased).merge(_cohorts(as_of), on="cohort_id", how="inner")
