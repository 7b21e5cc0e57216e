"""Coaches ranked for one participant by the newest ready model, with the reasons in words.

Every accepting coach with room (capacity − live caseload > 0) is scored. A coach's reasons are
the contributions of the coach's own features (what differs between coaches for one participant):
for the logistic regression, coefficient × standardised value, averaged over the estimators of
the calibrated folds. The newest version decides: when it refused, or none exists, there is no
ranking, only its message.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from app.models import User
from cohorts.coaching.features import COACH_FEATURES, FEATURES, caseloads, feature_frame, with_context
from cohorts.coaching.training import Trained, load
from cohorts.models import CoachMatchModel, CoachModelStatus, CoachProfile, Cohort, Enrolment, Participant, Programme


@dataclass
class Suggestion:
    rank: int
    coach: User
    probability: float
    caseload: int
    capacity: int
    #: (words, contribution to the log-odds), most helpful first
    reasons: list[tuple[str, float]] = field(default_factory=list)

    @property
    def room(self) -> int:
        return self.capacity - self.caseload


@dataclass
class Suggestions:
    model: CoachMatchModel | None
    #: why there is no ranking ("" when there is one)
    message: str
    ranked: list[Suggestion]


def newest_model() -> CoachMatchModel | None:
    return db.session.scalar(sa.select(CoachMatchModel).order_by(CoachMatchModel.version.desc()).limit(1))


def contributions(trained: Trained, frame: pd.DataFrame) -> pd.DataFrame:
    """Each feature's contribution to each row's log-odds, averaged over the calibrated folds."""
    total = pd.DataFrame(0.0, index=frame.index, columns=FEATURES)
    estimators = [c.estimator for c in trained.model.calibrated_classifiers_]
    for pipe in estimators:
        prepare, model = pipe.named_steps["prepare"], pipe.named_steps["model"]
        values = prepare.transform(frame[FEATURES])
        values = values.toarray() if hasattr(values, "toarray") else np.asarray(values)
        parts = values * model.coef_[0]
        for k, name in enumerate(prepare.get_feature_names_out()):
            kind, rest = name.split("__", 1)
            feature = rest if kind == "numbers" else next(f for f in FEATURES if rest.startswith(f"{f}_"))
            total[feature] += parts[:, k]
    return total / len(estimators)


def _words(feature: str, row: pd.Series, sector: str, capacity: int) -> str:
    if feature == "coach_similar_rate":
        n, placed = int(row["similar_n"]), int(row["similar_placed"])
        return f"has placed {placed} of {n} similar participants" if n else "has coached no one on this programme yet"
    if feature == "coach_knows_sector":
        if not sector:
            return "the programme has no sector recorded"
        return f"knows the {sector} sector" if row["coach_knows_sector"] else f"has not worked in the {sector} sector"
    return f"caseload {int(row['coach_caseload'])} of {capacity}"


def _intake(participant: Participant) -> dict | None:
    """The participant's intake signals and their latest cohort, or None without an enrolment."""
    found = db.session.execute(
        sa.select(Enrolment.cohort_id, Cohort.programme_id, Programme.sector)
        .join(Cohort, Cohort.id == Enrolment.cohort_id).join(Programme, Programme.id == Cohort.programme_id)
        .where(Enrolment.participant_id == participant.id).order_by(Enrolment.id.desc()).limit(1)).first()
    if found is None:
        return None
    partner = participant.referral_partner
    return {"participant_id": participant.id, "cohort_id": found.cohort_id, "programme_id": found.programme_id,
            "sector": found.sector or "", "region": participant.region, "referral_source": participant.referral_source,
            "partner_kind": partner.kind if partner else None, "needs": participant.needs,
            "barriers": participant.barriers, "key_life_areas": participant.key_life_areas or []}


def coaches_with_room() -> list[tuple[User, int, int]]:
    """(coach, live caseload, capacity) for every accepting, active coach with room."""
    load_of = caseloads()
    found = db.session.execute(
        sa.select(User, CoachProfile.capacity).join(CoachProfile, CoachProfile.user_id == User.id)
        .where(CoachProfile.accepting.is_(True), User.active.is_(True)).order_by(User.id)).all()
    return [(user, load_of.get(user.id, 0), capacity) for user, capacity in found
            if capacity - load_of.get(user.id, 0) > 0]


def suggest_coaches(participant: Participant, limit: int = 10) -> Suggestions:
    """The newest model's ranking of the coaches with room for this participant, or why there is none."""
    stored = newest_model()
    if stored is None:
        return Suggestions(None, "No coach-matching model has been trained yet.", [])
    if stored.status == CoachModelStatus.refused:
        return Suggestions(stored, stored.message, [])
    trained = load(stored)
    if trained is None:
        return Suggestions(stored, f"Version {stored.version} was trained with another scikit-learn; train it again.", [])
    intake = _intake(participant)
    coaches = coaches_with_room()
    if intake is None or not coaches:
        why = "has no cohort yet" if intake is None else "cannot be matched: no accepting coach has room"
        return Suggestions(stored, f"{participant.full_name} {why}.", [])
    rows = with_context(pd.DataFrame([{**intake, "coach_id": coach.id} for coach, _, _ in coaches]))
    frame = feature_frame(rows, trained.history)
    probability = trained.model.predict_proba(frame[FEATURES])[:, 1]
    parts = contributions(trained, frame)
    ranked = []
    for k in np.argsort(-probability, kind="stable")[:limit]:
        coach, caseload, capacity = coaches[k]
        reasons = sorted(((_words(f, frame.iloc[k], intake["sector"], capacity), float(parts.iloc[k][f]))
                          for f in COACH_FEATURES), key=lambda r: -r[1])
        ranked.append(Suggestion(len(ranked) + 1, coach, float(probability[k]), caseload, capacity, reasons))
    return Suggestions(stored, "", ranked)
