"""Interviews guaranteed vs given per consortium employer, on the cohort page and its dashboard."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from cohorts.design.queries import interview_commitments
from cohorts.models import InterviewAttendance
from tests import factories as f


@pytest.fixture
def world():
    cohort = f.CohortFactory(code="GV-1")
    northwind, acme = f.EmployerFactory(name="Northwind"), f.EmployerFactory(name="Acme")
    f.ConsortiumMemberFactory(cohort=cohort, employer=northwind, interviews_guaranteed=3)
    f.ConsortiumMemberFactory(cohort=cohort, employer=acme, interviews_guaranteed=2)
    day = f.InterviewDayFactory(employer=northwind)
    for attendance in (InterviewAttendance.attended, InterviewAttendance.no_show, None):
        candidacy = f.CandidacyFactory(hiring_need=day.hiring_need, cohort=cohort)
        f.InterviewSlotFactory(day=day, candidacy=candidacy, attendance=attendance)
    f.InterviewSlotFactory(day=day)  # attended, but a candidacy of no cohort: not this cohort's
    db.session.flush()
    return {"cohort": cohort, "northwind": northwind, "acme": acme, "day": day}


def test_given_counts_attended_interviews_of_the_cohorts_candidacies(world):
    rows = interview_commitments(world["cohort"].id)
    assert [(r.employer_name, r.guaranteed, r.given) for r in rows] == [("Acme", 2, 0), ("Northwind", 3, 1)]


def test_the_count_is_one_query_however_many_interviews(world, count_queries):
    with count_queries() as few:
        interview_commitments(world["cohort"].id)
    for _ in range(3):
        f.InterviewSlotFactory(day=world["day"], candidacy=f.CandidacyFactory(
            hiring_need=world["day"].hiring_need, cohort=world["cohort"]))
    db.session.flush()
    with count_queries() as many:
        rows = interview_commitments(world["cohort"].id)
    assert few.count == many.count == 1 and rows[1].given == 4


def test_the_cohort_page_and_dashboard_show_given_of_guaranteed(client, login, world):
    login(Role.staff)
    detail = client.get(f"/staff/cohorts/{world['cohort'].id}").get_data(as_text=True)
    assert "Interviews given" in detail and "1 of 3" in detail and "0 of 2" in detail
    dashboard = client.get(f"/staff/cohorts/{world['cohort'].id}/outcomes")
    assert dashboard.status_code == 200
    html = dashboard.get_data(as_text=True)
    assert "Interviews guaranteed and given" in html and "1 of 3" in html


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_other_roles_cannot_open_the_staff_pages(client, login, world, role):
    login(role)
    assert client.get(f"/staff/cohorts/{world['cohort'].id}/outcomes").status_code in (403, 404)
