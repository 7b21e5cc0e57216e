"""`flask credentials issue --cohort CODE` and `flask credentials rotate-key`."""

from __future__ import annotations

import click
import sqlalchemy as sa
from flask.cli import AppGroup

credentials_cli = AppGroup("credentials", help="Verifiable credentials (Open Badges 3.0): issue, rotate the key.")


@credentials_cli.command("issue")
@click.option("--cohort", "code", required=True, help="The cohort's code, e.g. TOR-2026-01.")
@click.option("--no-competencies", is_flag=True, help="Completion credentials only.")
def issue_command(code: str, no_competencies: bool) -> None:
    """Issue credentials to every completer of the cohort who has none yet (safe to run twice)."""
    from app.extensions import db
    from cohorts.credentials import services
    from cohorts.models import Cohort

    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.code == code))
    if cohort is None:
        raise click.ClickException(f"No cohort with the code {code}.")
    issued = services.issue_for_cohort(cohort, actor=None, competencies=not no_competencies)
    db.session.commit()
    click.echo(f"{len(issued)} credential(s) issued for {cohort.code}.")


@credentials_cli.command("rotate-key")
def rotate_key_command() -> None:
    """Make a new signing key; the old ones stay published so what they signed still verifies."""
    from app.extensions import db
    from cohorts.credentials import keys

    key = keys.rotate_key(actor=None)
    db.session.commit()
    click.echo(f"The current signing key is now {key.kid} (private key in {keys.key_dir()}).")
