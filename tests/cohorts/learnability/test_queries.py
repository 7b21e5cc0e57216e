"""The figures loaded from the database for the hand-computed world (world.py), and their query counts."""

from __future__ import annotations

from datetime import date

from cohorts.learnability.queries import (
    cohort_learnability,
    learnability_report,
    participant_learnability,
    starter_bands,
    starter_values,
)
from tests.cohorts.learnability.world import AS_OF, build


def test_participant_figures_count_every_cohorts_sessions():
    w = build()
    p = w["participants"]
    assert participant_learnability(p["p1"].id, AS_OF) == {
        "skills": 2, "mean_gain": 1.5, "attended_hours": 9.5, "learnability": 4.7368, "band": "high"}
    assert participant_learnability(p["p2"].id, AS_OF)["learnability"] == -2.7273
    assert participant_learnability(p["p3"].id, AS_OF)["learnability"] is None
    assert participant_learnability(p["p4"].id, AS_OF) == {
        "skills": 0, "mean_gain": None, "attended_hours": 5.0, "learnability": None, "band": None}
    # a day later the session that started at midnight on 1 July counts, and s4's exit assessment not yet
    assert participant_learnability(p["p1"].id, date(2026, 7, 1))["attended_hours"] == 12.5
    assert participant_learnability(p["p1"].id, date(2026, 7, 5))["skills"] == 3


def test_cohort_figures_take_starters_and_only_the_cohorts_sessions():
    w = build()
    c = w["cohorts"]
    assert cohort_learnability(c["A"].id, AS_OF) == {
        "starters": 7, "assessed": 5, "median": 0.2439, "mean": 1.2064, "bands": {"low": 2, "medium": 1, "high": 2}}
    assert cohort_learnability(c["B"].id, AS_OF) == {
        "starters": 1, "assessed": 0, "median": None, "mean": None, "bands": {"low": 0, "medium": 0, "high": 0}}
    # p10's only session is LA-A's, so in LA-C it has no attended hours
    assert cohort_learnability(c["C"].id, AS_OF)["assessed"] == 0


def test_starters_in_their_cohort_for_the_caseload_and_the_open_data():
    w = build()
    a, p = w["cohorts"]["A"].id, w["participants"]
    pairs = [(a, p["p1"].id), (a, p["p6"].id), (a, p["p7"].id), (a, p["p3"].id)]
    bands = starter_bands(pairs, AS_OF)
    assert bands[(a, p["p1"].id)] == {"learnability": 8.1818, "band": "high"}  # 90/11: A's sessions only
    assert bands[(a, p["p6"].id)] == {"learnability": 0.25, "band": "high"}  # the bound belongs to high
    assert bands[(a, p["p7"].id)] == {"learnability": 0.2439, "band": "medium"}
    assert bands[(a, p["p3"].id)] == {"learnability": None, "band": None}
    assert starter_values(pairs, AS_OF)[(a, p["p7"].id)] == 10 / 41  # unrounded for whoever aggregates
    assert starter_bands([], AS_OF) == {}


def test_the_report_keys_participants_by_lower_case_email_and_selects_cohorts():
    build()
    report = learnability_report(AS_OF, ["LA-B"])
    assert list(report["cohorts"]) == ["LA-B"]
    assert sorted(report["participants"]) == ["p1@example.test", "p9@example.test"]
    everything = learnability_report(AS_OF)
    assert {"LA-A", "LA-B", "LA-C"} <= set(everything["cohorts"])
    assert everything["participants"]["p10@example.test"]["attended_hours"] == 3.0


def test_query_counts_do_not_grow_with_the_data(count_queries):
    w = build()
    a, p1 = w["cohorts"]["A"].id, w["participants"]["p1"].id
    with count_queries() as cohort_small:
        cohort_learnability(a, AS_OF)
    with count_queries() as person_small:
        participant_learnability(p1, AS_OF)
    with count_queries() as report_small:
        learnability_report(AS_OF)
    build_more(w)
    with count_queries() as cohort_large:
        cohort_learnability(a, AS_OF)
    with count_queries() as person_large:
        participant_learnability(p1, AS_OF)
    with count_queries() as report_large:
        learnability_report(AS_OF)
    with count_queries() as cohort_kept:
        cohort_learnability(a, AS_OF)
    assert cohort_small.count == cohort_large.count == 3  # the outcomes stamp, the starters, their sums
    assert cohort_kept.count == 1  # the stamp: nothing was written since
    assert person_small.count == person_large.count == 3
    assert report_small.count == report_large.count == 5


def build_more(w) -> None:
    from tests import factories as f
    from tests.cohorts.learnability.world import assess, attend

    for _ in range(5):
        someone = f.ParticipantFactory()
        f.EnrolmentFactory(participant=someone, cohort=w["cohorts"]["A"])
        assess(someone, f.SkillFactory(), 1, 2)
        attend(someone, [w["sessions"]["a1"], w["sessions"]["a7"]])
    attend(w["participants"]["p1"], [w["sessions"]["a7"]])


def test_the_coachs_caseload_shows_learnability_in_the_current_cohort():
    from datetime import UTC, datetime

    from app.extensions import db
    from app.models import Role
    from cohorts.participants.caseload import caseload
    from tests import factories as f

    w = build()
    coach = f.UserFactory(role=Role.staff)
    for name in ("p1", "p9"):
        w["participants"][name].coach = coach
    db.session.flush()
    rows = {row.participant.email: row for row in caseload(coach, AS_OF, datetime(2026, 6, 30, 12, tzinfo=UTC))}
    assert rows["p1@example.test"].learnability == {"learnability": 8.1818, "band": "high"}
    assert rows["p9@example.test"].learnability == {"learnability": None, "band": None}
