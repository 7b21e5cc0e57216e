"""Training: refusal below the minimum; on seed-scale's planted effect, a model that finds it."""

from __future__ import annotations

import sqlalchemy as sa

from app.tasks.queue import queue_for
from cohorts.coaching.cli import coaching_cli
from cohorts.coaching.suggestions import suggest_coaches
from cohorts.coaching.training import load, train_model
from cohorts.models import CoachMatchModel, CoachModelStatus, Enrolment, Participant
from cohorts.seed.scale import seed_scale
from tests.cohorts.coaching.helpers import TODAY, closed_cohort, coach, completer


def test_it_refuses_below_the_minimum_and_says_why(db, app):
    cohort, someone = closed_cohort(), coach("Software")
    for k in range(12):
        completer(cohort, someone, placed_after_end=20 if k % 3 else None)
    stored = train_model(today=TODAY)
    minimum = app.config["COACH_MATCH_MIN_PLACEMENTS"]
    assert stored.status == CoachModelStatus.refused and stored.artifact is None
    assert stored.message == f"Trained on 8 placements; needs at least {minimum} (COACH_MATCH_MIN_PLACEMENTS)."
    assert (stored.samples, stored.placements, stored.version) == (12, 8, 1)
    suggested = suggest_coaches(cohort.enrolments[0].participant)
    assert suggested.ranked == [] and suggested.message == stored.message


def test_without_any_version_there_is_no_ranking(db):
    participant = completer(closed_cohort(), coach("Software"))
    assert suggest_coaches(participant).message == "No coach-matching model has been trained yet."


def test_the_weekly_schedule_and_the_cli_are_registered(app):
    assert "coaching.train" in queue_for(app).tasks
    assert "train" in coaching_cli.commands


def test_on_seed_scale_the_model_finds_the_planted_effect(db, app, monkeypatch):
    """One seeded set (3,000 participants) for training, metrics, fairness, suggestions and reasons."""
    seed_scale(3_000, seed=3, today=TODAY)
    monkeypatch.setitem(app.config, "COACH_MATCH_MIN_PLACEMENTS", 100)
    stored = train_model(today=TODAY)
    assert stored.status == CoachModelStatus.ready, stored.message
    metrics = stored.metrics
    assert metrics["roc_auc_cv"] >= 0.65 and metrics["roc_auc_cv"] > metrics["baseline_auc_cv"]
    assert 0 < metrics["brier"] < 0.25
    assert sum(n for _, _, n in metrics["calibration"]) == stored.samples
    assert all(0 <= p <= 1 and 0 <= o <= 1 for p, o, _ in metrics["calibration"])
    trained = load(stored)
    assert trained.features == stored.features

    fairness = stored.fairness
    assert fairness["rule"] == "base rate" and set(fairness["fields"]) == {"age_band", "gender", "disability", "ethnicity"}
    for groups in fairness["fields"].values():
        for group in groups:
            assert group["too_few"] == (group["n"] < 20)
            assert (group["fpr"] is None) == group["too_few"] or group["too_few"]

    # a participant of a Software programme: coaches who know Software come first
    participant = db.session.scalar(
        sa.select(Participant).join(Enrolment).where(Enrolment.status == "completed").order_by(Participant.id.desc()))
    suggested = suggest_coaches(participant)
    assert suggested.model.version == stored.version and suggested.ranked
    sector = participant.enrolments[-1].cohort.programme.sector
    knows = [any(words == f"knows the {sector} sector" for words, _ in s.reasons) for s in suggested.ranked]
    probabilities = [s.probability for s in suggested.ranked]
    assert probabilities == sorted(probabilities, reverse=True)
    if any(knows) and not all(knows):
        assert knows[0]
    first = suggested.ranked[0]
    assert any(words.startswith("has placed ") for words, _ in first.reasons)
    assert any(words.startswith("caseload ") and f"of {first.capacity}" in words for words, _ in first.reasons)
    assert first.room > 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CoachMatchModel)) == 1


def test_the_cli_trains_and_prints_the_outcome(app, db, monkeypatch):
    monkeypatch.setattr(db.session, "commit", db.session.flush)
    result = app.test_cli_runner().invoke(args=["coaching", "train"])
    assert result.exit_code == 0, result.output
    assert "refused" in result.output and "COACH_MATCH_MIN_PLACEMENTS" in result.output
