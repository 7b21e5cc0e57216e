"""Regressions for the 500s the fuzzers found, pinned as plain examples."""

from __future__ import annotations

import zipfile

from sqlalchemy import func, select

from app.extensions import db
from app.models import Role
from cohorts.models import Programme
from cohorts.workbook.services import import_workbook
from employers.models import InterviewFormat
from tests import factories as f


def test_a_second_contact_without_email_is_refused_not_a_crash(client, login):
    user = login(Role.employer)
    for expected in (302, 200):
        response = client.post("/employer/profile/contacts/new", data={"name": "Sam", "email": " "})
        assert response.status_code == expected
    assert "without an email address" in response.get_data(as_text=True)
    assert len(user.employer.contacts) == 1


def test_an_employer_name_sqlite_cannot_lower_is_still_unique(client, login):
    login(Role.staff)
    assert client.post("/staff/employers/new", data={"name": "İstanbul Ltd"}).status_code == 302
    again = client.post("/staff/employers/new", data={"name": "İstanbul Ltd"})
    assert again.status_code == 200 and "already registered" in again.get_data(as_text=True)


def test_a_programme_name_sqlite_cannot_lower_is_still_unique(client, login):
    login(Role.staff)
    assert client.post("/staff/programmes/new", data={"name": "Ésthétique", "time_zone": "Europe/London", "currency": "GBP", "salary_min": "5000", "salary_max": "500000"}).status_code == 302
    again = client.post("/staff/programmes/new", data={"name": "Ésthétique", "time_zone": "Europe/London", "currency": "GBP", "salary_min": "5000", "salary_max": "500000"})
    assert again.status_code == 200
    assert "A programme called “Ésthétique” already exists." in again.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(Programme)) == 1


def test_editing_an_interview_without_the_tags_field(client, login):
    login(Role.staff)
    interview = f.DiscoveryInterviewFactory(pain_points=["slow hiring"], format=InterviewFormat.video)
    assert client.post(f"/staff/interviews/{interview.id}/edit", data={}).status_code < 500


def test_a_csv_whose_first_line_is_empty(tmp_path):
    path = tmp_path / "book.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("employers.csv", "\n0")
    result = import_workbook(path)
    assert not result.ok and any("header" in str(e) for e in result.errors)
