"""Training the coach-matching model: a calibrated, regularised logistic regression, versioned.

The pipeline one-hot encodes the categories and standardises the rest, then fits an L2 logistic
regression, wrapped in CalibratedClassifierCV (sigmoid, 3 folds). Its metrics are 5-fold stratified
cross-validated: ROC AUC, Brier score and a calibration curve, with the AUC of the same model
without the coach's features as the baseline. Below COACH_MATCH_MIN_PLACEMENTS placements it
refuses, and the stored version says why.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date

import joblib
import numpy as np
import pandas as pd
import sklearn
import sqlalchemy as sa
from flask import current_app
from sklearn.calibration import CalibratedClassifierCV, calibration_curve
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import brier_score_loss, roc_auc_score
from sklearn.model_selection import StratifiedKFold, cross_val_predict
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

from app.dates import local_today
from app.extensions import db
from app.models import User
from cohorts.coaching import fairness
from cohorts.coaching.features import CATEGORICAL, COACH_FEATURES, FEATURES, History, feature_frame, training_rows
from cohorts.models import CoachMatchModel, CoachModelStatus

CV_FOLDS = 5
CALIBRATION_BINS = 10


@dataclass
class Trained:
    """What the artifact holds: the fitted model and the coaches' history it was trained with."""

    model: CalibratedClassifierCV
    history: History
    features: list[str]


def pipeline(features: list[str]) -> CalibratedClassifierCV:
    """One-hot + scaling + L2 logistic regression, calibrated (sigmoid) over 3 folds."""
    categorical = [f for f in features if f in CATEGORICAL]
    prepare = ColumnTransformer([
        ("categories", OneHotEncoder(handle_unknown="ignore", min_frequency=20), categorical),
        ("numbers", StandardScaler(), [f for f in features if f not in CATEGORICAL]),
    ])
    steps = Pipeline([("prepare", prepare), ("model", LogisticRegression(C=1.0, max_iter=2000))])
    return CalibratedClassifierCV(steps, method="sigmoid", cv=3)


def cross_validated(frame: pd.DataFrame, labels: np.ndarray, features: list[str]) -> np.ndarray:
    folds = StratifiedKFold(CV_FOLDS, shuffle=True, random_state=0)
    return cross_val_predict(pipeline(features), frame[features], labels, cv=folds, method="predict_proba")[:, 1]


def calibration(labels: np.ndarray, predicted: np.ndarray) -> list[list[float]]:
    """[[mean predicted, share placed, people], …] for each non-empty tenth of the probability range."""
    observed, mean_predicted = calibration_curve(labels, predicted, n_bins=CALIBRATION_BINS)
    bins = np.searchsorted(np.linspace(0, 1, CALIBRATION_BINS + 1)[1:-1], predicted)
    counts = np.bincount(bins, minlength=CALIBRATION_BINS)
    return [[round(float(p), 4), round(float(o), 4), int(n)]
            for p, o, n in zip(mean_predicted, observed, counts[counts > 0])]


def evaluate(frame: pd.DataFrame, labels: np.ndarray) -> tuple[dict, np.ndarray]:
    """The cross-validated metrics, and the predictions they came from (for the fairness report)."""
    predicted = cross_validated(frame, labels, FEATURES)
    baseline = cross_validated(frame, labels, [f for f in FEATURES if f not in COACH_FEATURES])
    return {
        "roc_auc_cv": round(float(roc_auc_score(labels, predicted)), 4),
        "brier": round(float(brier_score_loss(labels, predicted)), 4),
        "baseline_auc_cv": round(float(roc_auc_score(labels, baseline)), 4),
        "base_rate": round(float(labels.mean()), 4),
        "calibration": calibration(labels, predicted),
    }, predicted


def fit(rows: pd.DataFrame) -> Trained:
    """The model fitted on every row (the similar-participants rate left-one-out)."""
    history = History.of(rows)
    frame = feature_frame(rows, history, leave_one_out=True)
    model = pipeline(FEATURES).fit(frame[FEATURES], rows["placed"].to_numpy())
    return Trained(model, history, list(FEATURES))


def refusal(samples: int, placements: int, minimum: int) -> str | None:
    if placements < minimum:
        return f"Trained on {placements} placements; needs at least {minimum} (COACH_MATCH_MIN_PLACEMENTS)."
    if placements == samples:
        return f"All {samples} people in the training data were placed, so there is nothing to tell apart."
    return None


def train_model(trained_by: User | None = None, today: date | None = None) -> CoachMatchModel:
    """Train and store a new version (flushes, never commits); a refused version when too few placements."""
    rows = training_rows(today or local_today())
    labels = rows["placed"].to_numpy(dtype=int)
    version = (db.session.scalar(sa.select(sa.func.max(CoachMatchModel.version))) or 0) + 1
    stored = CoachMatchModel(version=version, trained_by=trained_by, samples=len(rows), placements=int(labels.sum()),
                             features=list(FEATURES), library_version=sklearn.__version__)
    message = refusal(len(rows), int(labels.sum()), current_app.config["COACH_MATCH_MIN_PLACEMENTS"])
    if message:
        stored.status, stored.message = CoachModelStatus.refused, message
    else:
        frame = feature_frame(rows, History.of(rows), leave_one_out=True)
        stored.metrics, predicted = evaluate(frame, labels)
        stored.fairness = fairness.error_rates(rows["participant_id"].to_numpy(), labels, predicted)
        buffer = io.BytesIO()
        joblib.dump(fit(rows), buffer)
        stored.status, stored.artifact = CoachModelStatus.ready, buffer.getvalue()
    db.session.add(stored)
    db.session.flush()
    return stored


def train_on_schedule(trained_by_id: int | None = None) -> int:
    """The weekly run and the "train now" button's task: trains a version; returns its number."""
    trained_by = db.session.get(User, trained_by_id) if trained_by_id else None
    return train_model(trained_by).version


def load(stored: CoachMatchModel) -> Trained | None:
    """The fitted model of a ready version, if this scikit-learn can read it."""
    if stored.artifact is None or stored.library_version != sklearn.__version__:
        return None
    return joblib.load(io.BytesIO(stored.artifact))
