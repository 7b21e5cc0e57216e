"""Cohort-side flask commands: the demo programme, outcomes, workbook, reports."""

from __future__ import annotations

import click
from flask import Flask


@click.command("seed-demo")
def seed_demo_command() -> None:
    """Load the believable demo programme (safe to run twice: nothing changes the second time)."""
    from app.extensions import db
    from cohorts.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo

    created = seed_demo()
    db.session.commit()
    click.echo("Demo programme " + ("loaded." if created else "already present: nothing changed."))
    click.echo(f"Demo logins (password: {DEMO_PASSWORD}):")
    for email, role in DEMO_LOGINS:
        click.echo(f"  {email:32} {role}")


def init_app(app: Flask) -> None:
    from cohorts.outcomes_cli import outcomes_command
    from cohorts.workbook.cli import init_app as init_workbook_cli

    from cohorts.nudges_cli import nudges_cli
    from cohorts.privacy_cli import privacy_cli
    from cohorts.scale_cli import init_app as init_scale_cli
    from cohorts.reports_cli import report_cli

    app.cli.add_command(nudges_cli)
    app.cli.add_command(privacy_cli)
    app.cli.add_command(seed_demo_command)
    app.cli.add_command(outcomes_command)
    app.cli.add_command(report_cli)
    init_workbook_cli(app)
    init_scale_cli(app)
