"""`flask coaching train`: train a new version of the coach-matching model and print its metrics."""

from __future__ import annotations

import json

import click
from flask.cli import AppGroup

from app.extensions import db
from cohorts.coaching.training import train_model
from cohorts.models import CoachModelStatus

coaching_cli = AppGroup("coaching", help="Coach matching: train the model (docs/COACH_MATCHING.md).")


@coaching_cli.command("train")
def train_command() -> None:
    """Train a new version on every closed cohort; refuses (and says why) below the minimum."""
    stored = train_model()
    db.session.commit()
    click.echo(f"Version {stored.version}: {stored.status.value} ({stored.samples} people, "
               f"{stored.placements} placed)")
    if stored.status == CoachModelStatus.refused:
        click.echo(stored.message)
        return
    metrics = {k: v for k, v in stored.metrics.items() if k != "calibration"}
    click.echo(json.dumps(metrics, indent=2))
    click.echo("calibration (predicted, observed, n): " + json.dumps(stored.metrics["calibration"]))
