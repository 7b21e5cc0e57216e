"""The benchmark of the check-in risk flag (issue 21): precision and recall on the labelled check-ins.

    .venv/bin/python bench/risk_flags.py [--threshold 0.3] [--misses]

Scores every row of tests/data/checkin_eval.csv with cohorts.inwork.risk, then prints precision, recall and
F1 of the flag at the configured threshold (config.py RISK_FLAG_THRESHOLD) for the dev split (the rows the
rules and the threshold were tuned on), the test split (held out) and all rows, a sweep of the threshold
from 0.20 to 0.80, and one JSON object on stdout. The target: recall ≥ 0.85 at precision ≥ 0.6 on the test
split and on all rows. With --misses it also lists the rows the flag gets wrong.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from cohorts.inwork.risk import SCORER_VERSION
from cohorts.inwork.risk_eval import HELD_OUT, TARGET_PRECISION, TARGET_RECALL, evaluate
from config import Config


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def run(threshold: float | None = None) -> dict:
    """The figures at the threshold (the configured one by default), the sweep, and "pass" for the target."""
    threshold = Config.RISK_FLAG_THRESHOLD if threshold is None else threshold
    started = time.perf_counter()
    out = evaluate(threshold)
    out["ms_per_check_in"] = round((time.perf_counter() - started) * 1000 / max(1, out["rows"]), 3)
    out["scorer_version"] = SCORER_VERSION
    out["target"] = {"recall": TARGET_RECALL, "precision": TARGET_PRECISION, "on": list(HELD_OUT)}
    return out


def table(figures: dict) -> str:
    lines = ["| split | rows | should flag | flagged | precision | recall | F1 |", "|---|---|---|---|---|---|---|"]
    for name, m in figures["splits"].items():
        lines.append(f"| {name} | {m['n']} | {m['positives']} | {m['flagged']} | {m['precision']:.3f} | "
                     f"{m['recall']:.3f} | {m['f1']:.3f} |")
    return "\n".join(lines)


def sweep_table(figures: dict) -> str:
    names = list(figures["sweep"])
    lines = ["| threshold | " + " | ".join(f"{n} P | {n} R" for n in names) + " |",
             "|---|" + "---|" * (2 * len(names))]
    for i, m in enumerate(figures["sweep"][names[0]]):
        marker = " ←" if abs(m["threshold"] - figures["threshold"]) < 1e-9 else ""
        cells = " | ".join(f"{figures['sweep'][n][i]['precision']:.2f} | {figures['sweep'][n][i]['recall']:.2f}"
                           for n in names)
        lines.append(f"| {m['threshold']:.2f}{marker} | {cells} |")
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--threshold", type=float, default=None)
    parser.add_argument("--misses", action="store_true", help="list the rows the flag gets wrong")
    args = parser.parse_args()
    figures = run(args.threshold)
    log(f"risk flags (scorer {figures['scorer_version']}) at threshold {figures['threshold']:.2f}, "
        f"{figures['rows']} check-ins, {figures['ms_per_check_in']} ms each")
    log(table(figures))
    log("")
    log(sweep_table(figures))
    if args.misses:
        log("")
        for miss in figures["misses"]:
            log(f"  {miss['id']} [{miss['split']}] label {miss['label']} score {miss['score']:.2f} "
                f"({miss['kind']}): {miss['text']}")
    log(f"target recall ≥ {TARGET_RECALL} at precision ≥ {TARGET_PRECISION} on {', '.join(HELD_OUT)}: "
        f"{'PASS' if figures['pass'] else 'FAIL'}")
    print(json.dumps({k: v for k, v in figures.items() if k != "misses"}, indent=2))
    return 0 if figures["pass"] else 1


if __name__ == "__main__":
    sys.exit(main())
