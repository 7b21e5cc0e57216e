"""The coach-matching benchmark (issue 21 part 4): does the model find the effect seed-scale plants?

    .venv/bin/python bench/coach_matching.py [--participants 50000] [--database-url postgresql://…]

`flask seed-scale` plants a known effect: a coach who knows a programme's sector places its people
more often. On a database seeded with it this script

1. runs the training task itself (`train_model`: 5-fold cross-validated metrics, the fairness
   report, the stored version) and times it;
2. holds out the latest 30% of the closed cohorts, fits the model on the rest (the coaches' past
   outcomes taken from the training cohorts only) and scores the held-out people, next to a
   baseline fitted without the coach's features.

It passes when the held-out ROC AUC is at least 0.65 and above the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.common import build_database, database_url, make_app

TARGET_AUC = 0.65
HELD_OUT_SHARE = 0.3


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def held_out(rows) -> dict:
    """Fit on the earlier cohorts, score the latest ones: the model's AUC and the baseline's."""
    from sklearn.metrics import roc_auc_score

    from cohorts.coaching.features import COACH_FEATURES, FEATURES, History, feature_frame
    from cohorts.coaching.training import pipeline

    ends = rows.groupby("cohort_id")["ends_on"].first().sort_values()
    test_cohorts = set(ends.index[int(len(ends) * (1 - HELD_OUT_SHARE)):])
    test = rows["cohort_id"].isin(test_cohorts)
    train_rows, test_rows = rows[~test], rows[test]
    history = History.of(train_rows)
    train = feature_frame(train_rows, history, leave_one_out=True)
    scored = feature_frame(test_rows, history)
    result = {"train_people": len(train_rows), "test_people": len(test_rows),
              "test_cohorts": len(test_cohorts), "test_base_rate": round(float(test_rows["placed"].mean()), 4)}
    for name, features in (("auc", FEATURES), ("baseline_auc", [f for f in FEATURES if f not in COACH_FEATURES])):
        model = pipeline(features).fit(train[features], train_rows["placed"])
        predicted = model.predict_proba(scored[features])[:, 1]
        result[name] = round(float(roc_auc_score(test_rows["placed"], predicted)), 4)
    return result


def evaluate(url: str, *, participants: int | None = None) -> dict:
    """Train on the seeded database at ``url`` and hold out its latest cohorts; "pass" for the target."""
    from app.dates import local_today
    from app.extensions import db
    from cohorts.coaching.features import training_rows
    from cohorts.coaching.training import train_model

    app = make_app(url)
    with app.app_context():
        started = time.perf_counter()
        stored = train_model()
        db.session.commit()
        train_seconds = time.perf_counter() - started
        log(f"Version {stored.version}: {stored.status.value} in {train_seconds:.1f} s")
        started = time.perf_counter()
        rows = training_rows(local_today())
        load_seconds = time.perf_counter() - started
        split = held_out(rows)
        cv = {k: v for k, v in stored.metrics.items() if k != "calibration"}
        result = {
            "participants": participants,
            "train_seconds": round(train_seconds, 1), "feature_load_seconds": round(load_seconds, 2),
            "status": stored.status.value, "samples": stored.samples, "placements": stored.placements,
            "cross_validated": cv, "calibration": stored.metrics.get("calibration"),
            "held_out": split, "target_auc": TARGET_AUC,
        }
        db.session.remove()
    result["pass"] = bool(split["auc"] >= TARGET_AUC and split["auc"] > split["baseline_auc"])
    return result


def run(*, participants: int = 50_000, base_url: str | None = None, tmp: Path | None = None) -> dict:
    """Seed a database of its own with ``participants``, then ``evaluate`` it."""
    tmp = tmp or Path(tempfile.mkdtemp(prefix="bridgework-coach-bench-"))
    url = database_url(base_url, "coach_matching", tmp)
    log(f"Seeding {participants:,} participants …")
    seeded = build_database(url, participants=participants, say=log)
    return {"seed_seconds": round(seeded, 1), **evaluate(url, participants=participants)}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=50_000)
    parser.add_argument("--database-url", help="PostgreSQL server URL (a bridgework_bench_* database is made there)")
    args = parser.parse_args()
    result = run(participants=args.participants, base_url=args.database_url,
                 tmp=Path(os.environ["BENCH_TMP"]) if os.environ.get("BENCH_TMP") else None)
    print(json.dumps(result, indent=2, default=str))
    return 0 if result["pass"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
