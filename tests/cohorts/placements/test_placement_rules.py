"""Placements a programme can stand behind: impossible terms refused, openings respected,
corrections audited, voids taken out of every count."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.models import CandidacyStage, EnrolmentStatus, Placement, placement_term_problems
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.placements.corrections import correct_placement, void_placement
from cohorts.placements.services import record_placement
from employers.models import HiringNeedStatus
from tests import factories as f

ENROLLED = date(2026, 1, 5)


@pytest.fixture
def world():
    """A need with two openings, covered by a CAD cohort with two consenting participants at offer."""
    employer = f.EmployerFactory()
    need = f.HiringNeedFactory(employer=employer, openings=2, status=HiringNeedStatus.open)
    programme = f.ProgrammeFactory(currency="CAD", salary_min=20_000, salary_max=200_000)
    cohort = f.CohortFactory(programme=programme, starts_on=ENROLLED, ends_on=ENROLLED + timedelta(days=56))
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    offers = []
    for _ in range(3):
        participant = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED,
                                         status=EnrolmentStatus.completed).participant
        offers.append(f.CandidacyFactory(participant=participant, hiring_need=need, cohort=cohort,
                                         stage=CandidacyStage.offer,
                                         introduced_at=datetime(2026, 3, 1, tzinfo=UTC)))
    return employer, need, cohort, offers


def hire(candidacy, **terms):
    return record_placement(candidacy, actor=None, **({"start_date": date(2026, 4, 1)} | terms))


@pytest.mark.parametrize("terms, field", [
    ({"offer_accepted_on": date(2026, 4, 2)}, "offer_accepted_on"),
    ({"start_date": date(2026, 1, 4)}, "start_date"),
    ({"hours_per_week": 0.5}, "hours_per_week"),
    ({"hours_per_week": 81}, "hours_per_week"),
    ({"annual_salary": 5_200}, "annual_salary"),
    ({"annual_salary": 5_200_000}, "annual_salary"),
])
def test_impossible_terms_are_refused_next_to_their_field(world, terms, field):
    *_, offers = world
    with pytest.raises(CohortRuleError) as refused:
        hire(offers[0], **terms)
    assert refused.value.field == field
    assert db.session.scalar(sa.select(sa.func.count(Placement.id))) == 0


def test_every_problem_is_reported_at_once():
    problems = placement_term_problems(
        start_date=date(2026, 4, 1), offer_accepted_on=date(2026, 4, 9), enrolled_on=date(2026, 1, 5),
        hours_per_week=100, annual_salary=1, salary_range=(5_000, 500_000), currency="CAD")
    assert [field for field, _ in problems] == ["offer_accepted_on", "hours_per_week", "annual_salary"]
    assert "between 5,000 and 500,000 CAD" in problems[-1][1]


def test_edge_terms_are_accepted(world):
    *_, offers = world
    placement = hire(offers[0], offer_accepted_on=date(2026, 4, 1), hours_per_week=80, annual_salary=20_000)
    assert placement.hours_per_week == 80


def test_the_employer_form_shows_each_refusal_next_to_its_field(client, login, world):
    employer, *_, offers = world
    login(Role.employer, employer=employer)
    response = client.post(f"/employer/candidates/{offers[0].id}/hire", data={
        "hire-offer_accepted_on": "2026-04-09", "hire-start_date": "2026-04-01", "hire-annual_salary": "520",
        "hire-hours_per_week": "90", "hire-employment_type": "permanent"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    for field in ("offer_accepted_on", "annual_salary", "hours_per_week"):
        assert f'id="hire-{field}-errors"' in page
    assert "Annual salary (CAD)" in page


def test_a_hire_beyond_the_openings_is_refused_and_the_full_need_is_filled(world):
    _, need, _, offers = world
    hire(offers[0])
    assert need.status == HiringNeedStatus.open
    hire(offers[1])
    assert need.status == HiringNeedStatus.filled
    with pytest.raises(CohortRuleError, match="2 of 2 openings filled"):
        hire(offers[2])


def test_the_employer_sees_how_many_openings_are_filled(client, login, world):
    employer, need, _, offers = world
    hire(offers[0])
    login(Role.employer, employer=employer)
    assert "1 of 2 filled" in client.get("/employer/hiring-needs").get_data(as_text=True)
    assert "1 of 2 filled" in client.get(f"/employer/hiring-needs/{need.id}").get_data(as_text=True)


def test_a_correction_is_checked_versioned_and_audited(world):
    *_, offers = world
    placement = hire(offers[0], annual_salary=50_000)
    version = placement.version
    correct_placement(placement, None, annual_salary=52_000, role_title="Account executive")
    assert placement.version == version + 1
    event = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action == "corrected")).one()
    assert event.changes["annual_salary"] == [50_000, 52_000]
    with pytest.raises(CohortRuleError, match="between 20,000 and 200,000"):
        correct_placement(placement, None, annual_salary=2_000_000)


def test_moving_the_start_date_moves_the_retention_checks(world):
    *_, offers = world
    placement = hire(offers[0])
    correct_placement(placement, None, start_date=date(2026, 5, 1))
    assert [c.due_on for c in placement.retention_checks] == [date(2026, 7, 30), date(2026, 10, 28)]


def test_staff_correct_through_the_form_and_a_stale_form_is_refused(client, login, world):
    *_, offers = world
    placement = hire(offers[0], annual_salary=50_000)
    db.session.commit()
    login(Role.staff)
    page = client.get(f"/staff/placements/{placement.id}/correct").get_data(as_text=True)
    assert 'value="50000"' in page
    data = {"role_title": "Sales rep", "start_date": "2026-04-01", "annual_salary": "51000",
            "employment_type": "permanent", "in_field": "y", "version": str(placement.version)}
    response = client.post(f"/staff/placements/{placement.id}/correct", data=data)
    assert response.status_code == 302
    stale = client.post(f"/staff/placements/{placement.id}/correct", data=data | {"annual_salary": "9"})
    assert stale.status_code == 422 and "Someone else changed this placement" in stale.get_data(as_text=True)
    refused = client.post(f"/staff/placements/{placement.id}/correct",
                          data=data | {"annual_salary": "9", "version": str(placement.version)})
    assert refused.status_code == 422 and 'id="annual_salary-errors"' in refused.get_data(as_text=True)


def test_a_void_needs_a_reason_and_leaves_every_count(world):
    employer, need, cohort, offers = world
    first, second = hire(offers[0]), hire(offers[1])
    assert need.status == HiringNeedStatus.filled
    with pytest.raises(CohortRuleError, match="Say why"):
        void_placement(first, "  ", None)
    void_placement(first, "Recorded for the wrong person", None)
    assert first.is_void and first.void_reason == "Recorded for the wrong person"
    assert offers[0].stage == CandidacyStage.offer and first.candidacy_id is None
    assert need.status == HiringNeedStatus.open
    db.session.commit()
    figures = cohort_outcomes(date(2026, 12, 31), [cohort.code])
    assert figures["cohorts"][cohort.code]["placed_180"] == 1  # of the two, only the standing one
    hire(offers[0])  # the hire can now be recorded again, correctly
    with pytest.raises(CohortRuleError, match="already voided"):
        void_placement(first, "again", None)


def test_a_voided_placement_leaves_the_employer_view_but_stays_with_staff(client, login, world):
    employer, need, _, offers = world
    placement = hire(offers[0])
    void_placement(placement, "Duplicate of another entry", None)
    db.session.commit()
    login(Role.employer, employer=employer)
    assert "0 of 2 filled" in client.get("/employer/hiring-needs").get_data(as_text=True)
    login(Role.staff)
    page = client.get(f"/staff/placements/{placement.id}").get_data(as_text=True)
    assert "Duplicate of another entry" in page and "Correct this placement" not in page
    assert client.get(f"/staff/placements/{placement.id}/correct").status_code == 404


def test_staff_void_through_the_form(client, login, world):
    *_, offers = world
    placement = hire(offers[0])
    db.session.commit()
    login(Role.staff)
    empty = client.post(f"/staff/placements/{placement.id}/void", data={"void-reason": ""})
    assert empty.status_code == 422 and "Say why" in empty.get_data(as_text=True)
    done = client.post(f"/staff/placements/{placement.id}/void", data={"void-reason": "Wrong person"})
    assert done.status_code == 302
    db.session.expire_all()
    assert db.session.get(Placement, placement.id).is_void


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_only_staff_correct_or_void(client, login, world, role):
    *_, offers = world
    placement = hire(offers[0])
    db.session.commit()
    login(role)
    assert client.get(f"/staff/placements/{placement.id}/correct").status_code in (403, 404)
    assert client.post(f"/staff/placements/{placement.id}/void", data={"void-reason": "x"}).status_code in (403, 404)


def test_the_retention_checks_list_exports_every_open_check_but_not_voided_ones(client, login, world):
    *_, offers = world
    standing = hire(offers[0], start_date=date(2026, 4, 1))
    voided = hire(offers[1], start_date=date(2026, 4, 1))
    void_placement(voided, "Duplicate", None)
    db.session.commit()
    login(Role.staff)
    page = client.get("/staff/retention-checks").get_data(as_text=True)
    assert "format=csv" in page and "format=xlsx" in page
    response = client.get("/staff/retention-checks?format=csv")
    assert response.mimetype == "text/csv"
    lines = response.get_data(as_text=True).splitlines()
    assert lines[0] == "state,due_on,day_mark,participant,email,employer,placement"
    assert any(standing.ref in line for line in lines) and not any(voided.ref in line for line in lines)
    login(Role.employer)
    assert client.get("/staff/retention-checks?format=csv").status_code in (403, 404)


def test_staff_record_a_hire_with_the_same_rules_as_the_employer(client, login, world):
    _, need, _, offers = world
    login(Role.staff)
    db.session.commit()  # a refused hire rolls back the request's session
    board = client.get(f"/staff/hiring-needs/{need.id}/candidates").get_data(as_text=True)
    assert f"/staff/candidacies/{offers[0].id}/hire" in board
    page = client.get(f"/staff/candidacies/{offers[0].id}/hire").get_data(as_text=True)
    assert "Annual salary (CAD)" in page
    refused = client.post(f"/staff/candidacies/{offers[0].id}/hire", data={
        "hire-start_date": "2026-04-01", "hire-hours_per_week": "0", "hire-employment_type": "permanent"})
    assert refused.status_code == 422 and 'id="hire-hours_per_week-errors"' in refused.get_data(as_text=True)
    done = client.post(f"/staff/candidacies/{offers[0].id}/hire", data={
        "hire-start_date": "2026-04-01", "hire-annual_salary": "52000", "hire-employment_type": "permanent"})
    assert done.status_code == 302 and "/staff/placements/" in done.location
    login(Role.employer)
    assert client.get(f"/staff/candidacies/{offers[1].id}/hire").status_code in (403, 404)
