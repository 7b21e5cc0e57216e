"""The kept parts of each cohort's figures (docs/OUTCOMES.md, "How the figures are kept"): the
figures read from them are exactly those computed from the rows, and every kind of write that can
change a cohort's figures draws it a new data version, so its parts are computed again."""

from __future__ import annotations

import json
from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from app.dates import local_today
from app.extensions import db
from cohorts.models import (
    AttendanceStatus,
    CheckIn,
    CheckInChannel,
    Cohort,
    CohortOutcomeParts,
    CohortOutcomeVersion,
    EnrolmentStatus,
    ExclusionReason,
    JobEndReason,
    LaterJob,
    Placement,
    StillEmployed,
    WorkStatus,
)
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.measures import cohort_outcomes, direct_outcomes, keep_todays_outcomes, outcomes_with_series
from cohorts.outcomes.tables import render_csv, render_table
from cohorts.seed.demo import seed_demo
from tests import factories as f
from tests.cohorts.outcomes.builders import LATER, E, cohort, days, enrol, place


def same_as_direct(as_of, codes=None) -> dict:
    """The kept path's figures and series, asserted identical (as JSON text) to the direct path's."""
    kept, kept_series = outcomes_with_series(as_of, codes)
    direct, direct_series = direct_outcomes(as_of, codes)
    assert json.dumps(kept) == json.dumps(direct)
    assert kept_series == direct_series
    return kept


def version(c) -> int:
    return db.session.scalar(sa.select(CohortOutcomeVersion.version).where(CohortOutcomeVersion.cohort_id == c.id)) or 0


def test_demo_figures_are_the_same_kept_or_computed_at_every_date(app):
    seed_demo()
    today = local_today()
    dates = [today - timedelta(days=400), today - timedelta(days=120), today, today + timedelta(days=200),
             today + timedelta(days=800)]
    for as_of in dates:
        same_as_direct(as_of)  # computed and kept
        same_as_direct(as_of)  # read back
    codes = sorted(db.session.scalars(sa.select(Cohort.code)))[:3]
    same_as_direct(today, codes)
    runner = app.test_cli_runner()
    for fmt, render in (("json", lambda r: json.dumps(r) + "\n"), ("csv", render_csv),
                        ("table", lambda r: render_table(r) + "\n")):
        output = runner.invoke(args=["outcomes", "--format", fmt, "--as-of", today.isoformat()]).output
        assert output == render(direct_outcomes(today)[0])


def test_a_warm_read_is_one_query_however_many_cohorts(count_queries):
    first = cohort("T-01")
    place(enrol(first), first, E + days(3))
    cohort_outcomes(LATER)
    with count_queries() as small:
        cohort_outcomes(LATER)
    for index in range(5):
        more = cohort(f"T-1{index}")
        place(enrol(more), more, E + days(5))
    cohort_outcomes(LATER)
    with count_queries() as large:
        result = cohort_outcomes(LATER)
    assert len(result["cohorts"]) == 6
    assert small.count == large.count == 1


def test_only_the_cohorts_written_to_are_computed_again(count_queries):
    one, two = cohort("T-01"), cohort("T-02")
    place(enrol(one), one, E + days(3))
    place(enrol(two), two, E + days(4))
    same_as_direct(LATER)
    before = version(two)
    enrol(one)
    assert version(two) == before
    kept = {row.cohort_id: row.data_version for row in db.session.scalars(sa.select(CohortOutcomeParts))}
    assert kept[one.id] < version(one) and kept[two.id] == version(two)
    same_as_direct(LATER)


def test_an_unknown_cohort_is_refused():
    cohort("T-01")
    with pytest.raises(UnknownCohortError):
        cohort_outcomes(LATER, ["T-01", "NOPE"])


def _check_in(placement, salary):
    db.session.add(CheckIn(placement=placement, participant=placement.participant, week=26,
                           due_on=placement.start_date + days(182), channel=CheckInChannel.portal,
                           answered_at=datetime.combine(placement.start_date + days(183), time(12), tzinfo=UTC),
                           work_status=WorkStatus.same_job, annual_salary=salary))


def _end(placement):
    placement.ended_on, placement.end_reason = E + days(100), JobEndReason.resigned


def _later_job(participant):
    db.session.add(LaterJob(participant=participant, role_title="Analyst", employer_name="Elsewhere Ltd",
                            started_on=E + days(300)))


