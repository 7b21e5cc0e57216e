"""What the coach-matching model reads: intake signals, the programme and cohort, and the coach.

Training rows are the job-seeking completers (docs/OUTCOMES.md) of cohorts whose 180-day window has
closed, each with their current coach; the label is `placed_180`: their first placement linked to the
cohort is dated on or before the cohort's end + 180 days. Everything is loaded by a handful of
set-based queries into one pandas frame. Nothing here reads EqualityMonitoring: protected
characteristics are never features (tests/cohorts/coaching asserts FEATURES).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from cohorts.models import (
    CoachProfile,
    Cohort,
    Enrolment,
    Participant,
    Placement,
    Programme,
    ReferralPartner,
    starter_clause,
)
from cohorts.outcomes.data import job_seeking_completer, placement_day

#: the days after a cohort's end within which a placement counts (placed_180)
WINDOW_DAYS = 180
#: a small, transparent keyword map: category → words that put a barrier, need or life area in it
CATEGORIES: dict[str, tuple[str, ...]] = {
    "housing": ("housing", "homeless", "rent", "evict", "hostel"),
    "transport": ("transport", "commute", "transit", "bus ", "travel", "driving"),
    "caring": ("caring", "carer", "childcare", "child care", "parent", "care for"),
    "health": ("health", "illness", "hospital", "injury", "medical", "wellbeing"),
    "confidence": ("confidence", "anxious", "anxiety", "rejection", "self-esteem"),
    "digital": ("digital", "laptop", "computer", "internet", "online access"),
    "language": ("language", "english", "french", "translat"),
    "money": ("money", "debt", "financ", "benefit", "income"),
    "criminal_record": ("criminal", "conviction", "justice", "prison", "offend"),
    "experience": ("work experience", "gap in employment", "degree", "credential", "qualification"),
}
#: where a referral came from: a partner's kind, else a category of the free-text source
REFERRAL_ROUTES: dict[str, tuple[str, ...]] = {
    "jobcentre": ("jobcentre", "job centre", "employment ontario", "employment service"),
    "community": ("community", "settlement", "charity", "centre", "agency"),
    "online": ("linkedin", " ad", "online", "website", "social media"),
    "word_of_mouth": ("word of mouth", "friend", "alumni", "family"),
    "event": ("fair", "event"),
}
CATEGORICAL = ["region", "referral_route", "programme"]
INTAKE_FLAGS = [f"{kind}_{name}" for kind in ("barrier", "need", "life") for name in CATEGORIES]
#: the coach's side; the baseline model leaves these out
COACH_FEATURES = ["coach_caseload", "coach_knows_sector", "coach_similar_rate"]
NUMERIC = ["cohort_size", *COACH_FEATURES]
#: every feature, in the model's order
FEATURES = [*CATEGORICAL, *INTAKE_FLAGS, *NUMERIC]
#: prior weight of the smoothed similar-participants rate (pseudo-participants at the overall rate)
SMOOTHING = 10.0


@dataclass
class History:
    """Each coach's past participants per programme: {(coach id, programme id): (n, placed)}."""

    counts: dict[tuple[int, int], tuple[int, int]]
    prior: float

    @classmethod
    def of(cls, rows: pd.DataFrame) -> History:
        grouped = rows.groupby(["coach_id", "programme_id"])["placed"].agg(["size", "sum"])
        counts = {(int(c), int(p)): (int(n), int(s)) for (c, p), n, s in
                  zip(grouped.index, grouped["size"], grouped["sum"])}
        return cls(counts, float(rows["placed"].mean()) if len(rows) else 0.5)

    def similar(self, coach_id: int, programme_id: int) -> tuple[int, int]:
        return self.counts.get((coach_id, programme_id), (0, 0))


def categorise(texts: pd.Series, prefix: str) -> pd.DataFrame:
    """One 0/1 column per CATEGORIES entry: does the text mention any of its words?"""
    lowered = texts.fillna("").str.lower()
    return pd.DataFrame({f"{prefix}_{name}": lowered.apply(lambda t, w=words: any(x in t for x in w)).astype(np.int8)
                         for name, words in CATEGORIES.items()}, index=texts.index)


def referral_route(kind, source: str) -> str:
    if kind:
        return str(getattr(kind, "value", kind))
    lowered = f" {source.lower()}" if source else ""
    for route, words in REFERRAL_ROUTES.items():
        if any(word in lowered for word in words):
            return route
    return "other" if source else "none"


