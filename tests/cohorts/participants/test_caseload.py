"""The coach's caseload: alerts (absences, stalled applications, retention, consent) and next steps."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from cohorts.models import AttendanceStatus, CandidacyStage, CohortStatus
from cohorts.participants.caseload import caseload
from cohorts.participants.caseload.kept import forget_kept
from tests import factories
from tests.conftest import assert_query_count_flat, counting_queries

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def _kinds(rows):
    return {row.participant.id: sorted(a.kind for a in row.alerts) for row in rows}


def _enrolled(coach, cohort, **fields):
    fields.setdefault("consent_to_share", True)
    return factories.EnrolmentFactory(cohort=cohort, participant=factories.ParticipantFactory(coach=coach, **fields)).participant


def _marked(cohort, person, *statuses):
    """Attendance rows for past sessions, oldest first."""
    for days_ago, status in zip(range(len(statuses), 0, -1), statuses, strict=True):
        session = factories.CohortSessionFactory(cohort=cohort, starts_at=NOW - timedelta(days=days_ago))
        factories.AttendanceFactory(session=session, participant=person, status=status)


def test_each_alert_kind_and_the_quiet_case():
    coach = factories.UserFactory()
    training = factories.CohortFactory(status=CohortStatus.training, starts_on=TODAY - timedelta(days=30))
    placing = factories.CohortFactory(status=CohortStatus.placement, starts_on=TODAY - timedelta(days=90))
    absent = _enrolled(coach, training)
    _marked(training, absent, AttendanceStatus.present, AttendanceStatus.absent, AttendanceStatus.absent)
    once = _enrolled(coach, training)
    _marked(training, once, AttendanceStatus.absent, AttendanceStatus.excused, AttendanceStatus.absent, AttendanceStatus.present)
    stalled = _enrolled(coach, placing)
    factories.CandidacyFactory(participant=stalled, stage=CandidacyStage.introduced,
                               stage_changed_at=NOW - timedelta(days=20))
    moving = _enrolled(coach, placing)
    factories.CandidacyFactory(participant=moving, stage=CandidacyStage.interviewing,
                               stage_changed_at=NOW - timedelta(days=3))
    nothing_yet = _enrolled(coach, placing)
    placed = _enrolled(coach, placing)
    placement = factories.PlacementFactory(participant=placed, cohort=placing, start_date=TODAY - timedelta(days=91))
    factories.RetentionCheckFactory(placement=placement, day_mark=90, due_on=TODAY - timedelta(days=1))
    factories.RetentionCheckFactory(placement=placement, day_mark=180, due_on=TODAY + timedelta(days=89))
    no_consent = _enrolled(coach, training, consent_to_share=False)
    quiet = _enrolled(coach, training)
    upcoming = factories.CohortSessionFactory(cohort=training, title="Cold calling lab", starts_at=NOW + timedelta(days=1))
    someone_elses = _enrolled(factories.UserFactory(), training, consent_to_share=False)

    rows = caseload(coach, TODAY, now=NOW)
    kinds = _kinds(rows)
    assert someone_elses.id not in kinds
    assert kinds[absent.id] == ["absences"]
    assert kinds[once.id] == []
    assert kinds[stalled.id] == ["stalled"] and kinds[moving.id] == [] and kinds[nothing_yet.id] == ["stalled"]
    assert kinds[placed.id] == ["retention"]
    assert kinds[no_consent.id] == ["consent"]
    assert kinds[quiet.id] == []
    by_id = {row.participant.id: row for row in rows}
    assert by_id[placed.id].alerts[0].urgent and "overdue" in by_id[placed.id].alerts[0].message
    assert by_id[quiet.id].next_step == f"Next session: {upcoming.title}"
    assert by_id[absent.id].next_step.startswith("Missed the last two sessions")
    assert by_id[nothing_yet.id].alerts[0].message.startswith("No applications yet")
    assert {(a.kind, a.endpoint) for row in rows for a in row.alerts} == {
        ("absences", "cohorts_staff.participant_detail"), ("consent", "cohorts_staff.participant_detail"),
        ("stalled", "cohorts_staff.participant_matches"), ("retention", "cohorts_staff.placement_detail"),
    }
    assert by_id[placed.id].alerts[0].params == {"placement_id": placement.id}


def test_a_check_due_soon_shows_as_due_not_overdue():
    coach = factories.UserFactory()
    person = _enrolled(coach, factories.CohortFactory())
    placement = factories.PlacementFactory(participant=person)
    factories.RetentionCheckFactory(placement=placement, due_on=TODAY + timedelta(days=5))
    (row,) = caseload(coach, TODAY, now=NOW)
    assert [(a.kind, a.urgent) for a in row.alerts] == [("retention", False)] and " due " in row.alerts[0].message
    assert f"check at {placement.employer.name} due" in row.alerts[0].message


def test_caseload_uses_a_fixed_number_of_queries():
    coach = factories.UserFactory()
    cohort = factories.CohortFactory(status=CohortStatus.placement)

    def add(n):
        for _ in range(n):
            person = _enrolled(coach, cohort, consent_to_share=False)
            _marked(cohort, person, AttendanceStatus.absent, AttendanceStatus.absent)
            factories.CandidacyFactory(participant=person, stage_changed_at=NOW - timedelta(days=30))
            factories.RetentionCheckFactory(placement=factories.PlacementFactory(participant=person),
                                            due_on=TODAY)

    add(1)
    with counting_queries() as small:
        assert len(caseload(coach, TODAY, now=NOW)) == 1
    add(6)
    with counting_queries() as large:
        assert len(caseload(coach, TODAY, now=NOW)) == 7
    assert small.count == large.count <= 8


def test_caseload_page_links_each_alert_to_where_it_is_resolved(client, login):
    coach = login("staff")
    person = _enrolled(coach, factories.CohortFactory(), consent_to_share=False)
    page = client.get("/staff/caseload")
    assert page.status_code == 200
    assert f'href="/staff/participants/{person.id}#consent"' in page.text
    assert "Consent to share with employers not given" in page.text


def test_an_empty_caseload_says_so(client, login):
    login("admin")
    assert "You have no participants yet" in client.get("/staff/caseload").text


@pytest.mark.parametrize("role", ["employer", "participant"])
def test_caseload_refuses_other_roles(client, login, role):
    login(role)
    assert client.get("/staff/caseload").status_code == 403


def test_caseload_page_query_count_is_flat(client, login):
    coach = login("staff")
    cohort = factories.CohortFactory(status=CohortStatus.placement)
    factories.CohortSessionFactory(cohort=cohort)
    _enrolled(coach, cohort, consent_to_share=False)

    def grow():
        other = factories.CohortFactory(status=CohortStatus.training)
        factories.CohortSessionFactory(cohort=other)
        for i in range(6):
            person = _enrolled(coach, cohort if i % 2 else other, consent_to_share=bool(i % 3))
            _marked(cohort, person, AttendanceStatus.absent, AttendanceStatus.absent)
            factories.CandidacyFactory(participant=person)
            factories.RetentionCheckFactory(placement=factories.PlacementFactory(participant=person),
                                            due_on=date.today())

    assert_query_count_flat(client, "/staff/caseload", grow, forget=forget_kept)
