"""The admin's pages: who may see them, invitations, roles, deactivation, outbox and audit log."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.auth import services
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, User
from tests import factories
from tests.conftest import assert_query_count_flat

#: role changes ask for the admin's password again (app/auth/reauth.py)
REAUTH = {"reauth_password": factories.PASSWORD}
ADMIN_PAGES = ["/admin/users", "/admin/users/invite", "/admin/outbox", "/admin/audit"]


def _events(user: User, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(
        select(AuditEvent).where(
            AuditEvent.entity == "user", AuditEvent.entity_id == str(user.id), AuditEvent.action == action
        )
    ))


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url)


def _link_to(recipient: str) -> str:
    body = db.session.scalars(
        select(OutboxMessage.body_text)
        .where(OutboxMessage.recipient == recipient)
        .order_by(OutboxMessage.id.desc())
    ).first()
    return re.search(r"https?://\S+", body).group(0)


# --- who may use the admin pages ------------------------------------------------------------


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_admin_sees_admin_pages(client, login, url):
    login(Role.admin)
    response = client.get(url)
    assert response.status_code == 200
    assert response.get_data(as_text=True).count("<h1") == 1


@pytest.mark.parametrize("role", [Role.staff, Role.employer, Role.participant])
@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_other_roles_are_refused(client, login, role, url):
    login(role)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", [Role.staff, Role.employer, Role.participant])
def test_other_roles_cannot_deactivate_anyone(client, login, role):
    target = factories.UserFactory()
    login(role)
    assert client.post(f"/admin/users/{target.id}/deactivate").status_code == 403
    assert target.active is True


@pytest.mark.parametrize("url", ADMIN_PAGES)
def test_anonymous_users_are_sent_to_login(client, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_admin_nav_links_appear_for_admins_only(client, login):
    login(Role.admin)
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'href="/admin/outbox"' in page and 'href="/admin/audit"' in page


def test_unknown_user_and_message_are_404(client, login):
    login(Role.admin)
    assert client.get("/admin/users/999999").status_code == 404
    assert client.get("/admin/outbox/999999").status_code == 404


# --- users list -----------------------------------------------------------------------------


def test_user_list_filters_by_role_status_and_search(client, login):
    login(Role.admin, email="boss@example.test")
    factories.UserFactory(email="grace@example.test", full_name="Grace Hopper", role=Role.staff)
    factories.UserFactory(email="gone@example.test", full_name="Old Timer", active=False)
    factories.user_for_role(Role.employer, email="hr@acme.test", full_name="Ada Acme")

    def emails(query: str) -> set[str]:
        page = client.get(f"/admin/users?{query}").get_data(as_text=True)
        return {e for e in ("boss@", "grace@", "gone@", "hr@acme") if e in page}

    assert emails("q=HOPPER") == {"grace@"}
    assert emails("role=employer") == {"hr@acme"}
    assert emails("active=no") == {"gone@"}
    assert emails("q=%25") == set()  # a LIKE wildcard is searched literally
    assert emails("role=bogus") == {"boss@", "grace@", "gone@", "hr@acme"}  # invalid filter ignored
    assert emails("role=bogus&active=no") == {"gone@"}  # … and only that one


def test_user_list_is_paginated(client, login, app):
    login(Role.admin)
    for _ in range(app.config["ITEMS_PER_PAGE"] + 1):
        factories.UserFactory()
    page = client.get("/admin/users").get_data(as_text=True)
    assert 'rel="next"' in page
    assert client.get("/admin/users?page=2").status_code == 200


def test_user_list_query_count_is_flat(client, login):
    login(Role.admin)
    factories.user_for_role(Role.employer)

    def grow():
        for _ in range(10):
            factories.user_for_role(Role.employer)
            factories.UserFactory(last_login_at=datetime.now(UTC))

    assert_query_count_flat(client, "/admin/users", grow)


def test_user_detail_query_count_is_flat(client, login):
    login(Role.admin)
    user = factories.user_for_role(Role.employer)

    def grow():
        for _ in range(10):
            factories.AuditEventFactory(entity="user", entity_id=str(user.id), changes={"role": ["a", "b"]})

    assert_query_count_flat(client, f"/admin/users/{user.id}", grow)


# --- invitations from the admin pages ------------------------------------------------------


def test_admin_invites_an_employer_contact(client, login):
    admin = login(Role.admin)
    employer = factories.EmployerFactory(name="Acme Logistics")
    form = client.get("/admin/users/invite").get_data(as_text=True)
    assert "Acme Logistics" in form
    response = client.post("/admin/users/invite", data={
        "email": "hr@acme.test", "full_name": "Hana Reed", "role": "employer", "employer": str(employer.id),
    })
    assert response.status_code == 302
    user = services.find_user_by_email("hr@acme.test")
    assert user.employer_id == employer.id and user.role == Role.employer
    [event] = _events(user, "invited")
    assert event.actor_id == admin.id and event.changes["role"] == [None, "employer"]
    message = db.session.scalar(select(OutboxMessage).where(OutboxMessage.recipient == "hr@acme.test"))
    assert message.kind == "invitation" and "/invitation/" in message.body_text


def test_employer_role_requires_an_employer(client, login):
    login(Role.admin)
    response = client.post(
        "/admin/users/invite", data={"email": "hr@acme.test", "role": "employer", "employer": ""}
    )
    assert response.status_code == 200
    assert "Choose the employer this contact speaks for." in response.get_data(as_text=True)
    assert services.find_user_by_email("hr@acme.test") is None
    assert db.session.scalar(select(OutboxMessage.id)) is None


def test_inviting_an_existing_account_is_refused_with_a_message(client, login):
    login(Role.admin)
    factories.UserFactory(email="taken@example.test")
    response = client.post("/admin/users/invite", data={"email": "taken@example.test", "role": "staff"})
    assert response.status_code == 200
    assert "already has an account" in response.get_data(as_text=True)


def test_admin_resends_an_invitation(client, login):
    login(Role.admin)
    user, first = services.invite_user("slow@example.test", Role.staff, invited_by=None)
    response = client.post(f"/admin/users/{user.id}/reinvite")
    assert response.status_code == 302
    sent = db.session.scalars(select(OutboxMessage).where(OutboxMessage.recipient == user.email)).all()
    assert len(sent) == 2
    second = _link_to(user.email)
    assert second != first
    assert client.get(_path(first)).status_code == 400
    assert client.get(_path(second)).status_code == 200


# --- roles and deactivation -----------------------------------------------------------------


def test_role_change_is_audited(client, login):
    admin = login(Role.admin)
    user = factories.UserFactory(role=Role.staff)
    response = client.post(f"/admin/users/{user.id}/role", data={**REAUTH, "role": "admin", "employer": ""})
    assert response.status_code == 302
    assert user.role == Role.admin
    [event] = _events(user, "role_changed")
    assert event.actor_id == admin.id and event.changes == {"role": ["staff", "admin"]}


def test_role_form_shows_the_current_role_and_employer(client, login):
    login(Role.admin)
    contact = factories.user_for_role(Role.employer)
    page = client.get(f"/admin/users/{contact.id}").get_data(as_text=True)
    assert '<option selected value="employer">' in page
    assert f'<option selected value="{contact.employer_id}">' in page


def test_role_change_to_employer_links_the_employer(client, login):
    login(Role.admin)
    user = factories.UserFactory(role=Role.staff)
    employer = factories.EmployerFactory()
    response = client.post(f"/admin/users/{user.id}/role", data={**REAUTH, "role": "employer", "employer": ""})
    assert response.status_code == 400 and user.role == Role.staff
    client.post(f"/admin/users/{user.id}/role", data={**REAUTH, "role": "employer", "employer": str(employer.id)})
    assert user.role == Role.employer and user.employer_id == employer.id
    [event] = _events(user, "role_changed")
    assert event.changes["employer_id"] == [None, employer.id]


def test_role_change_ends_the_users_sessions():
    admin = factories.UserFactory(role=Role.admin)
    user = factories.UserFactory(role=Role.admin)
    old_id = user.get_id()
    services.change_role(user, Role.staff, actor=admin)
    assert user.get_id() != old_id


def test_participant_accounts_keep_their_role():
    admin = factories.UserFactory(role=Role.admin)
    participant_user = factories.user_for_role(Role.participant)
    with pytest.raises(services.AccountError):
        services.change_role(participant_user, Role.staff, actor=admin)
    with pytest.raises(services.AccountError):
        services.change_role(factories.UserFactory(), Role.participant, actor=admin)


def test_deactivation_and_reactivation_are_audited(client, login):
    admin = login(Role.admin)
    user = factories.UserFactory()
    old_session = user.get_id()
    assert client.post(f"/admin/users/{user.id}/deactivate").status_code == 302
    assert user.active is False and user.get_id() != old_session
    [event] = _events(user, "deactivated")
    assert event.actor_id == admin.id and event.changes == {"active": [True, False]}
    assert client.post(f"/admin/users/{user.id}/reactivate").status_code == 302
    assert user.active is True
    assert _events(user, "reactivated")[0].changes == {"active": [False, True]}


def test_admin_cannot_lock_themself_out(client, login):
    admin = login(Role.admin)
    response = client.post(f"/admin/users/{admin.id}/deactivate", follow_redirects=True)
    assert "You cannot deactivate your own account." in response.get_data(as_text=True)
    assert admin.active is True
    response = client.post(f"/admin/users/{admin.id}/role", data={**REAUTH, "role": "staff", "employer": ""})
    assert response.status_code == 400 and admin.role == Role.admin


def test_the_last_active_admin_stays():
    admin = factories.UserFactory(role=Role.admin)
    db.session.execute(
        User.__table__.update().where(User.role == "admin", User.id != admin.id).values(active=False)
    )
    with pytest.raises(services.AccountError, match="last active administrator"):
        services.deactivate_user(admin, actor=None)


def test_deactivation_button_is_a_post_form(client, login):
    login(Role.admin)
    user = factories.UserFactory()
    page = client.get(f"/admin/users/{user.id}").get_data(as_text=True)
    assert f'action="/admin/users/{user.id}/deactivate"' in page
    assert client.get(f"/admin/users/{user.id}/deactivate").status_code == 405


# --- outbox ---------------------------------------------------------------------------------


def test_outbox_lists_newest_first_and_shows_links_clickable(client, login):
    login(Role.admin)
    older = factories.OutboxMessageFactory(subject="Older", created_at=datetime.now(UTC) - timedelta(days=1))
    newer = factories.OutboxMessageFactory(
        subject="Newer", body_text="Open https://bridgework.example.org/x?a=1&b=<2> now"
    )
    page = client.get("/admin/outbox").get_data(as_text=True)
    assert page.index("Newer") < page.index("Older")
    detail = client.get(f"/admin/outbox/{newer.id}").get_data(as_text=True)
    assert '<a href="https://bridgework.example.org/x?a=1&amp;b=' in detail
    assert "<2>" not in detail  # the body is escaped, only the link is markup
    assert client.get(f"/admin/outbox/{older.id}").status_code == 200


def test_outbox_filters_by_recipient(client, login):
    login(Role.admin)
    factories.OutboxMessageFactory(recipient="Someone@Example.test", subject="For someone")
    factories.OutboxMessageFactory(recipient="other@example.test", subject="For other")
    page = client.get("/admin/outbox?recipient=someone").get_data(as_text=True)
    assert "For someone" in page and "For other" not in page


def test_outbox_query_count_is_flat(client, login):
    login(Role.admin)
    factories.OutboxMessageFactory()
    assert_query_count_flat(client, "/admin/outbox", lambda: factories.OutboxMessageFactory.create_batch(30))


# --- audit log ------------------------------------------------------------------------------


def test_audit_log_filters(client, login):
    login(Role.admin)
    now = datetime.now(UTC)
    factories.AuditEventFactory(entity="placement", action="created", actor_label="coach@example.test",
                                entity_id="11", at=now)
    factories.AuditEventFactory(entity="user", action="deactivated", actor_label="boss@example.test",
                                entity_id="22", at=now - timedelta(days=10))

    def shows(query: str) -> set[str]:
        page = client.get(f"/admin/audit?{query}").get_data(as_text=True)
        return {ident for ident in ("placement 11", "user 22") if ident in page}

    assert shows("") == {"placement 11", "user 22"}
    assert shows("entity=placement") == {"placement 11"}
    assert shows("action=deactivated") == {"user 22"}
    assert shows("actor=COACH") == {"placement 11"}
    week_ago = (now - timedelta(days=7)).date().isoformat()
    assert shows(f"date_from={week_ago}") == {"placement 11"}
    assert shows(f"date_to={week_ago}") == {"user 22"}
    assert "The end date is before the start date." in client.get(
        f"/admin/audit?date_from={now.date().isoformat()}&date_to={week_ago}"
    ).get_data(as_text=True)


def test_audit_log_query_count_is_flat(client, login):
    login(Role.admin)
    factories.AuditEventFactory(changes={"role": ["staff", "admin"]})

    def grow():
        actor = factories.UserFactory()
        for n in range(30):
            factories.AuditEventFactory(actor_id=actor.id, actor_label=actor.email, entity_id=str(n),
                                        changes={"active": [True, False]})

    assert_query_count_flat(client, "/admin/audit", grow)


# --- markup ---------------------------------------------------------------------------------


def _html_problems(html: str) -> list:
    """Parse errors and duplicate ids: the HTML5 parser's view of a page."""
    from xml.etree import ElementTree

    from tinyhtml5.parser import HTMLParser

    parser = HTMLParser(namespace_html_elements=False)
    parser._parse(html)
    elements = (el for el in parser.tree.get_document().iter() if isinstance(el, ElementTree.Element))
    ids = [el.get("id") for el in elements if el.get("id")]
    return parser.errors + [f"duplicate id {i}" for i in set(ids) if ids.count(i) > 1]


def test_pages_are_valid_html(client, login):
    login(Role.admin)
    user = factories.user_for_role(Role.employer)
    services.deactivate_user(factories.UserFactory(), actor=None)
    message = factories.OutboxMessageFactory(body_text="See https://example.org/a")
    factories.AuditEventFactory(changes={"role": ["staff", "admin"], "note": "plain"})
    pages = [*ADMIN_PAGES, f"/admin/users/{user.id}", f"/admin/outbox/{message.id}", "/admin/audit?date_from=x"]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _html_problems(response.get_data(as_text=True)) == [], url
    client.post("/logout")
    for url in ("/login", "/password/forgot", "/invitation/not-a-token"):
        assert _html_problems(client.get(url).get_data(as_text=True)) == [], url


def test_a_deactivated_users_open_session_ends(client, login):
    from flask import g

    user = login(Role.staff)
    assert client.get("/admin/users").status_code == 403  # logged in, just not an admin
    services.deactivate_user(user, actor=factories.UserFactory(role=Role.admin))
    g.pop("_login_user", None)  # tests share one app context: drop Flask-Login's per-request cache
    response = client.get("/admin/users")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
