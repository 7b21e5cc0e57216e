"""The fairness report: the model's error rates by group, where people gave equality data.

This is the only module of coach matching that reads EqualityMonitoring, and it reads it after the
predictions are made: the answers never reach the model. Error rates are taken at the base rate
(a person counts as "predicted to be placed" when their cross-validated probability is at least the
share placed among the training rows), because with most people placed a 0.5 cut says "placed" to
almost everyone and hides the differences.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from cohorts.models import EqualityMonitoring

#: the equality fields reported, in order
FIELDS = ("age_band", "gender", "disability", "ethnicity")
#: groups smaller than this are reported as "too few" (no rates: they would identify people)
MIN_GROUP = 20


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


def error_rates(participant_ids: np.ndarray, placed: np.ndarray, predicted: np.ndarray) -> dict:
    """{"threshold", "rule", "fields": {field: [{"group", "n", "fpr", "fnr", "too_few"}, …]}}."""
    threshold = float(placed.mean()) if len(placed) else 0.5
    said = predicted >= threshold
    frame = pd.DataFrame({"participant_id": participant_ids, "placed": placed.astype(bool), "said": said})
    answers = pd.DataFrame(db.session.execute(sa.select(
        EqualityMonitoring.participant_id, *(getattr(EqualityMonitoring, f) for f in FIELDS))).all(),
        columns=["participant_id", *FIELDS])
    frame = frame.merge(answers, on="participant_id", how="inner")
    report: dict[str, list[dict]] = {}
    for field in FIELDS:
        values = frame[field].map(lambda v: getattr(v, "value", v) or None)
        groups = []
        for group, people in frame[values.notna()].groupby(values[values.notna()]):
            n = len(people)
            entry = {"group": str(group), "n": n, "fpr": None, "fnr": None, "too_few": n < MIN_GROUP}
            if n >= MIN_GROUP:
                negatives, positives = people[~people["placed"]], people[people["placed"]]
                entry["fpr"] = _rate(int(negatives["said"].sum()), len(negatives))
                entry["fnr"] = _rate(int((~positives["said"]).sum()), len(positives))
            groups.append(entry)
        if groups:
            report[field] = groups
    return {"threshold": round(threshold, 4), "rule": "base rate", "people": len(frame), "fields": report}
