"""Login, logout, invitations and password reset: the account journeys and their bad inputs."""

from __future__ import annotations

import re
import time

import itsdangerous.timed
import pytest
from flask import g
from sqlalchemy import select

from app import create_app
from app.auth import services, tokens
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, User
from tests import factories
from tests.conftest import TEST_PASSWORD

NEW_PASSWORD = "a brand new passphrase"
BAD_LOGIN = "That email and password do not match an active account."


def _post_login(client, email, password=TEST_PASSWORD, next_=""):
    return client.post(
        "/login" + (f"?next={next_}" if next_ else ""),
        data={"email": email, "password": password, "next": next_},
    )


def _link_from_outbox(recipient: str) -> str:
    message = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == recipient).order_by(OutboxMessage.id.desc())
    ).first()
    assert message is not None, f"no mail to {recipient}"
    return re.search(r"https?://\S+", message.body_text).group(0)


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _actions(user: User) -> list[str]:
    return list(
        db.session.scalars(
            select(AuditEvent.action).where(AuditEvent.entity == "user", AuditEvent.entity_id == str(user.id))
            .order_by(AuditEvent.id)
        )
    )


def _logged_in_id(client) -> str | None:
    with client.session_transaction() as session:
        return session.get("_user_id")


# --- login and logout ---------------------------------------------------------------------


def test_login_page_links_to_forgotten_password(client):
    page = client.get("/login").get_data(as_text=True)
    assert "/password/forgot" in page


def test_login_with_the_right_password_starts_a_session(client):
    user = factories.UserFactory(email="ada@example.test")
    response = _post_login(client, "ADA@Example.test")
    assert response.status_code == 302
    assert _logged_in_id(client) == user.get_id()
    assert user.last_login_at is not None


@pytest.mark.parametrize("email,password", [
    ("ada@example.test", "not the password"),
    ("nobody@example.test", TEST_PASSWORD),
])
def test_wrong_password_and_unknown_email_get_the_same_message(client, email, password):
    factories.UserFactory(email="ada@example.test")
    response = _post_login(client, email, password)
    assert response.status_code == 200
    assert BAD_LOGIN in response.get_data(as_text=True)
    assert _logged_in_id(client) is None


def test_inactive_user_cannot_log_in(client):
    factories.UserFactory(email="gone@example.test", active=False)
    response = _post_login(client, "gone@example.test")
    assert BAD_LOGIN in response.get_data(as_text=True)
    assert _logged_in_id(client) is None


def test_invited_user_without_password_cannot_log_in(client):
    factories.UserFactory(email="new@example.test", password_hash=None)
    response = _post_login(client, "new@example.test", "anything at all")
    assert BAD_LOGIN in response.get_data(as_text=True)
    assert _logged_in_id(client) is None


def test_safe_next_target_is_followed(client):
    factories.UserFactory(email="ada@example.test")
    response = _post_login(client, "ada@example.test", next_="/admin/users?page=2")
    assert response.headers["Location"] == "/admin/users?page=2"


@pytest.mark.parametrize("target", [
    "//evil.com", "https://evil.com", "/\\evil.com", "\\\\evil.com", "javascript:alert(1)",
    "http:evil.com", "/%0a/evil.com".replace("%0a", "\n"),
])
def test_next_cannot_redirect_off_site(client, target):
    factories.UserFactory(email="ada@example.test")
    response = client.post(
        "/login", data={"email": "ada@example.test", "password": TEST_PASSWORD, "next": target}
    )
    assert response.status_code == 302
    location = response.headers["Location"]
    assert "evil" not in location and not location.startswith("javascript")
    assert location.startswith("/")


def test_login_rotates_the_session(client):
    factories.UserFactory(email="ada@example.test")
    with client.session_transaction() as session:
        session["planted"] = "by an attacker"
    _post_login(client, "ada@example.test")
    with client.session_transaction() as session:
        assert "planted" not in session
        assert session.get("_user_id")


def test_logout_only_by_post(client, login):
    user = login(Role.staff)
    assert client.get("/logout").status_code == 405
    assert _logged_in_id(client) == user.get_id()
    response = client.post("/logout")
    assert response.status_code == 302
    assert _logged_in_id(client) is None


def test_production_cookies_are_httponly_lax_and_secure():
    app = create_app("production", SECRET_KEY="x" * 32, SQLALCHEMY_DATABASE_URI="sqlite://",
                     SERVER_BASE_URL="https://bridgework.example.org")
    assert app.config["SESSION_COOKIE_HTTPONLY"] is True
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True
    with app.test_request_context("/"):
        from flask import session

        session["x"] = 1
        response = app.make_response("ok")
        app.session_interface.save_session(app, session, response)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "Secure" in cookie and "SameSite=Lax" in cookie