#: one write of each kind that can change a cohort's figures: (name, write(world))
WRITES = [
    ("enrolment added", lambda w: enrol(w["cohort"])),
    ("enrolment status", lambda w: setattr(w["enrolment"], "status", EnrolmentStatus.withdrawn)),
    ("exclusion", lambda w: setattr(w["enrolment"], "exclusion_reason", ExclusionReason.death)),
    ("job seeking", lambda w: setattr(w["enrolment"], "job_seeking", False)),
    ("attendance added", lambda w: f.AttendanceFactory(session=f.CohortSessionFactory(cohort=w["cohort"]),
                                                       participant=w["person"], status=AttendanceStatus.absent)),
    ("attendance changed", lambda w: setattr(w["attendance"], "status", AttendanceStatus.absent)),
    ("session co-delivered", lambda w: f.CohortSessionFactory(cohort=w["cohort"], employer=f.EmployerFactory())),
    ("session deleted", lambda w: db.session.delete(w["session"])),
    ("placement added", lambda w: place(enrol(w["cohort"]), w["cohort"], E + days(20), annual_salary=41_000)),
    ("placement dated", lambda w: setattr(w["placement"], "start_date", E + days(150))),
    ("placement voided", lambda w: setattr(w["placement"], "voided_at", datetime(2026, 4, 1, tzinfo=UTC))),
    ("placement ended", lambda w: _end(w["placement"])),
    ("placement deleted", lambda w: db.session.delete(w["placement"])),
    ("retention check", lambda w: f.RetentionCheckFactory(placement=w["placement"], day_mark=90,
                                                          still_employed=StillEmployed.no)),
    ("check-in", lambda w: _check_in(w["placement"], 45_000)),
    ("later job", lambda w: _later_job(w["person"])),
    ("openings", lambda w: setattr(w["need"], "openings", w["need"].openings + 3)),
    ("need linked", lambda w: f.CohortHiringNeedFactory(cohort=w["cohort"], hiring_need=f.HiringNeedFactory())),
    ("cohort end", lambda w: setattr(w["cohort"], "ends_on", E + days(30))),
    ("bulk delete", lambda w: db.session.execute(sa.delete(LaterJob))),
    ("bulk update", lambda w: db.session.execute(sa.update(Placement).values(annual_salary=50_000))),
]


@pytest.mark.parametrize("write", [w for _, w in WRITES], ids=[name for name, _ in WRITES])
def test_every_kind_of_write_refreshes_the_kept_figures(write):
    c, other = cohort("T-01"), cohort("T-02")
    need = f.HiringNeedFactory(openings=2)
    f.CohortHiringNeedFactory(cohort=c, hiring_need=need)
    person = enrol(c)
    placement = place(person, c, E + days(10), annual_salary=40_000, hiring_need=need)
    place(enrol(other), other, E + days(12))
    session = f.CohortSessionFactory(cohort=c)
    attendance = f.AttendanceFactory(session=session, participant=person, status=AttendanceStatus.present)
    _later_job(person)
    db.session.flush()
    enrolment = next(e for e in c.enrolments if e.participant_id == person.id)
    world = {"cohort": c, "need": need, "person": person, "placement": placement, "session": session,
             "enrolment": enrolment, "attendance": attendance}
    for as_of in (E - days(10), E + days(120), LATER):
        same_as_direct(as_of)
    before = version(c)
    write(world)
    db.session.flush()
    assert version(c) > before
    for as_of in (E - days(10), E + days(120), LATER):
        same_as_direct(as_of)


def test_the_programme_dashboard_keeps_its_figures_and_reads_them_flat(client, login, count_queries):
    login()
    first = cohort("T-01")
    place(enrol(first), first, E + days(3))
    client.get("/staff/outcomes?as_of=2027-06-30")
    with count_queries() as small:
        assert client.get("/staff/outcomes?as_of=2027-06-30").status_code == 200
    for index in range(4):
        more = cohort(f"T-1{index}")
        place(enrol(more), more, E + days(5))
    client.get("/staff/outcomes?as_of=2027-06-30")
    with count_queries() as large:
        assert client.get("/staff/outcomes?as_of=2027-06-30").status_code == 200
    assert large.count == small.count
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CohortOutcomeParts)) == 5


def test_a_voided_placement_never_counts_kept_or_not():
    c = cohort("T-01")
    placement = place(enrol(c), c, E + days(3))
    assert same_as_direct(LATER)["programme"]["placed_180"] == 1
    placement.voided_at = datetime(2026, 4, 1, tzinfo=UTC)
    db.session.flush()
    assert same_as_direct(LATER)["programme"]["placed_180"] == 0
    assert db.session.get(Placement, placement.id) is not None


def test_the_hourly_task_keeps_todays_parts_and_drops_old_dates(count_queries):
    c = cohort("T-01")
    place(enrol(c), c, E + days(3))
    cohort_outcomes(LATER - days(30))
    assert keep_todays_outcomes(LATER) == 1
    assert keep_todays_outcomes(LATER) == 0
    assert set(db.session.scalars(sa.select(CohortOutcomeParts.as_of))) == {LATER}
    with count_queries() as warm:
        same = cohort_outcomes(LATER)
    assert warm.count == 1 and same == direct_outcomes(LATER)[0]


def test_warm_reads_share_the_assembled_figures_until_a_write():
    c = cohort("T-01")
    place(enrol(c), c, E + days(3))
    outcomes_with_series(LATER)  # computes and keeps the parts
    first = outcomes_with_series(LATER)
    assert outcomes_with_series(LATER) is first  # the same parts' stamps: assembled once
    place(enrol(c), c, E + days(4))
    db.session.flush()
    fresh = same_as_direct(LATER)
    assert fresh["programme"]["placed_180"] == 2 and first[0]["programme"]["placed_180"] == 1
