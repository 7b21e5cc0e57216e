"""The staff employer page shows the cohorts side: consortia, introduced candidates, placements."""

from __future__ import annotations

from app.models import Role
from cohorts.models import CandidacyStage
from tests import factories
from tests.conftest import assert_query_count_flat


def _employer_with_history():
    employer = factories.EmployerFactory(name="Northwind Test")
    cohort = factories.CohortFactory(code="EMP-01")
    factories.ConsortiumMemberFactory(cohort=cohort, employer=employer, co_delivery_sessions=3)
    need = factories.HiringNeedFactory(employer=employer, ref="HN-9001")
    introduced = factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.interviewing,
                                            participant=factories.ParticipantFactory(first_name="Ada", last_name="Visible"))
    factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.shortlisted,
                               participant=factories.ParticipantFactory(first_name="Bo", last_name="Internal"))
    factories.PlacementFactory(employer=employer, cohort=cohort, participant=introduced.participant, ref="PL-9001")
    return employer, need


def test_employer_page_shows_consortium_candidates_and_placements(client, login):
    employer, _ = _employer_with_history()
    login(Role.staff)
    html = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    assert "EMP-01" in html and "co-delivers 3 sessions" in html
    assert "Ada Visible" in html and "PL-9001" in html
    # a shortlist is internal: it is not something the employer has seen
    assert "Bo Internal" not in html


def test_employer_page_query_count_does_not_grow(client, login):
    employer, need = _employer_with_history()
    login(Role.staff)

    def grow():
        for _ in range(4):
            factories.CandidacyFactory(hiring_need=need, stage=CandidacyStage.introduced)
            factories.PlacementFactory(employer=employer)
            factories.ConsortiumMemberFactory(employer=employer)

    assert_query_count_flat(client, f"/staff/employers/{employer.id}", grow)
