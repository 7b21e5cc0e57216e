"""Input no page can mean gets a 400 or 404 with a message, never a 500 (found by fuzzing)."""

from __future__ import annotations

import pytest

from app.models import Role

HUGE = "9" * 25  # beyond 64 bits: drivers raise on it


@pytest.mark.parametrize("url", ["/staff/participants?q=%00", "/staff/cohorts?status=a%00b", "/staff/outcomes?%00=1"])
def test_a_nul_byte_in_the_query_is_refused(client, login, url):
    login(Role.staff)
    response = client.get(url)
    assert response.status_code == 400 and "NUL character" in response.get_data(as_text=True)


def test_a_nul_byte_in_a_form_is_refused(client):
    response = client.post("/login", data={"email": "a\x00b@example.test", "password": "x"})
    assert response.status_code == 400


@pytest.mark.parametrize("url", [f"/staff/participants/{HUGE}", f"/staff/cohorts/{HUGE}", f"/staff/hiring-needs/{HUGE}"])
def test_an_id_beyond_64_bits_is_not_found(client, login, url):
    login(Role.staff)
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("url", [f"/staff/cohorts?page={HUGE}", f"/staff/employers?page={HUGE}",
                                 f"/staff/placements?page={HUGE}", f"/staff/hiring-needs?page={HUGE}",
                                 f"/staff/participants?coach=-{HUGE}", f"/staff/caseload?coach=+{HUGE}"])
def test_a_page_number_beyond_64_bits_is_refused(client, login, url):
    login(Role.staff)
    response = client.get(url)
    assert response.status_code == 400 and "too large" in response.get_data(as_text=True)


@pytest.mark.parametrize("url", ["/staff/outcomes?as_of=9999-12-31", "/staff/outcomes?as_of=0001-01-01"])
def test_a_far_as_of_date_is_a_field_error_not_a_crash(client, login, url):
    login(Role.staff)
    response = client.get(url)
    assert response.status_code == 200 and "Enter a date between 1900 and 2199" in response.get_data(as_text=True)


def test_the_people_behind_a_number_fall_back_to_today_for_a_far_date(client, login):
    login(Role.staff)
    assert client.get("/staff/outcomes/people/starters?as_of=9999-12-31").status_code == 200


def test_a_far_date_in_the_audit_filter_is_ignored_with_a_message(client, login):
    login(Role.admin)
    response = client.get("/admin/audit?date_to=9999-12-31&date_from=9999-12-30")
    assert response.status_code == 200 and "Enter a date between 1900 and 2199" in response.get_data(as_text=True)


def test_a_far_date_in_a_form_is_refused_next_to_the_field(client, login):
    login(Role.staff)
    response = client.post("/staff/programmes/new", data={"name": "Far", "target_occupation": "", "description": "", "time_zone": "Europe/London", "currency": "GBP", "salary_min": "5000", "salary_max": "500000"})
    assert response.status_code == 302
    programme_id = int(response.headers["Location"].rstrip("/").rsplit("/", 1)[1])
    response = client.post("/staff/cohorts/new", data={
        "programme_id": programme_id, "code": "FAR-1", "name": "Far", "region": "", "starts_on": "2026-01-05",
        "ends_on": "9999-12-31", "capacity": "", "description": "",
    })
    assert response.status_code in (200, 422) and "Enter a date between 1900 and 2199" in response.get_data(as_text=True)


def test_a_page_so_far_its_offset_overflows_is_not_found(client, login):
    """?page=10**18 is within 64 bits, but (page - 1) × 25 rows is not."""
    login(Role.staff)
    response = client.get(f"/staff/cohorts?page={10**18}")
    assert response.status_code == 404 and "no such page" in response.get_data(as_text=True)


def test_a_long_number_ending_in_a_control_character_is_text_not_a_crash(client, login):
    """The whole-number pattern's \\s takes \\x1f, which int() refuses: such a value is plain text."""
    login(Role.staff)
    response = client.get("/staff/participants?q=1111111111111111111%1F")
    assert response.status_code == 200
