"""flask learnability: learnability per cohort and per participant as a table, JSON or CSV."""

from __future__ import annotations

import csv
import io

from app.cli.measures import measure_command
from cohorts.learnability.measure import BANDS, COHORT_KEYS, PARTICIPANT_KEYS
from cohorts.learnability.queries import UnknownCohortError, learnability_report


def _cell(value) -> str:
    return "" if value is None else str(value)


def render_csv(report: dict) -> str:
    """One row per cohort then one per participant: scope, key, then every figure (bands spread out)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    cohort_keys = [k for k in COHORT_KEYS if k != "bands"] + [f"bands_{b}" for b in BANDS]
    writer.writerow(["as_of", "scope", "key", *cohort_keys, *PARTICIPANT_KEYS])
    for code, figures in report["cohorts"].items():
        flat = {**figures, **{f"bands_{b}": figures["bands"][b] for b in BANDS}}
        writer.writerow([report["as_of"], "cohort", code, *(_cell(flat[k]) for k in cohort_keys),
                         *([""] * len(PARTICIPANT_KEYS))])
    for email, figures in report["participants"].items():
        writer.writerow([report["as_of"], "participant", email, *([""] * len(cohort_keys)),
                         *(_cell(figures[k]) for k in PARTICIPANT_KEYS)])
    return out.getvalue()


def render_table(report: dict) -> str:
    """A plain-text table for a terminal: the cohorts, then the participants."""
    lines = [f"Learnability as of {report['as_of']}", "",
             f"{'cohort':<16}{'starters':>9}{'assessed':>9}{'median':>9}{'mean':>9}  low/medium/high"]
    for code, f in report["cohorts"].items():
        b = f["bands"]
        lines.append(f"{code:<16}{f['starters']:>9}{f['assessed']:>9}{_cell(f['median']):>9}"
                     f"{_cell(f['mean']):>9}  {b['low']}/{b['medium']}/{b['high']}")
    lines += ["", f"{'participant':<40}{'skills':>7}{'gain':>8}{'hours':>10}{'learnab.':>10}  band"]
    for email, f in report["participants"].items():
        lines.append(f"{email:<40}{f['skills']:>7}{_cell(f['mean_gain']):>8}{_cell(f['attended_hours']):>10}"
                     f"{_cell(f['learnability']):>10}  {_cell(f['band'])}")
    return "\n".join(lines)


learnability_command = measure_command(
    "learnability", "Print learnability (docs/LEARNABILITY.md) per cohort and per participant.", learnability_report,
    render_csv=render_csv, render_table=render_table, unknown=UnknownCohortError)
