"""The CRM forms (each on its page, linked from the employer page) show their errors next to the field; the
employer page loads only the latest activities and events."""

from __future__ import annotations

import re
from datetime import timedelta

from app.dates import local_today
from app.models import Role
from employers.crm.models import Activity, FollowUp
from employers.crm.page import TIMELINE_PER_PAGE
from employers.crm.queries import RECENT_ACTIVITIES, RECENT_EVENTS
from tests import factories
from tests.conftest import counting_queries
from tests.employers.crm.factories import ActivityFactory


def _field_errors(html: str, field_id: str) -> str:
    match = re.search(rf'<ul class="field-errors" id="{re.escape(field_id)}-errors">(.*?)</ul>', html, re.DOTALL)
    assert match, f"no errors shown next to {field_id}"
    return match.group(1)


def test_an_invalid_activity_shows_its_errors_next_to_the_fields(client, login, acme, db):
    login(Role.staff)
    response = client.post(f"/staff/employers/{acme.id}/activities",
                           data={"activity-kind": "call", "activity-notes": "Kept this"})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Enter the day it happened." in _field_errors(html, "activity-day")
    assert "Enter the time it happened." in _field_errors(html, "activity-at")
    assert "Kept this" in html and "<h1>Log an activity with Acme Analytics</h1>" in html  # what was typed stays
    assert db.session.query(Activity).count() == 0


def test_a_future_activity_shows_the_rule_next_to_the_day(client, login, acme, db):
    login(Role.staff)
    day = local_today() + timedelta(days=3)
    response = client.post(f"/staff/employers/{acme.id}/activities", data={
        "activity-kind": "call", "activity-contact_id": "0", "activity-day": day.isoformat(), "activity-at": "10:00"})
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert "plan a follow-up instead" in html
    assert db.session.query(Activity).count() == 0


def test_an_invalid_follow_up_shows_its_errors_next_to_the_fields(client, login, acme, db):
    user = login(Role.staff)
    past = local_today() - timedelta(days=2)
    response = client.post(f"/staff/employers/{acme.id}/follow-ups", data={
        "follow_up-text": "", "follow_up-due_on": past.isoformat(), "follow_up-owner_id": str(user.id)})
    assert response.status_code == 422
    assert "Say what is to be done." in _field_errors(response.get_data(as_text=True), "follow_up-text")
    response = client.post(f"/staff/employers/{acme.id}/follow-ups", data={
        "follow_up-text": "Call back", "follow_up-due_on": past.isoformat(), "follow_up-owner_id": str(user.id)})
    assert response.status_code == 422
    assert "The due date has passed" in _field_errors(response.get_data(as_text=True), "follow_up-due_on")
    assert db.session.query(FollowUp).count() == 0


def test_an_unknown_owner_shows_its_error_next_to_the_field(client, login, acme):
    login(Role.staff)
    response = client.post(f"/staff/employers/{acme.id}/owner", data={"owner-owner_id": "999999"})
    assert response.status_code == 422
    assert _field_errors(response.get_data(as_text=True), "owner-owner_id")
    assert acme.owner is None


def test_an_invalid_contact_edit_shows_its_error_next_to_the_field(client, login, acme):
    login(Role.staff)
    ada = acme.contacts[0]
    response = client.post(f"/staff/contacts/{ada.id}/edit", data={"name": "", "email": "ada@acme.example"})
    assert response.status_code == 422
    assert _field_errors(response.get_data(as_text=True), "name")
    assert ada.name == "Ada Lovelace"


def test_the_employer_page_loads_only_the_latest_activities(client, login, acme):
    staff = login(Role.staff)
    client.get(f"/staff/employers/{acme.id}")  # warm up
    with counting_queries() as few:
        html = client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    assert "Show all activities" not in html
    for n in range(50):
        ActivityFactory(employer=acme, staff=staff, notes=f"Activity number {n:02d}",
                        contact=factories.ContactFactory(employer=acme) if n % 10 == 0 else None)
    with counting_queries() as many:
        html = client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    assert many.count == few.count
    activity_queries = [q for q in many.statements if "FROM employer_activities" in q]
    assert activity_queries and all("LIMIT" in q for q in activity_queries), activity_queries
    shown = set(re.findall(r"Activity number (\d\d)", html))
    assert len(shown) == RECENT_ACTIVITIES  # the table and the timeline show the same latest ten
    assert "Show all activities" in html and f"/staff/activities?employer_id={acme.id}" in html


def test_the_crm_forms_have_pages_of_their_own_linked_from_the_employer_page(client, login, acme):
    login(Role.staff)
    html = client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    for path, field in (("activities", "activity-kind"), ("follow-ups", "follow_up-due_on"),
                        ("owner", "owner-owner_id")):
        assert f'href="/staff/employers/{acme.id}/{path}"' in html, path
        page = client.get(f"/staff/employers/{acme.id}/{path}")
        assert page.status_code == 200 and f'name="{field}"' in page.get_data(as_text=True)
    assert 'name="activity-kind"' not in html and "Relationship manager: <strong>Nobody</strong>" in html


def test_the_employer_page_shows_the_latest_events_and_links_to_all_of_them(client, login, acme):
    staff = login(Role.staff)
    client.get(f"/staff/employers/{acme.id}")  # warm up
    with counting_queries() as few:
        client.get(f"/staff/employers/{acme.id}/timeline")
    for n in range(40):
        ActivityFactory(employer=acme, staff=staff, notes=f"Event number {n:02d}")
    with counting_queries() as many:
        html = client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    timeline = html[html.index('id="timeline"'):]
    assert timeline.count("timeline__event ") == RECENT_EVENTS
    total = 40 + 2  # the activities, the interview and the hiring need of acme
    assert f'href="/staff/employers/{acme.id}/timeline">All activity ({total})</a>' in timeline
    first = client.get(f"/staff/employers/{acme.id}/timeline").get_data(as_text=True)
    assert first.count("timeline__event ") == TIMELINE_PER_PAGE and f"of {total}" in first
    with counting_queries() as paged:
        second = client.get(f"/staff/employers/{acme.id}/timeline?page=2").get_data(as_text=True)
    assert second.count("timeline__event ") == total - TIMELINE_PER_PAGE
    assert paged.count == few.count and many.count > 0
