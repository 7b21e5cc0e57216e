"""`flask seed-scale`: load the national-scale programme the benchmark and load test run against."""

from __future__ import annotations

import time

import click
from flask import Flask


@click.command("seed-scale")
@click.option("--participants", default=50_000, show_default=True, type=click.IntRange(min=100),
              help="Participants; every other count scales from this one.")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same rows (on the same day).")
def seed_scale_command(participants: int, seed: int) -> None:
    """Load a national-scale programme with bulk inserts (into a database without one)."""
    from app.extensions import db
    from cohorts.scale import SCALE_PASSWORD, seed_scale

    started = time.perf_counter()
    try:
        counts = seed_scale(participants, seed, progress=click.echo)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Committed {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f} s. "
               f"Logins: admin@scale.bridgework.test, coach001@…, employer0001@…, participant00001@… "
               f"(password: {SCALE_PASSWORD}).")


def init_app(app: Flask) -> None:
    app.cli.add_command(seed_scale_command)
