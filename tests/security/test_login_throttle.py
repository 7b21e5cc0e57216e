"""Login throttling: failures per account and per address lead to a 429 and a clear wait."""

from __future__ import annotations

import re

import pytest

from app.security.throttle import login_wait_minutes
from tests import factories

PASSWORD = factories.PASSWORD


def _login(client, email, password, addr="10.0.0.1"):
    return client.post("/login", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": addr})


def _wait_minutes(response) -> int:
    match = re.search(r"Too many attempts\. Try again in (\d+) minutes?\.", response.get_data(as_text=True))
    assert match, response.get_data(as_text=True)
    return int(match.group(1))


def test_five_failures_lock_the_account_even_for_the_right_password(client):
    user = factories.UserFactory(email="ada@example.test")
    for _ in range(5):
        assert _login(client, user.email, "not the password").status_code == 200
    blocked = _login(client, user.email, PASSWORD)
    assert blocked.status_code == 429
    assert 1 <= _wait_minutes(blocked) <= 15
    assert "_user_id" not in _session(client)


def _session(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def test_unknown_email_gets_the_same_answer(client):
    """No account enumeration: an unknown email is throttled and worded exactly like a known one."""
    factories.UserFactory(email="known@example.test")
    answers = {}
    for email in ("known@example.test", "nobody@example.test"):
        for _ in range(5):
            _login(client, email, "not the password", addr=f"10.0.1.{len(answers)}")
        response = _login(client, email, "not the password", addr=f"10.0.1.{len(answers)}")
        answers[email] = (response.status_code, _wait_minutes(response))
    assert answers["known@example.test"] == answers["nobody@example.test"]
    assert answers["known@example.test"][0] == 429


def test_failures_are_counted_per_address_across_accounts(client, app):
    limit = int(app.config["LOGIN_FAILURES_PER_ADDRESS"].split()[0])
    for n in range(limit):
        assert _login(client, f"guess{n}@example.test", "wrong", addr="10.9.9.9").status_code == 200
    user = factories.UserFactory(email="victim@example.test")
    assert _login(client, user.email, PASSWORD, addr="10.9.9.9").status_code == 429
    assert _login(client, user.email, PASSWORD, addr="10.9.9.10").status_code == 302


def test_other_accounts_and_a_good_login_are_unaffected(client):
    locked = factories.UserFactory(email="locked@example.test")
    other = factories.UserFactory(email="other@example.test")
    for _ in range(5):
        _login(client, locked.email, "wrong", addr="10.0.2.1")
    assert _login(client, other.email, PASSWORD, addr="10.0.2.2").status_code == 302


def test_a_successful_login_forgives_earlier_failures(client, app):
    user = factories.UserFactory(email="typo@example.test")
    for _ in range(4):
        _login(client, user.email, "wrong")
    assert _login(client, user.email, PASSWORD).status_code == 302
    with app.test_request_context(environ_base={"REMOTE_ADDR": "10.0.0.1"}):
        assert login_wait_minutes(user.email) == 0


@pytest.mark.parametrize("email", ["MiXeD@Example.test", " mixed@example.test "])
def test_the_account_counter_ignores_case_and_spaces(client, email):
    for _ in range(5):
        _login(client, "mixed@example.test", "wrong", addr="10.0.3.1")
    assert _login(client, email.strip(), "wrong", addr="10.0.3.2").status_code == 429
