"""Outcomes beyond 180 days, rule by rule (docs/OUTCOMES.md, "Beyond 180 days")."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, time

from app.extensions import db
from cohorts.models import CheckIn, CheckInChannel, JobEndReason, LaterJob, WorkStatus
from cohorts.outcomes.beyond import BEYOND_KEYS, median_change
from cohorts.outcomes.measures import COHORT_KEYS, PROGRAMME_KEYS, cohort_outcomes
from tests.cohorts.outcomes.builders import E, cohort, days, enrol, place

START = E + days(10)
D = START + days(365)  # the 365-day mark of a placement starting on START
AS_OF = D + days(30)


def answered(placement, week: int, on: date, status=WorkStatus.same_job, salary=None) -> CheckIn:
    check_in = CheckIn(placement=placement, participant=placement.participant, week=week,
                       due_on=placement.start_date + days(7 * week),
                       answered_at=datetime.combine(on, time(12), tzinfo=UTC), channel=CheckInChannel.portal,
                       work_status=status,
                       annual_salary=salary)
    db.session.add(check_in)
    db.session.flush()
    return check_in


def later_job(participant, started: date, ended: date | None = None) -> LaterJob:
    job = LaterJob(participant=participant, role_title="Analyst", employer_name="Elsewhere Ltd", started_on=started,
                   ended_on=ended, end_reason=JobEndReason.resigned if ended else None)
    db.session.add(job)
    db.session.flush()
    return job


def placed(c, **fields):
    return place(enrol(c), c, START, **fields)


def beyond(c, as_of=AS_OF) -> dict:
    return cohort_outcomes(as_of, [c.code])["beyond_180"]["cohorts"][c.code]


def retention(c, as_of=AS_OF) -> dict:
    return beyond(c, as_of)["retention_365"]


def test_keys_and_a_cohort_with_nothing_due():
    c = cohort()
    placed(c)
    result = cohort_outcomes(D - days(1), [c.code])
    assert list(result["beyond_180"]) == ["programme", "cohorts"]
    assert tuple(result["beyond_180"]["cohorts"][c.code]) == BEYOND_KEYS
    assert result["beyond_180"]["cohorts"][c.code]["retention_365"] == {
        "due": 0, "retained": 0, "not_retained": 0, "unknown": 0, "rate": None}


def test_the_existing_keys_are_unchanged_and_only_beyond_180_is_added():
    c = cohort()
    placement = placed(c)
    answered(placement, 52, D, salary=60000)
    result = cohort_outcomes(AS_OF, [c.code])
    assert list(result) == ["as_of", "programme", "cohorts", "beyond_180"]
    assert tuple(result["programme"]) == PROGRAMME_KEYS
    assert tuple(result["cohorts"][c.code]) == COHORT_KEYS
    # the spec's figures are what they were before the addition (a check-in changes none of them)
    db.session.delete(db.session.scalars(db.select(CheckIn)).one())
    db.session.flush()
    without = cohort_outcomes(AS_OF, [c.code])
    assert json.dumps({k: result[k] for k in ("as_of", "programme", "cohorts")}) == json.dumps(
        {k: without[k] for k in ("as_of", "programme", "cohorts")})


def test_a_check_in_answered_on_d_exactly_is_evidence():
    c = cohort()
    answered(placed(c), 52, D)
    assert retention(c) == {"due": 1, "retained": 1, "not_retained": 0, "unknown": 0, "rate": 1.0}


def test_a_check_in_answered_the_day_before_d_is_not_evidence():
    c = cohort()
    answered(placed(c), 52, D - days(1))
    assert retention(c)["unknown"] == 1


def test_a_check_in_answered_after_as_of_is_ignored():
    c = cohort()
    answered(placed(c), 52, AS_OF + days(1))
    assert retention(c)["unknown"] == 1
    assert retention(c, AS_OF + days(1))["retained"] == 1


def test_a_new_job_check_in_is_evidence_and_not_working_is_not_retained():
    c = cohort()
    answered(placed(c), 52, D + days(2), status=WorkStatus.new_job)
    answered(placed(c), 52, D + days(2), status=WorkStatus.not_working)
    assert retention(c) == {"due": 2, "retained": 1, "not_retained": 1, "unknown": 0, "rate": 0.5}


def test_a_placement_ended_on_d_is_not_retained_and_after_d_is_retained():
    c = cohort()
    placed(c, ended_on=D, end_reason=JobEndReason.resigned)
    placed(c, ended_on=D + days(1), end_reason=JobEndReason.resigned)
    placed(c, ended_on=AS_OF + days(1), end_reason=JobEndReason.resigned)  # not yet ended at as-of: unknown
    assert retention(c) == {"due": 3, "retained": 1, "not_retained": 1, "unknown": 1, "rate": 0.3333}


def test_a_later_job_covering_d_is_evidence_even_after_the_placement_ended():
    c = cohort()
    first = placed(c, ended_on=START + days(100), end_reason=JobEndReason.moved_job)
    later_job(first.participant, START + days(100), ended=D)  # ends on D: still covers it
    second = placed(c, ended_on=START + days(100), end_reason=JobEndReason.moved_job)
    later_job(second.participant, START + days(100), ended=D - days(1))  # ended before D
    third = placed(c)
    later_job(third.participant, D + days(1))  # starts after D
    assert retention(c) == {"due": 3, "retained": 1, "not_retained": 1, "unknown": 1, "rate": 0.3333}


def test_salary_change_medians_of_an_even_count_and_the_week_cut():
    c = cohort()
    for salary, reported in ((40000, 44000), (50000, 51000)):  # +10 %, +2 %: median 6 %
        answered(placed(c, annual_salary=salary), 26, START + days(182), salary=reported)
    answered(placed(c, annual_salary=None), 26, START + days(182), salary=30000)  # no starting salary
    answered(placed(c), 26, AS_OF + days(1), salary=90000)  # answered after as-of
    answered(placed(c, annual_salary=30000), 52, D, salary=29000)  # −1/30
    figures = beyond(c)
    assert figures["salary_reported_26w"] == 2 and figures["median_salary_change_26w"] == 0.06
    assert figures["salary_reported_52w"] == 1 and figures["median_salary_change_52w"] == -0.0333


def test_median_change_rounds_half_to_even_exactly():
    from fractions import Fraction
    assert median_change([Fraction(1, 32)]) == 0.0312
    assert median_change([Fraction(3, 32)]) == 0.0938
    assert median_change([]) is None


def test_the_programme_sums_counts_pools_medians_and_needs_every_window_closed():
    old, recent = cohort("B-01"), cohort("B-02", ends_on=E + days(200))
    answered(placed(old, annual_salary=40000), 26, START + days(182), salary=48000)  # +20 %
    placed(old, ended_on=D - days(5), end_reason=JobEndReason.dismissed)
    answered(place(enrol(recent), recent, START, annual_salary=40000), 26, START + days(182), salary=40000)
    result = cohort_outcomes(E + days(546), [old.code, recent.code])["beyond_180"]
    assert result["cohorts"][old.code]["window_closed_365"] is True
    assert result["cohorts"][recent.code]["window_closed_365"] is False
    programme = result["programme"]
    assert programme["window_closed_365"] is False
    assert programme["retention_365"] == {"due": 3, "retained": 0, "not_retained": 1, "unknown": 2, "rate": 0.0}
    assert programme["salary_reported_26w"] == 2 and programme["median_salary_change_26w"] == 0.1


def test_the_window_closes_on_e_plus_545_days():
    c = cohort()
    assert beyond(c, E + days(544))["window_closed_365"] is False
    assert beyond(c, E + days(545))["window_closed_365"] is True


def test_a_voided_placement_is_never_counted():
    c = cohort()
    placement = placed(c)
    answered(placement, 52, D)
    placement.voided_at = datetime(2026, 4, 1, tzinfo=UTC)
    db.session.flush()
    assert retention(c)["due"] == 0


def test_query_count_is_flat_as_placements_grow(count_queries):
    c = cohort()
    answered(placed(c), 52, D)
    with count_queries() as small:
        cohort_outcomes(AS_OF)
    for index in range(3):
        more = cohort(f"B-1{index}")
        for _ in range(3):
            placement = placed(more)
            answered(placement, 26, START + days(182), salary=60000)
            later_job(placement.participant, D)
    with count_queries() as large:
        cohort_outcomes(AS_OF)
    assert large.count == small.count
