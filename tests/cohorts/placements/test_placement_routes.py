"""Placement pages through HTTP: each role, each denial, bad input, and flat query counts."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from cohorts.models import Candidacy, CandidacyStage, Placement, RetentionCheck
from tests import factories as f
from tests.conftest import assert_query_count_flat

ENROLLED = date(2026, 1, 5)
INTRODUCED = datetime(2026, 3, 1, 10, tzinfo=UTC)


@pytest.fixture
def world():
    """A hiring need of one employer, covered by a cohort with one consenting participant."""
    employer = f.EmployerFactory()
    need = f.HiringNeedFactory(employer=employer)
    f.HiringNeedSkillFactory(hiring_need=need)
    cohort = f.CohortFactory(starts_on=ENROLLED, ends_on=ENROLLED + timedelta(days=56))
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    participant = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED).participant
    return employer, need, cohort, participant


def candidacy_at(world, stage: CandidacyStage, **fields) -> Candidacy:
    _, need, cohort, participant = world
    introduced = None if stage == CandidacyStage.shortlisted else INTRODUCED
    return f.CandidacyFactory(participant=participant, hiring_need=need, cohort=cohort, stage=stage,
                              introduced_at=introduced, **fields)


def staff_urls(world) -> list[str]:
    employer, need, cohort, participant = world
    placement = f.PlacementFactory(cohort=cohort, participant=participant)
    return [
        f"/staff/hiring-needs/{need.id}/matching", f"/staff/hiring-needs/{need.id}/candidates",
        f"/staff/employers/{employer.id}/candidates", f"/staff/employers/{employer.id}/placements",
        f"/staff/cohorts/{cohort.id}/candidates", f"/staff/participants/{participant.id}/matches",
        "/staff/placements", f"/staff/placements/{placement.id}", "/staff/retention-checks",
        "/staff/outcomes", f"/staff/cohorts/{cohort.id}/outcomes", "/staff/outcomes/people/placed_180",
    ]


# --- who may see what -------------------------------------------------------------------------


@pytest.mark.parametrize("role", [Role.staff, Role.admin])
def test_staff_and_admin_see_every_staff_page(client, login, world, role):
    login(role)
    for url in staff_urls(world):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_other_roles_are_refused_staff_pages(client, login, world, role):
    urls = staff_urls(world)
    login(role)
    for url in urls:
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client, world):
    for url in [*staff_urls(world), "/employer/candidates", "/employer/outcomes"]:
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


@pytest.mark.parametrize("role", [Role.staff, Role.participant])
def test_employer_pages_refuse_other_roles(client, login, world, role):
    candidacy = candidacy_at(world, CandidacyStage.introduced)
    login(role)
    for url in ["/employer/candidates", f"/employer/candidates/{candidacy.id}", "/employer/outcomes"]:
        assert client.get(url).status_code == 403, url


def test_employer_sees_only_introduced_consented_candidates_of_its_own_needs(client, login, world):
    employer, need, cohort, _ = world
    introduced = candidacy_at(world, CandidacyStage.interviewing)
    shortlisted = f.CandidacyFactory(hiring_need=need, cohort=cohort, stage=CandidacyStage.shortlisted)
    elsewhere = f.CandidacyFactory(stage=CandidacyStage.introduced, introduced_at=INTRODUCED)
    login(Role.employer, employer=employer)

    page = client.get("/employer/candidates").get_data(as_text=True)
    assert introduced.participant.full_name in page
    assert shortlisted.participant.full_name not in page
    assert elsewhere.participant.full_name not in page
    assert client.get(f"/employer/candidates/{introduced.id}").status_code == 200
    assert client.get(f"/employer/candidates/{shortlisted.id}").status_code == 404
    assert client.get(f"/employer/candidates/{elsewhere.id}").status_code == 404
    assert client.post(f"/employer/candidates/{elsewhere.id}/stage", data={"move-stage": "offer"}).status_code == 404

    introduced.participant.consent_to_share = False  # withdrawing consent hides them at once
    db.session.flush()
    assert introduced.participant.full_name not in client.get("/employer/candidates").get_data(as_text=True)
    assert client.get(f"/employer/candidates/{introduced.id}").status_code == 404


# --- staff: shortlist and introduce ---------------------------------------------------------------


def test_staff_shortlist_then_introduce(client, login, world):
    _, need, _, participant = world
    login(Role.staff)
    page = client.get(f"/staff/hiring-needs/{need.id}/matching").get_data(as_text=True)
    assert participant.full_name in page and "must-haves" in page
    client.post(f"/staff/hiring-needs/{need.id}/shortlist/{participant.id}")
    candidacy = db.session.scalar(sa.select(Candidacy).where(Candidacy.participant_id == participant.id))
    assert candidacy.stage == CandidacyStage.shortlisted
    response = client.post(f"/staff/candidacies/{candidacy.id}/introduce", follow_redirects=True)
    assert "is introduced to" in response.get_data(as_text=True)
    assert candidacy.stage == CandidacyStage.introduced


def test_introducing_without_consent_is_refused_with_a_message(client, login, world):
    _, need, _, participant = world
    participant.consent_to_share = False
    candidacy = candidacy_at(world, CandidacyStage.shortlisted)
    login(Role.staff)
    response = client.post(f"/staff/candidacies/{candidacy.id}/introduce", follow_redirects=True)
    assert "has not consented" in response.get_data(as_text=True)
    db.session.refresh(candidacy)
    assert candidacy.stage == CandidacyStage.shortlisted and candidacy.introduced_at is None


# --- employer: stages and the hire --------------------------------------------------------------


def test_employer_moves_a_candidate_with_feedback(client, login, world):
    employer = world[0]
    candidacy = candidacy_at(world, CandidacyStage.introduced)
    login(Role.employer, employer=employer)
    response = client.post(f"/employer/candidates/{candidacy.id}/stage",
                           data={"move-stage": "interviewing", "move-feedback": "Great first call."})
    assert response.status_code == 302
    assert candidacy.stage == CandidacyStage.interviewing and candidacy.employer_feedback == "Great first call."
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "is now at the interviewing stage." in page
    refused = client.post(f"/employer/candidates/{candidacy.id}/stage", data={"move-stage": "hired"})
    assert refused.status_code == 422 and candidacy.stage == CandidacyStage.interviewing


def test_employer_records_the_hire(client, login, world):
    employer = world[0]
    candidacy = candidacy_at(world, CandidacyStage.offer)
    login(Role.employer, employer=employer)
    response = client.post(f"/employer/candidates/{candidacy.id}/hire", data={
        "hire-offer_accepted_on": "2026-03-20", "hire-start_date": "2026-04-01",
        "hire-annual_salary": "52000", "hire-hours_per_week": "37.5",
        "hire-employment_type": "permanent", "hire-in_field": "y",
    })
    assert response.status_code == 302
    placement = db.session.scalar(sa.select(Placement).where(Placement.candidacy_id == candidacy.id))
    assert placement.annual_salary == 52000 and placement.employer_id == employer.id
    assert sorted(c.day_mark for c in placement.retention_checks) == [90, 180]
    again = client.post(f"/employer/candidates/{candidacy.id}/hire", data={"hire-start_date": "2026-05-01", "hire-employment_type": "permanent"})
    assert again.status_code == 422 and "already hired" in again.get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 1


def test_a_hire_dated_before_enrolment_is_refused_next_to_the_field(client, login, world):
    employer = world[0]
    candidacy = candidacy_at(world, CandidacyStage.offer)
    login(Role.employer, employer=employer)
    response = client.post(f"/employer/candidates/{candidacy.id}/hire", data={
        "hire-start_date": "2025-12-01", "hire-employment_type": "permanent"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="hire-start_date-errors"' in page and "before the participant enrolled" in page
    assert candidacy.stage == CandidacyStage.offer
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 0


def test_employer_outcomes_summarise_its_cohorts(client, login, world):
    employer, _, cohort, _ = world
    other = f.CohortFactory(code="NOT-MINE")
    login(Role.employer, employer=employer)
    page = client.get("/employer/outcomes").get_data(as_text=True)
    assert cohort.code in page and other.code not in page
    assert "/staff/outcomes/people" not in page  # the people behind numbers are for staff only


def test_employer_outcomes_commit_after_the_page_and_price_only_its_cohorts(client, login, world, count_queries):
    employer, _, cohort, _ = world
    f.CohortFactory(code="NOT-MINE")
    login(Role.employer, employer=employer)
    client.get("/employer/outcomes")  # the outcome parts computed and kept
    with count_queries() as ran:
        page = client.get("/employer/outcomes").get_data(as_text=True)
    assert cohort.code in page
    # the commit that keeps computed parts comes after the page, and nothing reads the user after it
    assert sum(bool(re.search(r"^\s*SELECT users\.id", statement)) for statement in ran.statements) == 1, ran
    currencies = [statement for statement in ran.statements if "programmes.currency" in statement]
    assert len(currencies) == 1 and "WHERE" in currencies[0], ran  # its cohorts' currencies, not every one's


# --- retention and dashboards ------------------------------------------------------------------


def test_a_retention_check_before_its_day_mark_is_refused(client, login):
    check = f.RetentionCheckFactory(placement=f.PlacementFactory(start_date=date.today() - timedelta(days=10)))
    login(Role.staff)
    response = client.post(f"/staff/retention-checks/{check.id}", data={
        f"check{check.id}-still_employed": "yes", f"check{check.id}-checked_on": date.today().isoformat()})
    assert response.status_code == 422
    assert "cannot be recorded before then" in response.get_data(as_text=True)
    db.session.refresh(check)
    assert check.checked_on is None


def test_staff_record_a_due_retention_check(client, login):
    placement = f.PlacementFactory(start_date=date.today() - timedelta(days=100))
    check = f.RetentionCheckFactory(placement=placement)
    login(Role.staff)
    assert placement.ref in client.get("/staff/retention-checks").get_data(as_text=True)
    response = client.post(f"/staff/retention-checks/{check.id}", data={
        f"check{check.id}-still_employed": "yes", f"check{check.id}-checked_on": date.today().isoformat(),
        f"check{check.id}-same_employer": "yes"})
    assert response.status_code == 302
    assert db.session.get(RetentionCheck, check.id).same_employer is True


def test_dashboards_link_numbers_to_people(client, login, world):
    _, _, cohort, participant = world
    f.PlacementFactory(cohort=cohort, participant=participant, start_date=cohort.ends_on + timedelta(days=5))
    participant.enrolments[0].status = "completed"
    db.session.flush()
    login(Role.staff)
    page = client.get(f"/staff/cohorts/{cohort.id}/outcomes").get_data(as_text=True)
    assert "/staff/outcomes/people/placed_180" in page and "<svg" in page
    assert "excluded from the counts" in page and "WIOA" not in page  # words for any programme's place
    people = client.get(f"/staff/outcomes/people/placed_180?cohort={cohort.code}").get_data(as_text=True)
    assert participant.full_name in people
    assert client.get("/staff/outcomes/people/nonsense").status_code == 404
    csv = client.get("/staff/outcomes?format=csv")
    assert csv.mimetype == "text/csv" and b"scope,as_of,starters" in csv.data


def test_the_programme_dashboard_pages_its_cohort_table(client, login, app):
    """Every cohort chosen is counted in the programme figures; the table shows a page of them."""
    programme = f.ProgrammeFactory()
    codes = sorted(f.CohortFactory(programme=programme, code=f"PG-{n:02}", starts_on=date(2025, 1, 6),
                                   ends_on=date(2025, 3, 28)).code for n in range(27))
    db.session.flush()
    login(Role.staff)
    per_page = app.config["ITEMS_PER_PAGE"]
    first = client.get("/staff/outcomes").get_data(as_text=True)
    second = client.get("/staff/outcomes?page=2").get_data(as_text=True)
    assert f">{codes[per_page - 1]}</a></th>" in first and f">{codes[per_page]}</a></th>" not in first
    assert f">{codes[per_page]}</a></th>" in second and f">{codes[0]}</a></th>" not in second
    assert f"of {len(codes)}" in first and 'rel="next"' in first
    # the download still has every cohort
    csv = client.get("/staff/outcomes?format=csv").get_data(as_text=True)
    assert all(code in csv for code in codes)


# --- query counts stay flat --------------------------------------------------------------------


def _grow(world, n: int = 4):
    employer, need, cohort, _ = world

    def grow():
        for _ in range(n):
            person = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED).participant
            f.SkillAssessmentFactory(participant=person)
            candidacy = f.CandidacyFactory(participant=person, hiring_need=need, cohort=cohort,
                                           stage=CandidacyStage.interviewing, introduced_at=INTRODUCED)
            placement = f.PlacementFactory(participant=person, cohort=cohort, employer=employer,
                                           hiring_need=need, candidacy=candidacy,
                                           start_date=date.today() - timedelta(days=95))
            f.RetentionCheckFactory(placement=placement)
        db.session.flush()

    return grow


@pytest.mark.parametrize("page", ["placements", "need_board", "cohort_board", "retention", "matching",
                                  "programme", "cohort_dashboard", "people"])
def test_staff_list_pages_run_a_flat_number_of_queries(client, login, world, page):
    _, need, cohort, _ = world
    urls = {
        "placements": "/staff/placements", "need_board": f"/staff/hiring-needs/{need.id}/candidates",
        "cohort_board": f"/staff/cohorts/{cohort.id}/candidates", "retention": "/staff/retention-checks",
        "matching": f"/staff/hiring-needs/{need.id}/matching", "programme": "/staff/outcomes",
        "cohort_dashboard": f"/staff/cohorts/{cohort.id}/outcomes",
        "people": f"/staff/outcomes/people/starters?cohort={cohort.code}",
    }
    _grow(world, 1)()
    login(Role.staff)
    grow = _grow(world)
    if page in ("programme", "cohort_dashboard"):
        # the first view after a write computes the written cohorts' kept parts again (a constant
        # number of queries too: tests/cohorts/outcomes/test_outcome_output.py); compare warm views
        grow = lambda grow=grow: (grow(), client.get(urls[page]))
    assert_query_count_flat(client, urls[page], grow)


def test_employer_candidates_run_a_flat_number_of_queries(client, login, world):
    _grow(world, 1)()
    login(Role.employer, employer=world[0])
    assert_query_count_flat(client, "/employer/candidates", _grow(world))
