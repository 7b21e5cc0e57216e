"""The password policy: length, the common-password list, not the email; used by every form."""

from __future__ import annotations

import re

import pytest

from app.auth import services, tokens
from app.auth.passwords import common_passwords, password_problem
from tests import factories


@pytest.mark.parametrize("password", ["short", "123456789", "", None])
def test_too_short(password):
    assert "at least 10 characters" in password_problem(password)


@pytest.mark.parametrize("password", ["qwertyuiop", "1234567890", "Password123", "MANCHESTER", "aaaaaaaaaaaa"])
def test_common_passwords_are_refused(password):
    assert "most common passwords" in password_problem(password)


def test_the_list_has_thousands_of_entries():
    common = common_passwords()
    assert len(common) > 5000 and "password" in common and "iloveyou" in common


def test_the_email_is_not_a_password():
    assert "email" in password_problem("grace.hopper-2024", "grace.hopper@example.test")
    assert password_problem("a calm blue lake", "grace.hopper@example.test") is None


def test_over_long_passwords_are_refused():
    assert "at most" in password_problem("x y z " * 100)


def test_services_apply_the_policy_with_the_email():
    user = factories.UserFactory(email="margaret.hamilton@example.test")
    with pytest.raises(services.AccountError, match="email"):
        services.reset_password(user, "margaret.hamilton!!")
    with pytest.raises(services.AccountError, match="common"):
        services.reset_password(user, "qwertyuiop")
    services.reset_password(user, "apollo guidance computer")
    assert user.check_password("apollo guidance computer")


def test_the_reset_form_shows_the_common_password_message(client):
    user = factories.UserFactory()
    token = tokens.make_token(user, tokens.PASSWORD_RESET)
    response = client.post(f"/password/reset/{token}", data={"password": "1q2w3e4r5t", "confirm": "1q2w3e4r5t"})
    assert response.status_code == 200
    assert re.search(r"most common passwords", response.get_data(as_text=True))
    assert user.check_password(factories.PASSWORD)
