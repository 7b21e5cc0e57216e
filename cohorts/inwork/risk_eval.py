"""Measuring the risk scorer on a labelled set of check-ins: precision, recall, F1 and a threshold sweep.

Shared by bench/risk_flags.py (which prints the figures) and the tests (which hold the scorer to its
target), so both report the same numbers. Two sets (docs/RISK_FLAGS.md): tests/data/checkin_eval.csv,
written with the rules (splits dev and test), and tests/data/checkin_eval_blind.csv, written by another
author who never saw the rules (blind_dev: its odd rows, read when adding rules; blind_test: its even
rows, never read).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from cohorts.inwork.risk import score_check_in

EVAL_CSV = Path(__file__).resolve().parents[2] / "tests" / "data" / "checkin_eval.csv"
BLIND_CSV = EVAL_CSV.with_name("checkin_eval_blind.csv")
EVAL_FILES = (EVAL_CSV, BLIND_CSV)
#: the splits held to the target: rows never used to write or tune the rules, and everything
HELD_OUT = ("test", "blind_test", "all")
#: the issue's target: the flag finds this share of the check-ins a coach should see …
TARGET_RECALL = 0.85
#: … while at least this share of the flags are right
TARGET_PRECISION = 0.6
SWEEP = tuple(round(0.2 + 0.05 * i, 2) for i in range(13))  # 0.20 … 0.80


@dataclass(frozen=True)
class Example:
    id: str
    text: str
    rating: int | None
    previous_rating: int | None
    worries: tuple[str, ...]
    label: int
    theme: str
    kind: str
    split: str


def _optional_int(value: str) -> int | None:
    return int(value) if value.strip() else None


def load_examples(path: Path = EVAL_CSV) -> list[Example]:
    with path.open(newline="", encoding="utf-8") as handle:
        return [Example(id=row["id"], text=row["text"], rating=_optional_int(row["rating"]),
                        previous_rating=_optional_int(row["previous_rating"]),
                        worries=tuple(w for w in row["worries"].split(";") if w), label=int(row["label"]),
                        theme=row["theme"], kind=row["kind"], split=row["split"])
                for row in csv.DictReader(handle)]


def score_examples(examples: list[Example]) -> list[float]:
    return [score_check_in(rating=e.rating, previous_rating=e.previous_rating, worries=e.worries,
                           text=e.text).score for e in examples]


def metrics(labels: list[int], scores: list[float], threshold: float) -> dict:
    """Precision, recall and F1 of `score >= threshold` against the labels (1 = a coach should look)."""
    tp = sum(1 for y, s in zip(labels, scores, strict=True) if y == 1 and s >= threshold)
    fp = sum(1 for y, s in zip(labels, scores, strict=True) if y == 0 and s >= threshold)
    fn = sum(1 for y, s in zip(labels, scores, strict=True) if y == 1 and s < threshold)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "n": len(labels), "positives": sum(labels), "flagged": tp + fp,
            "tp": tp, "fp": fp, "fn": fn, "precision": round(precision, 3), "recall": round(recall, 3),
            "f1": round(f1, 3)}


def meets_target(figures: dict) -> bool:
    return figures["recall"] >= TARGET_RECALL and figures["precision"] >= TARGET_PRECISION


def evaluate(threshold: float, paths: tuple[Path, ...] = EVAL_FILES) -> dict:
    """The figures at `threshold` for each split and all, the sweep on each, and the misses."""
    examples = [example for path in paths for example in load_examples(path)]
    scores = score_examples(examples)
    names = sorted({e.split for e in examples}, key=lambda name: (name.startswith("blind"), name))
    splits = {name: [i for i, e in enumerate(examples) if e.split == name] for name in names}
    splits["all"] = list(range(len(examples)))
    out: dict = {"threshold": threshold, "rows": len(examples), "splits": {}, "sweep": {}}
    for name, rows in splits.items():
        labels = [examples[i].label for i in rows]
        chosen = [scores[i] for i in rows]
        out["splits"][name] = metrics(labels, chosen, threshold)
        out["sweep"][name] = [metrics(labels, chosen, t) for t in SWEEP]
    out["misses"] = [{"id": e.id, "split": e.split, "label": e.label, "score": s, "kind": e.kind,
                      "text": e.text} for e, s in zip(examples, scores, strict=True)
                     if (s >= threshold) != bool(e.label)]
    out["pass"] = all(meets_target(out["splits"][name]) for name in HELD_OUT if name in out["splits"])
    return out
