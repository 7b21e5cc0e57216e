"""Logging out ends the session everywhere, and login answers take the same work for every email."""

from __future__ import annotations

import pytest
import werkzeug.security

from app.auth import services
from app.extensions import db
from tests import factories
from tests.factories import PASSWORD



def _logged_in_client(app, email: str):
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD, "remember": "y"})
    assert response.status_code == 302
    return client


def _copy_cookies(source, target, *names: str) -> None:
    for name in names:
        cookie = source.get_cookie(name)
        assert cookie is not None, name
        target.set_cookie(name, cookie.value, domain=cookie.domain)


@pytest.mark.parametrize("cookie", ["session", "remember_token"])
def test_a_cookie_copied_before_logout_is_refused_after_it(app, cookie):
    factories.UserFactory(email=f"copied-{cookie}@example.test")
    db.session.commit()
    owner = _logged_in_client(app, f"copied-{cookie}@example.test")
    thief = app.test_client()
    _copy_cookies(owner, thief, cookie)
    assert thief.get("/staff/").status_code == 200
    owner.post("/logout")
    if cookie == "remember_token":
        thief.delete_cookie("session")  # the remember-me cookie alone must not log in again either
    assert thief.get("/staff/").status_code == 302


@pytest.fixture
def hashes(monkeypatch):
    """How many password hashes each login attempt computes."""
    import app.auth.services as auth_services
    import app.models as models

    count = {"n": 0}

    def counting(*args, **kwargs):
        count["n"] += 1
        return werkzeug.security.check_password_hash(*args, **kwargs)

    for module in (auth_services, models):
        monkeypatch.setattr(module, "check_password_hash", counting, raising=False)
    return count


@pytest.mark.parametrize("email", ["known@example.test", "nobody@example.test", "inactive@example.test",
                                   "invited@example.test"])
def test_every_login_attempt_costs_one_password_hash(hashes, email):
    """The time an answer takes must not tell which emails have an account."""
    factories.UserFactory(email="known@example.test")
    factories.UserFactory(email="inactive@example.test", active=False)
    factories.UserFactory(email="invited@example.test", password_hash=None)
    services.authenticate(email, "a wrong password, surely")
    assert hashes["n"] == 1