def training_rows(today: date) -> pd.DataFrame:
    """One row per job-seeking completer with a coach in a cohort whose 180-day window has closed."""
    closed = Cohort.ends_on <= today - timedelta(days=WINDOW_DAYS)
    stmt = (
        sa.select(Participant.id.label("participant_id"), Enrolment.cohort_id, Participant.coach_id,
                  Cohort.programme_id, Programme.sector, Cohort.ends_on, Participant.region,
                  Participant.referral_source, ReferralPartner.kind.label("partner_kind"), Participant.needs,
                  Participant.barriers, Participant.key_life_areas)
        .join(Enrolment, Enrolment.participant_id == Participant.id)
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .join(Programme, Programme.id == Cohort.programme_id)
        .outerjoin(ReferralPartner, ReferralPartner.id == Participant.referral_partner_id)
        .where(job_seeking_completer(Enrolment), closed, Participant.anonymised_at.is_(None),
               Participant.coach_id.is_not(None))
    )
    rows = pd.DataFrame(db.session.execute(stmt).all(), columns=list(stmt.selected_columns.keys()))
    first = pd.DataFrame(db.session.execute(
        sa.select(Placement.participant_id, Placement.cohort_id, sa.func.min(placement_day()).label("first_on"))
        .join(Cohort, Cohort.id == Placement.cohort_id)
        .where(Placement.voided_at.is_(None), closed)
        .group_by(Placement.participant_id, Placement.cohort_id)).all(),
        columns=["participant_id", "cohort_id", "first_on"])
    rows = rows.merge(first, on=["participant_id", "cohort_id"], how="left")
    deadline = pd.to_datetime(rows["ends_on"]) + pd.Timedelta(days=WINDOW_DAYS)
    rows["placed"] = (pd.to_datetime(rows["first_on"]) <= deadline).astype(np.int8)
    return with_context(rows)


def with_context(rows: pd.DataFrame) -> pd.DataFrame:
    """Add the cohort sizes (starters), the coaches' live caseloads and sectors (three grouped queries)."""
    sizes = dict(db.session.execute(sa.select(Enrolment.cohort_id, sa.func.count())
                                    .where(starter_clause(Enrolment)).group_by(Enrolment.cohort_id)).all())
    rows["cohort_size"] = rows["cohort_id"].map(sizes).fillna(0).astype(float)
    rows["coach_caseload"] = rows["coach_id"].map(caseloads()).fillna(0).astype(float)
    sectors = coach_sectors()
    rows["coach_knows_sector"] = [int(bool(s) and s.lower() in sectors.get(c, ()))
                                  for c, s in zip(rows["coach_id"], rows["sector"].fillna(""))]
    return rows


def caseloads() -> dict[int, int]:
    """Each coach's live caseload: participants not anonymised with them as coach."""
    return dict(db.session.execute(
        sa.select(Participant.coach_id, sa.func.count())
        .where(Participant.coach_id.is_not(None), Participant.anonymised_at.is_(None))
        .group_by(Participant.coach_id)).all())


def coach_sectors() -> dict[int, set[str]]:
    return {user_id: {s.strip().lower() for s in sectors.split(",") if s.strip()}
            for user_id, sectors in db.session.execute(sa.select(CoachProfile.user_id, CoachProfile.sectors))}


def similar_rate(rows: pd.DataFrame, history: History, *, leave_one_out: bool) -> pd.DataFrame:
    """The coach's smoothed placement rate with participants of the same programme, and the counts.

    With `leave_one_out` (training on the history's own rows) each row's own label is taken out, so
    the label never leaks into its feature."""
    pairs = zip(rows["coach_id"].astype(int), rows["programme_id"].astype(int))
    counts = np.array([history.similar(c, p) for c, p in pairs], dtype=float).reshape(len(rows), 2)
    n, placed = counts[:, 0], counts[:, 1]
    if leave_one_out:
        n, placed = n - 1, placed - rows["placed"].to_numpy(dtype=float)
    rate = (placed + SMOOTHING * history.prior) / (n + SMOOTHING)
    return pd.DataFrame({"coach_similar_rate": rate, "similar_n": n, "similar_placed": placed}, index=rows.index)


def feature_frame(rows: pd.DataFrame, history: History, *, leave_one_out: bool = False) -> pd.DataFrame:
    """The FEATURES columns (plus similar_n/similar_placed, for the reasons) of rows with intake data."""
    areas = rows["key_life_areas"].apply(lambda a: " ".join(a) if isinstance(a, list) else "")
    routes = [referral_route(k, s or "") for k, s in zip(rows["partner_kind"], rows["referral_source"])]
    frame = pd.concat([
        pd.DataFrame({"region": rows["region"].fillna("").replace("", "unknown").astype(str),
                      "referral_route": routes, "programme": rows["programme_id"].astype(str)}, index=rows.index),
        categorise(rows["barriers"], "barrier"), categorise(rows["needs"], "need"), categorise(areas, "life"),
        rows[["cohort_size", "coach_caseload", "coach_knows_sector"]].astype(float),
        similar_rate(rows, history, leave_one_out=leave_one_out),
    ], axis=1)
    return frame[[*FEATURES, "similar_n", "similar_placed"]]