@pytest.fixture
def csrf_on(app):
    app.config["WTF_CSRF_ENABLED"] = True
    yield
    app.config["WTF_CSRF_ENABLED"] = False


def test_missing_csrf_token_is_a_clear_400_and_changes_nothing(client, login, csrf_on):
    login(Role.admin)
    target = factories.UserFactory(email="keep@example.test")
    response = client.post(f"/admin/users/{target.id}/deactivate")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Your form expired or was sent from elsewhere" in page
    assert "Traceback" not in page
    db.session.expire_all()
    assert db.session.get(User, target.id).active is True


def test_missing_csrf_token_on_login_logs_nobody_in(client, csrf_on):
    factories.UserFactory(email="ada@example.test")
    response = _post_login(client, "ada@example.test")
    assert response.status_code == 400
    assert _logged_in_id(client) is None


# --- invitations --------------------------------------------------------------------------


def test_invitation_full_flow(client, login):
    login(Role.admin)
    response = client.post("/admin/users/invite", data={
        "email": "New.Person@Example.test", "full_name": "New Person", "role": "staff", "employer": "",
    })
    assert response.status_code == 302
    invited = services.find_user_by_email("new.person@example.test")
    assert invited.password_hash is None and invited.role == Role.staff
    link = _link_from_outbox("new.person@example.test")
    assert "/invitation/" in link

    client.post("/logout")
    page = client.get(_path(link))
    assert page.status_code == 200 and "new.person@example.test" in page.get_data(as_text=True)
    response = client.post(_path(link), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert _logged_in_id(client) == invited.get_id()

    client.post("/logout")
    assert _post_login(client, "new.person@example.test", NEW_PASSWORD).status_code == 302
    assert _actions(invited) == ["invited", "invitation_accepted"]


def test_invitation_link_is_single_use(client):
    user, url = services.invite_user("once@example.test", Role.staff, invited_by=None)
    client.post(_path(url), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    client.post("/logout")
    response = client.get(_path(url))
    assert response.status_code == 400
    assert "already been used" in response.get_data(as_text=True)
    response = client.post(_path(url), data={"password": "another password!", "confirm": "another password!"})
    assert response.status_code == 400
    assert user.check_password(NEW_PASSWORD)


def test_tampered_invitation_link_is_refused(client):
    _, url = services.invite_user("t@example.test", Role.staff, invited_by=None)
    token = _path(url).rsplit("/", 1)[1]
    forged = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    response = client.post(f"/invitation/{forged}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "This link is not valid" in response.get_data(as_text=True)
    assert services.find_user_by_email("t@example.test").password_hash is None


def test_reset_token_is_not_an_invitation_token(client):
    user = factories.UserFactory(password_hash=None)
    reset_token = tokens.make_token(user, tokens.PASSWORD_RESET)
    with pytest.raises(tokens.TokenError) as error:
        tokens.load_token(reset_token, tokens.INVITATION)
    assert error.value.reason == "tampered"


def test_expired_invitation_link_is_refused(client, monkeypatch):
    user = factories.UserFactory(password_hash=None)
    eight_days_ago = time.time() - 8 * 24 * 3600
    monkeypatch.setattr(itsdangerous.timed.time, "time", lambda: eight_days_ago)
    token = tokens.make_token(user, tokens.INVITATION)
    monkeypatch.undo()
    response = client.post(f"/invitation/{token}", data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 400
    assert "This invitation link has expired" in response.get_data(as_text=True)
    assert user.password_hash is None


def test_reinvitation_replaces_the_earlier_link(client):
    user, first = services.invite_user("twice@example.test", Role.staff, invited_by=None)
    _, second = services.invite_user("twice@example.test", Role.staff, invited_by=None)
    assert client.get(_path(first)).status_code == 400
    assert client.get(_path(second)).status_code == 200
    assert _actions(user) == ["invited", "reinvited"]


def test_accepting_with_a_short_or_mismatched_password_keeps_the_link(client):
    user, url = services.invite_user("short@example.test", Role.staff, invited_by=None)
    response = client.post(_path(url), data={"password": "short", "confirm": "short"})
    assert "at least 10 characters" in response.get_data(as_text=True)
    response = client.post(_path(url), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD + "x"})
    assert "not the same" in response.get_data(as_text=True)
    assert user.password_hash is None
    assert client.get(_path(url)).status_code == 200


def test_invite_user_service_links_an_employer_and_a_participant():
    employer = factories.EmployerFactory()
    contact, url = services.invite_user("hr@example.test", "employer", invited_by=None, employer=employer)
    assert contact.employer_id == employer.id and url.startswith("http")
    participant = factories.ParticipantFactory()
    person, _ = services.invite_user(
        participant.email, Role.participant, invited_by=None, participant=participant
    )
    assert participant.user is person and person.role == Role.participant


def test_invite_user_outside_a_request_uses_the_server_base_url(app):
    app.config["SERVER_BASE_URL"] = "https://bridgework.example.org/"
    try:
        _, url = services.invite_user("cli@example.test", Role.staff, invited_by=None)
    finally:
        app.config["SERVER_BASE_URL"] = "http://127.0.0.1:5000"
    assert url.startswith("https://bridgework.example.org/invitation/")


@pytest.mark.parametrize("kwargs,message", [
    ({"role": Role.employer}, "must belong to an employer"),
    ({"role": Role.participant}, "linked to a participant record"),
])
def test_invite_user_refuses_a_role_without_its_record(kwargs, message):
    with pytest.raises(services.AccountError, match=message):
        services.invite_user("x@example.test", invited_by=None, **kwargs)
    assert services.find_user_by_email("x@example.test") is None


def test_invite_user_refuses_an_existing_account():
    factories.UserFactory(email="taken@example.test")
    with pytest.raises(services.AccountError, match="already has an account"):
        services.invite_user("taken@example.test", Role.staff, invited_by=None)


# --- password reset -----------------------------------------------------------------------


def test_password_reset_full_flow(client):
    user = factories.UserFactory(email="forgetful@example.test")
    old_session_id = user.get_id()
    response = client.post("/password/forgot", data={"email": "forgetful@example.test"})
    assert response.status_code == 302
    link = _link_from_outbox("forgetful@example.test")
    assert "/password/reset/" in link
    response = client.post(_path(link), data={"password": NEW_PASSWORD, "confirm": NEW_PASSWORD})
    assert response.status_code == 302
    assert user.check_password(NEW_PASSWORD) and user.get_id() != old_session_id
    client.post("/logout")
    assert _post_login(client, "forgetful@example.test", NEW_PASSWORD).status_code == 302
    assert client.get(_path(link)).status_code == 400
    assert _actions(user) == ["password_reset_requested", "password_reset"]


def test_password_reset_does_not_reveal_whether_an_email_is_known(client):
    factories.UserFactory(email="known@example.test")
    factories.UserFactory(email="inactive@example.test", active=False)
    answers = []
    for email in ("known@example.test", "unknown@example.test", "inactive@example.test"):
        response = client.post("/password/forgot", data={"email": email}, follow_redirects=True)
        answers.append(response.get_data(as_text=True).count(services.RESET_REQUESTED_MESSAGE.split(".")[0]))
    assert answers == [1, 1, 1]
    recipients = db.session.scalars(select(OutboxMessage.recipient)).all()
    assert recipients == ["known@example.test"]


def test_password_reset_ends_other_sessions(client, app):
    user = factories.UserFactory()
    other = app.test_client()
    from tests.conftest import log_in

    log_in(other, user)
    assert other.get("/admin/users").status_code == 403  # logged in (staff), just not an admin
    services.reset_password(user, NEW_PASSWORD)
    g.pop("_login_user", None)  # tests share one app context: drop Flask-Login's per-request cache
    response = other.get("/admin/users")
    assert response.status_code == 302 and "/login" in response.headers["Location"]


def test_expired_reset_link_offers_a_new_one(client, app, monkeypatch):
    user = factories.UserFactory()
    token = tokens.make_token(user, tokens.PASSWORD_RESET)
    monkeypatch.setitem(app.config, "PASSWORD_RESET_MAX_AGE", -1)
    response = client.get(f"/password/reset/{token}")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "password reset link has expired" in page and "/password/forgot" in page


def test_deactivated_account_cannot_use_a_reset_link(client):
    user = factories.UserFactory()
    token = tokens.make_token(user, tokens.PASSWORD_RESET)
    admin = factories.UserFactory(role=Role.admin)
    services.deactivate_user(user, actor=admin)
    assert client.get(f"/password/reset/{token}").status_code == 400


def test_validate_password_is_the_one_policy():
    with pytest.raises(services.AccountError):
        services.validate_password("123456789")
    services.validate_password("plum kettle 42")


@pytest.mark.parametrize("flow", ["invitation", "reset"])
def test_a_password_holding_the_email_is_a_field_error_not_a_500(client, flow):
    """The form cannot know the email (it comes from the link), so the service's rule answers."""
    if flow == "invitation":
        _, url = services.invite_user("ada.lovelace@example.test", Role.staff, invited_by=None)
    else:
        factories.UserFactory(email="ada.lovelace@example.test")
        client.post("/password/forgot", data={"email": "ada.lovelace@example.test"})
        url = _link_from_outbox("ada.lovelace@example.test")
    password = "my ada.lovelace@example.test secret"
    response = client.post(_path(url), data={"password": password, "confirm": password})
    assert response.status_code == 200
    assert "does not contain your email address" in response.get_data(as_text=True)
