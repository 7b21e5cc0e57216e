"""The measure's rules on plain rows, each with a hand-computed case, and properties the spec implies."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cohorts.learnability import measure as m
from cohorts.learnability.measure import Assessment, Attendance, Gain, Session

D = date(2026, 6, 30)


def at(day: int, hour: int = 9) -> datetime:
    return datetime(2026, 6, day, hour, tzinfo=UTC)


def sess(sid: int, start: datetime, hours: float | None, cohort: int = 1) -> Session:
    return Session(sid, cohort, start, None if hours is None else start + timedelta(hours=hours))


def figures(assessments, sessions, attendance, as_of=D, pid=1) -> dict:
    gains = m.skill_gains(assessments, as_of)
    time = m.total_time(m.attended_time(sessions, attendance, as_of))
    return m.participant_figures(gains.get(pid), time.get(pid, 0))


# --- numbers ----------------------------------------------------------------------------------


@pytest.mark.parametrize(("value", "expected"), [
    (Fraction(1, 20000), 0.0), (Fraction(3, 20000), 0.0002), (Fraction(2469, 20000), 0.1234),
    (Fraction(2471, 20000), 0.1236), (Fraction(-1, 3), -0.3333), (Fraction(2, 3), 0.6667), (5, 5.0), (None, None),
])
def test_numbers_round_half_to_even_at_four_places(value, expected):
    assert m.exact_number(value) == expected


@pytest.mark.parametrize(("value", "expected"), [
    (None, None), (Fraction(-5), "low"), (Fraction(0), "low"), (Fraction(999, 10000), "low"),
    (Fraction(1, 10), "medium"), (Fraction(2499, 10000), "medium"), (Fraction(1, 4), "high"), (Fraction(40), "high"),
])
def test_bands_take_the_bound_into_the_band_above(value, expected):
    assert m.band(value) == expected


# --- the rules, one hand-computed case each -------------------------------------------------------


def test_a_worked_example():
    # two skills +2 and +1 → 1.5; 3 h + 2.5 h = 5.5 h → 1.5 / (5.5 / 30) = 90/11 = 8.1818
    rows = [Assessment(1, 1, "baseline", 1, D), Assessment(1, 1, "exit", 3, D),
            Assessment(1, 2, "baseline", 2, D), Assessment(1, 2, "exit", 3, D)]
    sessions = [sess(1, at(1), 3), sess(2, at(2), 2.5)]
    got = figures(rows, sessions, [Attendance(1, 1, "present"), Attendance(1, 2, "present")])
    assert got == {"skills": 2, "mean_gain": 1.5, "attended_hours": 5.5, "learnability": 8.1818, "band": "high"}
    assert list(got) == list(m.PARTICIPANT_KEYS)


def test_a_negative_gain_gives_a_negative_learnability_in_the_low_band():
    rows = [Assessment(1, 1, "baseline", 3, D), Assessment(1, 1, "exit", 1, D)]
    got = figures(rows, [sess(1, at(1), 30)], [Attendance(1, 1, "present")])
    assert got == {"skills": 1, "mean_gain": -2.0, "attended_hours": 30.0, "learnability": -2.0, "band": "low"}


def test_a_skill_without_an_exit_assessment_is_not_assessed():
    rows = [Assessment(1, 1, "baseline", 1, D), Assessment(1, 2, "exit", 3, D)]
    got = figures(rows, [sess(1, at(1), 3)], [Attendance(1, 1, "present")])
    assert got == {"skills": 0, "mean_gain": None, "attended_hours": 3.0, "learnability": None, "band": None}


def test_no_attended_hours_leaves_learnability_undefined():
    rows = [Assessment(1, 1, "baseline", 1, None), Assessment(1, 1, "exit", 2, None)]  # undated counts
    got = figures(rows, [sess(1, at(1), 3)], [Attendance(1, 1, "absent")])
    assert got == {"skills": 1, "mean_gain": 1.0, "attended_hours": 0.0, "learnability": None, "band": None}


def test_late_counts_in_full_and_absent_or_excused_not_at_all():
    sessions = [sess(1, at(1), 2), sess(2, at(2), 2), sess(3, at(3), 2), sess(4, at(4), 2)]
    rows = [Attendance(1, 1, "present"), Attendance(1, 2, "late"), Attendance(1, 3, "absent"),
            Attendance(1, 4, "excused")]
    assert m.attended_time(sessions, rows, D) == {(1, 1): 4 * 3_600_000_000}


def test_sessions_after_the_as_of_date_do_not_count_but_that_day_does():
    sessions = [sess(1, at(30, 23), 2), sess(2, datetime(2026, 7, 1, 0, tzinfo=UTC), 5)]
    rows = [Attendance(1, 1, "present"), Attendance(1, 2, "present")]
    assert figures([], sessions, rows)["attended_hours"] == 2.0
    assert figures([], sessions, rows, as_of=date(2026, 7, 1))["attended_hours"] == 7.0


def test_a_session_without_an_end_counts_no_hours():
    sessions = [sess(1, at(1), None), sess(2, at(2), 1.25)]
    rows = [Attendance(1, 1, "present"), Attendance(1, 2, "present")]
    assert figures([], sessions, rows)["attended_hours"] == 1.25


def test_assessments_after_the_as_of_date_do_not_count():
    rows = [Assessment(1, 1, "baseline", 1, D), Assessment(1, 1, "exit", 4, date(2026, 7, 1))]
    assert m.skill_gains(rows, D) == {}
    assert m.skill_gains(rows, date(2026, 7, 1)) == {1: Gain(1, 3)}


def test_learnability_is_computed_from_unrounded_figures_then_rounded_once():
    # mean gain 1/3 (0.3333 shown) over 7 h: exact (1/3) / (7/30) = 10/7 = 1.428571… → 1.4286,
    # not 0.3333 / (7/30) = 1.42843 → 1.4284
    rows = [Assessment(1, k, stage, level, D) for k, (b, e) in enumerate(((0, 1), (1, 1), (2, 2)))
            for stage, level in (("baseline", b), ("exit", e))]
    got = figures(rows, [sess(1, at(1), 7)], [Attendance(1, 1, "present")])
    assert got["mean_gain"] == 0.3333 and got["learnability"] == 1.4286


def test_attended_hours_round_at_four_places():
    sessions = [Session(1, 1, at(1), at(1) + timedelta(seconds=1))]
    assert figures([], sessions, [Attendance(1, 1, "present")])["attended_hours"] == 0.0003  # 1/3600 h


def test_cohort_figures_median_mean_and_bands():
    values = [Fraction(-30, 11), None, Fraction(1, 12), Fraction(10, 41), None, Fraction(1, 4), Fraction(90, 11)]
    assert m.cohort_figures(values) == {"starters": 7, "assessed": 5, "median": 0.2439, "mean": 1.2064,
                                        "bands": {"low": 2, "medium": 1, "high": 2}}


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    got = m.cohort_figures([Fraction(1, 10), Fraction(3, 10), Fraction(1), Fraction(-1)])
    assert got["median"] == 0.2 and got["mean"] == 0.1


def test_a_cohort_without_values():
    assert m.cohort_figures([]) == {"starters": 0, "assessed": 0, "median": None, "mean": None,
                                    "bands": {"low": 0, "medium": 0, "high": 0}}
    assert m.cohort_figures([None])["starters"] == 1


def test_cohort_values_count_only_the_cohorts_sessions():
    sessions = [sess(1, at(1), 3, cohort=1), sess(2, at(2), 27, cohort=2)]
    by_cohort = m.attended_time(sessions, [Attendance(7, 1, "present"), Attendance(7, 2, "present")], D)
    gains = {7: Gain(1, 1)}
    assert m.cohort_values([7], 1, gains, by_cohort) == [Fraction(10)]  # 1 / (3/30)
    assert m.learnability_value(gains[7], m.total_time(by_cohort)[7]) == Fraction(1)  # 1 / (30/30)


# --- properties -----------------------------------------------------------------------------------

gains_st = st.integers(1, 40).flatmap(
    lambda skills: st.builds(Gain, st.just(skills), st.integers(-4 * skills, 4 * skills)))  # levels 0–4
hours_us = st.integers(60_000_000, 10_000 * 3_600_000_000)  # a minute to 10,000 hours


@given(gains_st, hours_us)
def test_learnability_has_the_sign_of_the_gain_and_its_band_follows_the_value(gain, attended):
    value = m.learnability_value(gain, attended)
    assert (value > 0) == (gain.total > 0) and (value < 0) == (gain.total < 0)
    figures_ = m.participant_figures(gain, attended)
    assert figures_["band"] == m.band(value)
    assert abs(figures_["learnability"] - float(value)) <= 0.00005 + abs(float(value)) * 1e-15


@given(gains_st, hours_us, st.integers(1, 10_000 * 3_600_000_000))
def test_more_hours_for_the_same_gain_never_move_learnability_away_from_zero(gain, attended, more):
    assert abs(m.learnability_value(gain, attended + more)) <= abs(m.learnability_value(gain, attended))


@given(st.lists(st.one_of(st.none(), st.fractions(min_value=-40, max_value=40)), max_size=30))
def test_cohort_figures_add_up_and_the_median_lies_within_the_values(values):
    got = m.cohort_figures(values)
    known = [v for v in values if v is not None]
    assert got["starters"] == len(values) and got["assessed"] == len(known) == sum(got["bands"].values())
    if known:
        assert float(round(min(known), 4)) <= got["median"] <= float(round(max(known), 4))
        assert float(round(min(known), 4)) <= got["mean"] <= float(round(max(known), 4))
    else:
        assert got["median"] is None and got["mean"] is None
