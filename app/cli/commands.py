"""Core flask commands; feature packages add theirs in their own init_app()."""

from __future__ import annotations

import click
from flask import Flask
from flask.cli import AppGroup

from app.extensions import db

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create-admin")
@click.argument("email")
@click.option("--password", prompt=True, hide_input=True, confirmation_prompt=True)
@click.option("--name", default="", help="Full name shown in the app.")
def create_admin(email: str, password: str, name: str) -> None:
    """Create (or re-activate) an admin account: how a fresh production install starts."""
    from app.auth.passwords import password_problem
    from app.auth.services import find_user_by_email, normalise_email
    from app.models import Role, User

    problem = password_problem(password, normalise_email(email))
    if problem:
        raise click.ClickException(problem)
    user = find_user_by_email(email)
    if user is None:
        user = User(email=normalise_email(email), role=Role.admin, full_name=name)
        db.session.add(user)
    user.role, user.active = Role.admin, True
    user.set_password(password)
    db.session.commit()
    click.echo(f"admin {user.email} ready")


mail_cli = AppGroup("mail", help="Deliver the outbox.")


@mail_cli.command("deliver")
def deliver_outbox() -> None:
    """Send every message due now (new mail and retries whose wait is over) and give up stale claims.

    The task queue's schedule runs this every minute; run it by hand after fixing the SMTP settings.
    """
    from app.mail import deliver_due

    counts = deliver_due()
    click.echo(", ".join(f"{name}: {count}" for name, count in counts.items()))


def init_app(app: Flask) -> None:
    from app.cli.backup import backup_command, restore_command

    app.cli.add_command(users_cli)
    app.cli.add_command(mail_cli)
    app.cli.add_command(backup_command)
    app.cli.add_command(restore_command)
    try:
        from app.skills.esco_import import skills_cli
    except ImportError:  # the skills vocabulary commands arrive with app/skills.py
        return
    app.cli.add_command(skills_cli)
