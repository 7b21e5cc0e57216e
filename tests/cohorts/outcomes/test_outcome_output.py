"""The outcome measures' numbers, JSON shape, errors, the flask outcomes command, and a property."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from cohorts.models import EnrolmentStatus
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.measures import (
    COHORT_KEYS,
    PROGRAMME_KEYS,
    UnknownMeasureError,
    cohort_outcomes,
    exact_rate,
    json_median,
    outcome_people,
)
from tests import factories as f
from tests.cohorts.outcomes.builders import LATER, E, cohort, days, enrol, place

# --- numbers, shape, errors -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("numerator", "denominator", "expected"),
    [(1, 32, 0.0312), (3, 32, 0.0938), (5, 32, 0.1562), (1, 20000, 0.0), (3, 20000, 0.0002),
     (2, 3, 0.6667), (0, 5, 0.0), (5, 5, 1.0), (0, 0, None)],
)
def test_rates_round_half_to_even_on_the_exact_fraction(numerator, denominator, expected):
    assert exact_rate(numerator, denominator) == expected


def test_medians_are_whole_numbers_when_they_can_be():
    assert json_median([]) is None
    assert json_median([7]) == 7 and isinstance(json_median([7]), int)
    assert json_median([3, 1, 2, 10]) == 2.5
    assert isinstance(json_median([1, 3]), int)


SPEC_EMPTY_PROGRAMME = {
    "starters": 0, "excluded": 0, "completers": 0, "completion_rate": None,
    "job_seeking_completers": 0, "placed_90": 0, "placement_rate_90": None,
    "placed_180": 0, "placement_rate_180": None, "window_closed_90": True,
    "window_closed_180": True, "in_field_rate_180": None,
    "median_days_to_placement": None, "median_salary": None,
    "retention_90": {"due": 0, "retained": 0, "not_retained": 0, "unknown": 0, "rate": None},
    "retention_180": {"due": 0, "retained": 0, "not_retained": 0, "unknown": 0, "rate": None},
    "attendance_rate": None, "co_delivery_share": None,
    "openings": 0, "openings_filled": 0, "fill_rate": None,
    "hiring_partners": 0, "repeat_partners": 0, "repeat_employer_rate": None,
}

#: the "beyond_180" addition (docs/OUTCOMES.md, "Beyond 180 days") with no data
BEYOND_EMPTY = {"programme": {
    "window_closed_365": True,
    "retention_365": {"due": 0, "retained": 0, "not_retained": 0, "unknown": 0, "rate": None},
    "salary_reported_26w": 0, "median_salary_change_26w": None,
    "salary_reported_52w": 0, "median_salary_change_52w": None,
}, "cohorts": {}}


def test_json_shape_matches_the_spec_example_with_no_data():
    result = cohort_outcomes(date(2026, 6, 30))
    assert json.loads(json.dumps(result)) == {"as_of": "2026-06-30", "programme": SPEC_EMPTY_PROGRAMME, "cohorts": {},
                                              "beyond_180": BEYOND_EMPTY}
    assert list(result) == ["as_of", "programme", "cohorts", "beyond_180"]
    assert list(result["programme"]) == list(SPEC_EMPTY_PROGRAMME)


def test_json_keys_and_types_per_cohort():
    c = cohort()
    place(enrol(c), c, E + days(3))
    result = cohort_outcomes(LATER)
    assert list(result["cohorts"]) == [c.code]
    figures_ = result["cohorts"][c.code]
    assert tuple(figures_) == COHORT_KEYS
    assert tuple(result["programme"]) == PROGRAMME_KEYS
    assert list(figures_["retention_90"]) == ["due", "retained", "not_retained", "unknown", "rate"]
    for key in ("starters", "placed_90", "openings"):
        assert type(figures_[key]) is int
    assert type(figures_["window_closed_90"]) is bool
    json.dumps(result)  # plain JSON types only (no numpy scalars)


def test_an_unknown_cohort_code_is_a_clear_error():
    cohort("T-01")
    with pytest.raises(UnknownCohortError, match="NOPE"):
        cohort_outcomes(LATER, ["T-01", "NOPE"])
    with pytest.raises(UnknownMeasureError):
        outcome_people(LATER, "bogus")


def test_the_people_behind_a_number():
    c = cohort()
    placed = enrol(c)
    placement = place(placed, c, E + days(3))
    waiting = enrol(c)
    people = outcome_people(LATER, "placed_180", [c.code])
    assert [(p.participant_id, p.placement_id) for p in people] == [(placed.id, placement.id)]
    seekers = {p.participant_id for p in outcome_people(LATER, "job_seeking_completers", [c.code])}
    assert seekers == {placed.id, waiting.id}
    assert [p.participant_id for p in outcome_people(LATER, "retention_90_unknown")] == [placed.id]


def test_query_count_does_not_grow_with_the_data(count_queries):
    c = cohort()
    place(enrol(c), c, E + days(3))
    with count_queries() as small:
        cohort_outcomes(LATER)
    for index in range(4):
        more = cohort(f"T-1{index}")
        for _ in range(3):
            person = enrol(more)
            f.RetentionCheckFactory(placement=place(person, more, E + days(5)))
            f.AttendanceFactory(session=f.CohortSessionFactory(cohort=more), participant=person)
    with count_queries() as large:
        result = cohort_outcomes(LATER)
    assert len(result["cohorts"]) == 5
    # the outcomes stamp, the kept parts read and stored, and for the stale cohorts the spec's 3 and
    # 3 for "beyond_180"
    assert large.count == small.count == 9


# --- the command ----------------------------------------------------------------------------


def test_cli_prints_one_json_object(app):
    c = cohort("CLI-01")
    place(enrol(c), c, E + days(3))
    result = app.test_cli_runner().invoke(args=["outcomes", "--format", "json", "--as-of", "2027-06-30"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["as_of"] == "2027-06-30"
    assert data["cohorts"]["CLI-01"]["placed_90"] == 1
    assert tuple(data["programme"]) == PROGRAMME_KEYS


def test_cli_csv_and_table_and_cohort_filter(app):
    cohort("CLI-01")
    cohort("CLI-02")
    runner = app.test_cli_runner()
    csv_out = runner.invoke(args=["outcomes", "--format", "csv", "--cohort", "CLI-02"]).output
    lines = csv_out.strip().splitlines()
    assert lines[0].startswith("scope,as_of,starters,excluded")
    assert "retention_90_due" in lines[0] and "repeat_employer_rate" in lines[0]
    assert [line.split(",")[0] for line in lines[1:]] == ["CLI-02", "programme"]
    table = runner.invoke(args=["outcomes", "--cohort", "CLI-01", "--as-of", "2026-06-30"]).output
    assert "Outcomes as of 2026-06-30" in table and "placement_rate_180" in table and "CLI-01" in table


def test_cli_refuses_an_unknown_cohort(app):
    result = app.test_cli_runner().invoke(args=["outcomes", "--cohort", "NOPE"])
    assert result.exit_code == 1
    assert "Unknown cohort code: NOPE" in result.output


# --- a property: the programme is the sum of its cohorts ------------------------------------

cohort_shapes = st.lists(
    st.tuples(st.integers(0, 4), st.integers(0, 4), st.integers(0, 3)), min_size=1, max_size=3
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(shapes=cohort_shapes)
def test_programme_rates_equal_the_rate_of_summed_counts(shapes):
    savepoint = db.session.begin_nested()
    try:
        codes = []
        for index, (placed, waiting, not_started) in enumerate(shapes):
            c = cohort(f"P-{index}")
            codes.append(c.code)
            for _ in range(placed):
                place(enrol(c), c, E + days(index * 40))
            for _ in range(waiting):
                enrol(c)
            for _ in range(not_started):
                enrol(c, EnrolmentStatus.withdrawn)
        result = cohort_outcomes(LATER, codes)
        cohorts = result["cohorts"].values()
        programme = result["programme"]
        for key, numerator, denominator in [
            ("placement_rate_90", "placed_90", "job_seeking_completers"),
            ("placement_rate_180", "placed_180", "job_seeking_completers"),
            ("completion_rate", "completers", "starters"),
        ]:
            summed = (sum(x[numerator] for x in cohorts), sum(x[denominator] for x in cohorts))
            assert programme[numerator] == summed[0] and programme[denominator] == summed[1]
            assert programme[key] == exact_rate(*summed)
            for scope in [programme, *cohorts]:
                assert scope[key] is None or 0 <= scope[key] <= 1
    finally:
        savepoint.rollback()
