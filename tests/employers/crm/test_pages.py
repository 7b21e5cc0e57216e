"""CRM pages through their routes: what staff see and post, filters, exports, denials, query counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.dates import local_today
from app.models import Role
from employers.crm.models import Activity, FollowUp
from tests import factories
from tests.conftest import assert_query_count_flat
from tests.employers.crm.factories import ActivityFactory, FollowUpFactory


def test_the_employer_page_shows_crm_sections_and_timeline(client, login, acme):
    user = login(Role.staff)
    ActivityFactory(employer=acme, contact=acme.contacts[0], staff=user, kind="meeting", notes="Met at the fair")
    FollowUpFactory(employer=acme, owner=user, text="Send the cohort dates")
    html = client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    assert "Met at the fair" in html and "Send the cohort dates" in html
    assert "Meeting with Ada Lovelace" in html  # the timeline's line
    assert f'href="/staff/employers/{acme.id}/activities"' in html  # "Log an activity", a page of its own
    assert f'href="/staff/employers/{acme.id}/follow-ups"' in html


def test_staff_log_an_activity_in_local_time(client, login, acme, db):
    user = login(Role.staff)
    day = local_today() - timedelta(days=1)
    response = client.post(f"/staff/employers/{acme.id}/activities", data={
        "activity-kind": "call", "activity-contact_id": acme.contacts[0].id, "activity-day": day.isoformat(),
        "activity-at": "10:30", "activity-notes": "Asked about openings"})
    assert response.status_code == 302
    activity = db.session.query(Activity).one()
    assert activity.staff == user and activity.contact == acme.contacts[0] and activity.occurred_at.tzinfo


def test_an_invalid_activity_is_refused_with_a_message(client, login, acme, db):
    login(Role.staff)
    response = client.post(f"/staff/employers/{acme.id}/activities", data={"activity-kind": "call"},
                           follow_redirects=True)
    assert "Enter the day it happened." in response.get_data(as_text=True)
    assert db.session.query(Activity).count() == 0


def test_staff_plan_and_complete_a_follow_up(client, login, acme, db):
    user = login(Role.staff)
    client.post(f"/staff/employers/{acme.id}/follow-ups", data={
        "follow_up-text": "Call back", "follow_up-due_on": local_today().isoformat(),
        "follow_up-owner_id": str(user.id)})
    follow_up = db.session.query(FollowUp).one()
    assert follow_up.owner == user
    assert "Call back" in client.get("/staff/follow-ups").get_data(as_text=True)
    assert "Call back" in client.get("/staff/").get_data(as_text=True)  # the staff home's block
    response = client.post(f"/staff/follow-ups/{follow_up.id}/done", data={"next": "mine"})
    assert response.headers["Location"].endswith("/staff/follow-ups")
    assert follow_up.done_at is not None


def test_staff_set_the_owner_and_filter_the_employer_list(client, login, acme):
    user = login(Role.staff, full_name="Rita Manager")
    other = factories.EmployerFactory(name="Quiet Co")
    assert client.post(f"/staff/employers/{acme.id}/owner", data={"owner-owner_id": str(user.id)}).status_code == 302
    assert acme.owner == user
    html = client.get(f"/staff/employers?owner={user.id}").get_data(as_text=True)
    assert "Acme Analytics" in html and "Quiet Co" not in html
    ActivityFactory(employer=acme)
    html = client.get("/staff/employers?quiet=y").get_data(as_text=True)
    assert "Quiet Co" in html and "Acme Analytics" not in html
    assert other.name in client.get("/staff/employers?owner=none").get_data(as_text=True)


def test_staff_edit_archive_and_restore_a_contact(client, login, acme):
    login(Role.staff)
    ada = acme.contacts[0]
    assert client.get(f"/staff/contacts/{ada.id}/edit").status_code == 200
    client.post(f"/staff/contacts/{ada.id}/edit", data={"name": "Ada King", "email": "ada@acme.example"})
    assert ada.name == "Ada King"
    client.post(f"/staff/contacts/{ada.id}/archive")
    assert ada.archived_at is not None
    assert "<td>Ada King" not in client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    assert "<td>Ada King" in client.get(f"/staff/employers/{acme.id}?archived=1").get_data(as_text=True)
    client.post(f"/staff/contacts/{ada.id}/unarchive")
    assert ada.archived_at is None


def test_an_archived_contact_is_hidden_from_the_employer_portal(client, login, acme):
    acme.contacts[0].archived_at = datetime.now(UTC)
    login(Role.employer, employer=acme)
    assert "Ada Lovelace" not in client.get("/employer/profile").get_data(as_text=True)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_activities_and_follow_ups_download(client, login, acme, fmt):
    user = login(Role.staff)
    ActivityFactory(employer=acme, notes="Exported note")
    FollowUpFactory(employer=acme, owner=user, text="Exported task")
    for url in (f"/staff/activities?format={fmt}", f"/staff/follow-ups?format={fmt}"):
        response = client.get(url)
        assert response.status_code == 200, url
    if fmt == "csv":
        assert b"Exported note" in client.get("/staff/activities?format=csv").data
        assert b"Exported task" in client.get("/staff/follow-ups?format=csv").data


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_other_roles_cannot_post_crm_changes(client, login, acme, role, db):
    login(role, **({"employer": acme} if role == Role.employer else {}))
    follow_up = FollowUpFactory(employer=acme)
    for url in (f"/staff/employers/{acme.id}/activities", f"/staff/employers/{acme.id}/owner",
                f"/staff/follow-ups/{follow_up.id}/done", f"/staff/contacts/{acme.contacts[0].id}/archive"):
        assert client.post(url, data={}).status_code == 403, url
    assert follow_up.done_at is None and acme.contacts[0].archived_at is None


def test_missing_crm_records_answer_404_for_staff(client, login, bank):
    login(Role.staff)
    assert client.get("/staff/contacts/999999/edit").status_code == 404
    assert client.post("/staff/follow-ups/999999/done").status_code == 404
    assert client.get("/staff/activities?employer_id=999999").status_code == 404


def test_a_blank_activity_kind_filters_nothing(client, login, acme):
    # found by tests/fuzz: Optional() let "?kind=%20" past the choice check and into the query
    login(Role.staff)
    assert client.get("/staff/activities?kind=%20").status_code == 200
    assert client.get("/staff/activities?kind=nonsense").status_code == 200


def test_crm_lists_query_counts_are_flat(client, login, acme):
    user = login(Role.staff)
    ActivityFactory(employer=acme)
    FollowUpFactory(employer=acme, owner=user)

    def grow():
        for _ in range(4):
            employer = factories.EmployerFactory()
            ActivityFactory(employer=employer, contact=factories.ContactFactory(employer=employer))
            ActivityFactory(employer=acme, staff=factories.UserFactory())
            FollowUpFactory(employer=employer, owner=user, due_on=local_today() - timedelta(days=1))
            FollowUpFactory(employer=acme, owner=factories.UserFactory())

    for url in ("/staff/activities", "/staff/follow-ups", f"/staff/employers/{acme.id}",
                "/staff/employers?quiet=y", "/staff/"):
        assert_query_count_flat(client, url, grow)
