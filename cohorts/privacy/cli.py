"""`flask privacy erase EMAIL` and `flask privacy enforce` (dry run unless --apply; safe from cron)."""

from __future__ import annotations

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import select

from app.dates import local_today
from app.extensions import db
from cohorts.errors import CohortRuleError
from cohorts.models import Participant
from cohorts.privacy.erasure import enforce_retention, erase_participant

privacy_cli = AppGroup("privacy", help="Data protection: erase a participant; enforce the retention period.")


@privacy_cli.command("erase")
@click.argument("email")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
def erase_command(email: str, yes: bool) -> None:
    """Irreversibly anonymise the participant with this EMAIL (outcome figures stay the same)."""
    participant = db.session.scalar(select(Participant).where(Participant.email == email.strip().lower()))
    if participant is None:
        raise click.ClickException(f"No participant has the email {email}.")
    if not yes:
        click.confirm(f"Erase the personal data of participant {participant.id} ({participant.email})? "
                      "This cannot be undone", abort=True)
    try:
        erase_participant(participant, actor=None)
    except CohortRuleError as error:
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Participant {participant.id} is anonymised; their outcome records are kept.")


@privacy_cli.command("enforce")
@click.option("--apply", "apply_", is_flag=True, help="Anonymise for real (the default is a dry run).")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), default=None,
              help="Treat this day (YYYY-MM-DD) as today; default the real date.")
@click.option("--years", type=click.IntRange(min=1), default=None,
              help="Retention period in years; default RETENTION_YEARS from the config.")
def enforce_command(apply_: bool, today, years: int | None) -> None:
    """Anonymise participants whose last exit is older than the retention period."""
    years = years or current_app.config["RETENTION_YEARS"]
    day = today.date() if today else local_today()
    found = enforce_retention(day, years=years, dry_run=not apply_)
    if apply_:
        db.session.commit()
    verb = "Anonymised" if apply_ else "Would anonymise"
    click.echo(f"{verb} {len(found)} participant(s) whose last exit is more than {years} years before {day}.")
    for candidate in found:
        click.echo(f"  {candidate.participant_id:>8}  last exit {candidate.last_exit_on}")
    if found and not apply_:
        click.echo("Dry run: nothing changed. Run again with --apply to anonymise them.")
