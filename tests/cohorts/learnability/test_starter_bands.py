"""starter_bands takes sums in SQL (a row per pair and per person): the same bands as the row-by-row
computation of measure.py over every attendance and assessment row, on a varied factory-built set."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from cohorts.learnability import measure
from cohorts.learnability.queries import cohort_learnability, starter_bands, starter_values
from cohorts.models import (
    AssessmentStage,
    Attendance,
    AttendanceStatus,
    CohortSession,
    Enrolment,
    SkillAssessment,
    starter_clause,
)
from tests import factories as f
from tests.cohorts.learnability.world import AS_OF, build


def _row_by_row_values(pairs, as_of: date) -> dict:
    """The computation starter_bands and cohort_learnability replaced: every row loaded, measure.py adds them up."""
    cohort_ids = sorted({cid for cid, _pid in pairs})
    people = sorted({pid for _cid, pid in pairs})
    sessions = [measure.Session._make(row) for row in db.session.execute(
        sa.select(CohortSession.id, CohortSession.cohort_id, CohortSession.starts_at, CohortSession.ends_at)
        .where(CohortSession.cohort_id.in_(cohort_ids)))]
    attendance = [measure.Attendance._make(row) for row in db.session.execute(
        sa.select(Attendance.participant_id, Attendance.session_id, Attendance.status)
        .where(Attendance.participant_id.in_(people)))]
    assessments = [measure.Assessment._make(row) for row in db.session.execute(
        sa.select(SkillAssessment.participant_id, SkillAssessment.skill_id, SkillAssessment.stage,
                  SkillAssessment.level, SkillAssessment.assessed_on)
        .where(SkillAssessment.participant_id.in_(people)))]
    gains = measure.skill_gains(assessments, as_of)
    by_cohort = measure.attended_time(sessions, attendance, as_of)
    return {(cid, pid): measure.learnability_value(gains.get(pid), by_cohort.get((cid, pid), 0)) for cid, pid in pairs}


def _row_by_row(pairs, as_of):
    return {pair: {"learnability": measure.exact_number(v), "band": measure.band(v)}
            for pair, v in _row_by_row_values(pairs, as_of).items()}


def _varied_world(seed: int = 22) -> list[tuple[int, int]]:
    """Three cohorts of sessions with odd lengths (microseconds, no end, across midnight, around as-of),
    people attending two cohorts with every status, assessments dated before, on, after as-of or not."""
    rng = random.Random(seed)
    cohorts = [f.CohortFactory(starts_on=date(2026, 5, 1), ends_on=date(2026, 8, 31)) for _ in range(3)]
    sessions = {c.id: [] for c in cohorts}
    for c in cohorts:
        for n in range(12):
            starts = datetime(2026, 6, 1, tzinfo=UTC) + timedelta(days=3 * n, hours=rng.choice((0, 9, 22, 23)),
                                                                  microseconds=rng.randrange(1_000_000))
            length = rng.choice((None, timedelta(hours=3), timedelta(hours=2, minutes=30, microseconds=7),
                                 timedelta(minutes=rng.randrange(1, 600), seconds=rng.randrange(60),
                                           microseconds=rng.randrange(1_000_000))))
            sessions[c.id].append(f.CohortSessionFactory(cohort=c, starts_at=starts,
                                                         ends_at=None if length is None else starts + length))
    skills = [f.SkillFactory() for _ in range(5)]
    pairs = []
    for _ in range(14):
        person = f.ParticipantFactory()
        joined = rng.sample(cohorts, rng.choice((1, 2)))
        for c in joined:
            f.EnrolmentFactory(participant=person, cohort=c)
            pairs.append((c.id, person.id))
            for s in rng.sample(sessions[c.id], rng.randrange(0, 10)):
                f.AttendanceFactory(participant=person, session=s, status=rng.choice(list(AttendanceStatus)))
        for skill in rng.sample(skills, rng.randrange(0, 6)):
            for stage in rng.sample((AssessmentStage.baseline, AssessmentStage.exit), rng.choice((1, 2, 2))):
                f.SkillAssessmentFactory(participant=person, skill=skill, stage=stage, level=rng.randrange(5),
                                         assessed_on=rng.choice((None, date(2026, 6, 2), AS_OF, date(2026, 7, 9))))
    db.session.flush()
    return pairs


def test_the_sums_give_the_bands_of_the_row_by_row_computation():
    pairs = _varied_world()
    for as_of in (date(2026, 6, 10), AS_OF, date(2026, 7, 1), date(2026, 9, 1)):
        got = starter_bands(pairs, as_of)
        assert got == _row_by_row(pairs, as_of)
        assert {pair: v for pair, v in starter_values(pairs, as_of).items() if v is not None}.keys() \
            == {pair for pair, b in got.items() if b["band"] is not None}
    assert any(b["band"] for b in starter_bands(pairs, AS_OF).values())


def test_the_hand_computed_world_too():
    w = build()
    people = w["participants"].values()
    pairs = [(c.id, p.id) for c in w["cohorts"].values() for p in people]
    for as_of in (AS_OF, date(2026, 7, 1), date(2026, 7, 5)):
        assert starter_bands(pairs, as_of) == _row_by_row(pairs, as_of)


def test_one_query_however_many_rows(count_queries):
    pairs = _varied_world(1)
    with count_queries() as small:
        starter_bands(pairs, AS_OF)
    pairs += _varied_world(2)
    with count_queries() as large:
        starter_bands(pairs, AS_OF)
    assert small.count == large.count == 1


def test_a_cohorts_figures_are_those_of_the_row_by_row_computation():
    _varied_world(5)
    starters = db.session.execute(sa.select(Enrolment.cohort_id, Enrolment.participant_id)
                                  .where(starter_clause(Enrolment))).all()
    for as_of in (date(2026, 6, 10), AS_OF, date(2026, 9, 1)):
        values = _row_by_row_values([tuple(pair) for pair in starters], as_of)
        for cohort_id in {cid for cid, _pid in starters}:
            expected = measure.cohort_figures([values[cid, pid] for cid, pid in starters if cid == cohort_id])
            assert cohort_learnability(cohort_id, as_of) == expected
