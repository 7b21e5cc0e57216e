"""`flask nudges send`: the cron entry point for reminder emails."""

from __future__ import annotations

import click
from flask.cli import AppGroup

from app.dates import local_today

nudges_cli = AppGroup("nudges", help="Reminder emails to participants.")


@nudges_cli.command("send")
@click.option("--date", "on", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Send as if today were this date (YYYY-MM-DD); default: today.")
def send_command(on) -> None:
    """Send the reminders due today; safe to run twice (nothing is sent twice)."""
    from app.extensions import db
    from cohorts.delivery.nudges import send_nudges

    today = on.date() if on else local_today()
    counts = send_nudges(today)
    db.session.commit()
    click.echo(f"Nudges for {today.isoformat()}:")
    for kind, count in counts.items():
        click.echo(f"  {kind:24} {count}")
    click.echo(f"  {'total':24} {sum(counts.values())}")
