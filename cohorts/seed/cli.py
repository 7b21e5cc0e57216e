"""`flask seed-demo` (the believable demo programme) and `flask seed-scale` (the national-scale one
the benchmark and load test run against)."""

from __future__ import annotations

import time

import click


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the believable demo programme (safe to run twice: nothing changes the second time)."""
    from app.extensions import db
    from cohorts.seed.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo

    created = seed_demo()
    db.session.commit()
    click.echo("Demo programme " + ("loaded." if created else "already present: nothing changed."))
    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for email, role in DEMO_LOGINS:
        click.echo(f"  {email:32} {role}")


@click.command("seed-scale")
@click.option("--participants", default=50_000, show_default=True, type=click.IntRange(min=100),
              help="Participants; every other count scales from this one.")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same rows (on the same day).")
def seed_scale_command(participants: int, seed: int) -> None:
    """Load a national-scale programme with bulk inserts (into a database without one)."""
    from app.extensions import db
    from app.tasks.statistics import analyze
    from cohorts.seed.scale import seed_scale
    from cohorts.search.index import merge_segments
    from cohorts.seed.scale_demand import SCALE_PASSWORD

    started = time.perf_counter()
    try:
        counts = seed_scale(participants, seed, progress=click.echo)
    except ValueError as error:
        raise click.ClickException(str(error)) from error
    analyze(db.session.connection())  # the planner's statistics, with the new rows (app/tasks/statistics.py)
    merge_segments(db.session.connection())  # the search index in one segment
    db.session.commit()
    click.echo(f"Committed {sum(counts.values()):,} rows in {time.perf_counter() - started:.1f} s. "
               f"Logins: admin@scale.bridgework.test, coach001@…, employer0001@…, participant00001@… "
               f"(password: {SCALE_PASSWORD}).")

