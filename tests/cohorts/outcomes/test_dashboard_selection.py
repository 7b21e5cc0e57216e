"""Honest dashboards: cohorts still in training are not counted as 0 % completion by default."""

from __future__ import annotations

from datetime import date

import pytest

from app.models import Role
from cohorts.models import EnrolmentStatus
from tests import factories as f

AS_OF = "2026-06-01"


@pytest.fixture
def cohorts():
    ended = f.CohortFactory(code="DONE-1", starts_on=date(2026, 1, 5), ends_on=date(2026, 3, 27))
    running = f.CohortFactory(code="RUN-1", starts_on=date(2026, 4, 6), ends_on=date(2026, 7, 31))
    for cohort in (ended, running):
        for _ in range(2):
            f.EnrolmentFactory(cohort=cohort, enrolled_on=cohort.starts_on,
                               status=EnrolmentStatus.completed if cohort is ended else EnrolmentStatus.enrolled)
    return ended, running


def test_by_default_the_programme_counts_only_cohorts_whose_training_has_ended(client, login, cohorts):
    login(Role.staff)
    page = client.get(f"/staff/outcomes?as_of={AS_OF}").get_data(as_text=True)
    assert "Cohorts whose training ended by 1 Jun 2026 (1)" in page and "Include every cohort" in page
    assert ">DONE-1</a>" in page and ">RUN-1</a>" not in page
    assert '<span class="stat__value">100.0%</span><span class="stat__label">completion rate' in page


def test_the_switch_counts_every_cohort_and_says_so(client, login, cohorts):
    login(Role.staff)
    page = client.get(f"/staff/outcomes?as_of={AS_OF}&scope=all").get_data(as_text=True)
    assert ">DONE-1</a>" in page and ">RUN-1</a>" in page
    assert "including those still in training" in page
    people = client.get(f"/staff/outcomes/people/starters?as_of={AS_OF}&scope=all").get_data(as_text=True)
    assert people.count("<tr>") == 5  # header + four starters


@pytest.mark.parametrize("query", ["cohort=%20", "cohort=", "cohort=&cohort=NOPE-9", "cohort=%20&cohort=DONE-1"])
def test_blank_or_unknown_cohort_codes_are_set_aside_not_a_crash(client, login, cohorts, query):
    # found by tests/fuzz: a blank first code made WTForms' Optional() clear the others' errors too
    login(Role.staff)
    response = client.get(f"/staff/outcomes?as_of={AS_OF}&{query}")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    if "NOPE-9" in query:
        assert "&#39;NOPE-9&#39; is not a valid choice" in page and ">DONE-1</a>" in page
    if "DONE-1" in query:
        assert ">DONE-1</a>" in page and ">RUN-1</a>" not in page


def test_a_cohort_in_training_shows_in_training_not_zero_completion(client, login, cohorts):
    _, running = cohorts
    login(Role.staff)
    page = client.get(f"/staff/cohorts/{running.id}/outcomes?as_of={AS_OF}").get_data(as_text=True)
    assert "In training until 31 Jul 2026" in page and "ended" not in page.split("<main", 1)[1]
    assert '<span class="stat__value">in training</span>' in page
    assert "0.0%</span><span class=\"stat__label\">completion rate" not in page


def test_an_ended_cohort_says_when_training_ended(client, login, cohorts):
    ended, _ = cohorts
    login(Role.staff)
    page = client.get(f"/staff/cohorts/{ended.id}/outcomes?as_of={AS_OF}").get_data(as_text=True)
    assert "Training ended 27 Mar 2026" in page


def test_the_machine_readable_outcomes_keep_every_cohort(app, cohorts):
    """`flask outcomes` and the JSON contract are unchanged: every cohort unless codes are given."""
    from cohorts.outcomes.measures import cohort_outcomes
    result = cohort_outcomes(date(2026, 6, 1))
    assert set(result["cohorts"]) == {"DONE-1", "RUN-1"}


def test_salaries_show_in_the_programmes_currency_and_never_mix(client, login, cohorts):
    ended, _ = cohorts
    ended.programme.currency = "CAD"
    other = f.CohortFactory(code="DONE-2", starts_on=date(2026, 1, 5), ends_on=date(2026, 3, 27),
                            programme=f.ProgrammeFactory(currency="EUR"))
    login(Role.staff)
    one = client.get(f"/staff/outcomes?as_of={AS_OF}&cohort=DONE-1").get_data(as_text=True)
    assert "different currencies" not in one
    both = client.get(f"/staff/outcomes?as_of={AS_OF}").get_data(as_text=True)
    assert ">DONE-2</a>" in both and "the cohorts pay in different currencies" in both
    assert other.programme.currency == "EUR"
