"""flask learnability: its JSON against the hand-computed fixture, CSV, the table, an unknown code."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.cohorts.learnability.world import build

FIXTURE = Path(__file__).parent / "fixtures" / "report_2026-06-30.json"
ARGS = ["learnability", "--as-of", "2026-06-30", "--cohort", "LA-A", "--cohort", "LA-B"]


def test_json_matches_the_hand_computed_fixture(app):
    build()
    result = app.test_cli_runner().invoke(args=[*ARGS, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert result.output.count("\n") == 1  # exactly one JSON object
    got = json.loads(result.output)
    expected = json.loads(FIXTURE.read_text())
    assert got == expected
    assert list(got) == ["as_of", "cohorts", "participants"]
    assert list(got["cohorts"]["LA-A"]) == ["starters", "assessed", "median", "mean", "bands"]
    assert list(got["participants"]["p1@example.test"]) == [
        "skills", "mean_gain", "attended_hours", "learnability", "band"]


def test_csv_and_table_carry_the_same_figures(app):
    build()
    runner = app.test_cli_runner()
    rows = list(csv.DictReader(io.StringIO(runner.invoke(args=[*ARGS, "--format", "csv"]).output)))
    cohort_a = next(r for r in rows if r["key"] == "LA-A")
    assert (cohort_a["median"], cohort_a["bands_low"], cohort_a["bands_high"]) == ("0.2439", "2", "2")
    p2 = next(r for r in rows if r["key"] == "p2@example.test")
    assert (p2["learnability"], p2["band"]) == ("-2.7273", "low")
    table = runner.invoke(args=ARGS).output
    assert "Learnability as of 2026-06-30" in table and "p7@example.test" in table and "2/1/2" in table


def test_an_unknown_cohort_code_exits_1_with_a_message(app):
    result = app.test_cli_runner().invoke(args=["learnability", "--cohort", "NOPE", "--format", "json"])
    assert result.exit_code == 1
    assert "Unknown cohort code: NOPE" in result.output
