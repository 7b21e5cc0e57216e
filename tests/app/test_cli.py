"""Core CLI: the first admin account of a fresh install."""

from __future__ import annotations

from app.auth.services import find_user_by_email
from app.models import Role


def test_create_admin_makes_an_active_admin(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create-admin", "Root@Example.org", "--password", "a long unusual passphrase 42"]
    )
    assert result.exit_code == 0, result.output
    user = find_user_by_email("root@example.org")
    assert user.role == Role.admin and user.active and user.check_password("a long unusual passphrase 42")


def test_create_admin_applies_the_password_policy(app):
    result = app.test_cli_runner().invoke(args=["users", "create-admin", "root@example.org", "--password", "password123"])
    assert result.exit_code != 0
    assert "Error" in result.output
    assert find_user_by_email("root@example.org") is None
