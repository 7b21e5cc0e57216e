"""A coach's caseload kept between the writes it reads (cohorts/participants/caseload/kept.py): a warm view reads
the outcomes stamp instead of the coach's people, every write the caseload reads draws a new stamp whichever path
wrote it, and a kept caseload is what a fresh computation gives at any later instant of the same day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.dates import local_today
from app.extensions import db
from app.models import Role
from cohorts.models import ApplicationStage, AttendanceStatus, CohortStatus
from cohorts.participants.caseload import JOB_STALL_DAYS, caseload
from cohorts.participants.caseload.kept import forget_kept, kept_caseload
from tests import factories
from tests.cohorts.jobsearch.conftest import make_posting, make_saved, make_source
from tests.cohorts.outcomes.builders import raw, same_page, stamp

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 9, tzinfo=UTC)


@pytest.fixture
def world():
    """One person of every kind of row the caseload reads, as {table: SQL naming one row}."""
    coach = factories.UserFactory()
    cohort = factories.CohortFactory(status=CohortStatus.placement, starts_on=TODAY - timedelta(days=60))
    person = factories.ParticipantFactory(coach=coach, consent_to_share=True)
    enrolment = factories.EnrolmentFactory(cohort=cohort, participant=person)
    session = factories.CohortSessionFactory(cohort=cohort, starts_at=NOW - timedelta(days=3))
    mark = factories.AttendanceFactory(session=session, participant=person, status=AttendanceStatus.present)
    assessment = factories.SkillAssessmentFactory(participant=person)
    candidacy = factories.CandidacyFactory(participant=person)
    placement = factories.PlacementFactory(participant=person, cohort=cohort)
    check = factories.RetentionCheckFactory(placement=placement, due_on=TODAY)
    posting = make_posting([make_source()], title="Closer", employer_name="Brightside")
    saved = make_saved(person, posting, stage=ApplicationStage.applied, applied_on=TODAY - timedelta(days=20),
                       stage_changed_at=NOW - timedelta(days=2))
    db.session.flush()
    rows = {"participants": person.id, "enrolments": enrolment.id, "sessions": session.id,
            "skill_assessments": assessment.id, "candidacies": candidacy.id, "placements": placement.id,
            "retention_checks": check.id, "employers": placement.employer_id, "saved_postings": saved.id,
            "job_postings": posting.id, "cohorts": cohort.id}
    return {**{table: f"id = {row_id}" for table, row_id in rows.items()},
            "attendance": f"session_id = {mark.session_id} AND participant_id = {mark.participant_id}"}


#: one raw write of each column the caseload reads that the programme figures did not: (table, SET clause)
READ_BY_THE_CASELOAD = [
    ("participants", "first_name = 'Renamed'"),
    ("participants", "consent_to_share = false"),
    ("participants", "coach_id = NULL"),
    ("cohorts", "status = 'closed'"),
    ("cohorts", "starts_on = '2026-01-01'"),
    ("enrolments", "status = 'withdrawn'"),
    ("sessions", "title = 'Renamed'"),
    ("sessions", "starts_at = '2026-06-01 10:00:00'"),
    ("sessions", "ends_at = '2030-06-01 10:00:00'"),
    ("attendance", "status = 'absent'"),
    ("skill_assessments", "level = 1"),
    ("candidacies", "stage_changed_at = '2026-06-01 10:00:00'"),
    ("placements", "voided_at = '2026-06-14 10:00:00'"),
    ("retention_checks", "checked_on = '2026-06-14'"),
    ("employers", "name = 'Renamed'"),
    ("saved_postings", "stage = 'interviewing'"),
    ("job_postings", "title = 'Renamed'"),
]


@pytest.mark.parametrize(("table", "change"), READ_BY_THE_CASELOAD, ids=[" ".join(w) for w in READ_BY_THE_CASELOAD])
def test_every_write_the_caseload_reads_draws_a_new_stamp(world, table, change):
    before = stamp()
    raw(f"UPDATE {table} SET {change} WHERE {world[table]}")
    after = stamp()
    assert after[0] > before[0] and after[1] != before[1]


def test_inserts_and_deletes_draw_a_new_stamp_too(world):
    before = stamp()
    raw(f"DELETE FROM attendance WHERE {world['attendance']}")
    deleted = stamp()
    assert deleted != before
    raw(f"INSERT INTO attendance (session_id, participant_id, status, recorded_at) SELECT id, (SELECT id FROM "
        f"participants WHERE {world['participants']}), 'late', starts_at FROM sessions WHERE {world['sessions']}")
    assert stamp() != deleted


def test_writes_the_caseload_does_not_read_leave_the_stamp(world):
    before = stamp()
    raw(f"UPDATE participants SET phone = '0123' WHERE {world['participants']}")
    raw(f"UPDATE employers SET website = 'https://example.org' WHERE {world['employers']}")
    factories.EmployerFactory()
    db.session.flush()
    assert stamp() == before


def _caseload_page(client, *args) -> str:
    response = client.get("/staff/caseload", query_string=dict(args))
    assert response.status_code == 200
    return response.text


def test_a_warm_view_reads_the_stamp_not_the_people_and_shows_the_same_page(client, login, count_queries):
    coach = login(Role.staff)
    cohort = factories.CohortFactory(status=CohortStatus.placement)
    for index in range(30):
        person = factories.ParticipantFactory(coach=coach, last_name=f"Kept{index:02d}", consent_to_share=index % 2 == 0)
        factories.EnrolmentFactory(cohort=cohort, participant=person)
    forget_kept()
    cold = _caseload_page(client)
    for args in ((), (("page", 2),), (("kind", "consent"),)):
        _caseload_page(client, *args)  # each page's bands and each filter's triage, once
        with count_queries() as warm:
            shown = _caseload_page(client, *args)
        assert not [s for s in warm.statements if "FROM participants" in s], warm.statements
        forget_kept()
        assert same_page(shown) == same_page(_caseload_page(client, *args))
    assert "Kept01" in cold


def test_a_write_shows_on_the_next_view(client, login):
    coach = login(Role.staff)
    cohort = factories.CohortFactory(status=CohortStatus.training)
    person = factories.ParticipantFactory(coach=coach, first_name="Ama", last_name="Mensah", consent_to_share=True)
    factories.EnrolmentFactory(cohort=cohort, participant=person)
    assert "Missed the last two sessions" not in _caseload_page(client)
    for days in (3, 2):  # two absences, through the ORM
        session = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) - timedelta(days=days))
        factories.AttendanceFactory(session=session, participant=person, status=AttendanceStatus.absent)
    db.session.flush()
    assert "Missed the last two sessions" in _caseload_page(client)
    raw("UPDATE participants SET last_name = 'Owusu' WHERE id = :id", id=person.id)  # raw SQL
    assert "Ama Owusu" in _caseload_page(client)


def test_a_kept_caseload_is_for_one_coach_and_one_day():
    first, second = factories.UserFactory(), factories.UserFactory()
    cohort = factories.CohortFactory(status=CohortStatus.training)
    for coach in (first, second):
        factories.EnrolmentFactory(cohort=cohort, participant=factories.ParticipantFactory(coach=coach))
    db.session.flush()
    mine = kept_caseload(first, TODAY, NOW)
    assert kept_caseload(first, TODAY, NOW + timedelta(minutes=1)) is mine
    assert kept_caseload(second, TODAY, NOW).rows != mine.rows
    assert kept_caseload(first, TODAY + timedelta(days=1), NOW) is not mine
    assert kept_caseload(first, TODAY, NOW - timedelta(minutes=1)) is not mine  # computed later than asked


@pytest.fixture
def timed(db):
    """A coach whose caseload changes with time alone: a mark of a session still to come, a cohort's next sessions
    and job applications that reach JOB_STALL_DAYS of quiet, all within the next days."""
    coach = factories.UserFactory()
    cohort = factories.CohortFactory(status=CohortStatus.training, starts_on=TODAY - timedelta(days=10))
    people = [factories.ParticipantFactory(coach=coach, last_name=f"Timed{n}", consent_to_share=True) for n in range(3)]
    for person in people:
        factories.EnrolmentFactory(cohort=cohort, participant=person)
    for hours, title in ((-30, "Past"), (5, "Soon"), (29, "Tomorrow"), (77, "Later")):
        session = factories.CohortSessionFactory(cohort=cohort, starts_at=NOW + timedelta(hours=hours), title=title)
        if hours < 30:  # people[0] absent from the past session and (marked ahead) from the next two
            factories.AttendanceFactory(session=session, participant=people[0], status=AttendanceStatus.absent)
    posting = make_posting([make_source()], title="Closer", employer_name="Brightside")
    for person, quiet_hours in zip(people[1:], (JOB_STALL_DAYS * 24 - 7, JOB_STALL_DAYS * 24 - 50), strict=True):
        make_saved(person, posting, stage=ApplicationStage.applied, applied_on=TODAY - timedelta(days=20),
                   stage_changed_at=NOW - timedelta(hours=quiet_hours))
    db.session.flush()
    return coach


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(steps=st.lists(st.integers(min_value=0, max_value=4 * 24 * 60), min_size=1, max_size=6))
def test_a_kept_caseload_is_a_fresh_one_at_any_later_instant(timed, steps):
    forget_kept()
    at = NOW
    for minutes in steps:  # time only moves forward, as a server's clock does
        at += timedelta(minutes=minutes)
        assert kept_caseload(timed, TODAY, at).rows == caseload(timed, TODAY, at, described=False)


def test_time_alone_ends_a_kept_caseload_at_the_next_change(timed):
    kept = kept_caseload(timed, TODAY, NOW)
    assert kept.until == NOW + timedelta(hours=5)  # the next session, whose mark then counts
    assert kept_caseload(timed, TODAY, NOW + timedelta(hours=4, minutes=59)) is kept
    assert kept_caseload(timed, TODAY, NOW + timedelta(hours=5)) is not kept


def test_the_page_and_its_download_describe_copies_not_the_kept_rows(client, login):
    coach = login(Role.staff)
    cohort = factories.CohortFactory(status=CohortStatus.training)
    factories.EnrolmentFactory(cohort=cohort, participant=factories.ParticipantFactory(coach=coach))
    db.session.flush()
    _caseload_page(client)
    assert client.get("/staff/caseload?format=csv").status_code == 200
    kept = kept_caseload(coach, local_today())
    assert all(row.next_step == "" and row.learnability == {} for row in kept.rows)
    assert re.search(r"<td>(Next session|No step planned)[^<]*</td>", _caseload_page(client))
