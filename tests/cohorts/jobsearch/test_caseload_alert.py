"""The caseload's "job application not moving" alert: open applications quiet for JOB_STALL_DAYS, last in urgency."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from cohorts.models import ApplicationStage, CohortStatus
from cohorts.participants.caseload import ALERT_KINDS, JOB_STALL_DAYS, caseload, triage
from cohorts.participants.caseload.kept import forget_kept
from tests import factories
from tests.cohorts.jobsearch.conftest import make_posting, make_saved, make_source
from tests.conftest import assert_query_count_flat

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)


def _person(coach, **fields):
    fields.setdefault("consent_to_share", True)
    cohort = factories.CohortFactory(status=CohortStatus.training, starts_on=TODAY - timedelta(days=30))
    return factories.EnrolmentFactory(cohort=cohort, participant=factories.ParticipantFactory(coach=coach,
                                                                                              **fields)).participant


def _application(person, stage, days_quiet, title="Closer"):
    posting = make_posting([make_source()], title=title, employer_name="Brightside")
    return make_saved(person, posting, stage=stage, applied_on=TODAY - timedelta(days=40),
                      stage_changed_at=NOW - timedelta(days=days_quiet))


def test_an_open_application_quiet_for_14_days_raises_the_alert_and_others_do_not():
    coach = factories.UserFactory()
    quiet = _person(coach)
    _application(quiet, ApplicationStage.interviewing, JOB_STALL_DAYS + 1, "Older")
    _application(quiet, ApplicationStage.applied, JOB_STALL_DAYS + 3, "Oldest")
    recent = _person(coach)
    _application(recent, ApplicationStage.applied, JOB_STALL_DAYS - 1)
    only_saved = _person(coach)
    _application(only_saved, ApplicationStage.saved, 60)
    closed = _person(coach)
    _application(closed, ApplicationStage.unsuccessful, 60)

    rows = {row.participant.id: row for row in caseload(coach, TODAY, now=NOW)}
    [alert] = rows[quiet.id].alerts
    assert alert.kind == "job_stalled" and alert.anchor == "job-search"
    assert alert.message.startswith("Job application “Oldest” at Brightside has not moved since")
    assert "(and 1 more)" in alert.message and alert.since == (NOW - timedelta(days=JOB_STALL_DAYS + 3)).date()
    for person in (recent, only_saved, closed):
        assert rows[person.id].alerts == []


def test_it_comes_after_every_other_alert_kind():
    assert ALERT_KINDS[-1] == "job_stalled"
    coach = factories.UserFactory()
    both = _person(coach, consent_to_share=False)
    _application(both, ApplicationStage.offer, 30)
    only_job = _person(coach, last_name="Aardvark")
    _application(only_job, ApplicationStage.offer, 30)
    rows = triage(caseload(coach, TODAY, now=NOW)).rows
    assert [a.kind for a in rows[0].alerts] == ["consent", "job_stalled"]
    assert rows[1].participant.id == only_job.id
    assert triage(caseload(coach, TODAY, now=NOW), kind="job_stalled").counts["job_stalled"] == 2


def test_the_caseload_page_stays_flat_with_job_applications(client, login):
    coach = login("staff")

    def grow():
        for _ in range(3):
            _application(_person(coach), ApplicationStage.applied, 30)

    grow()
    assert_query_count_flat(client, "/staff/caseload?kind=job_stalled", grow, forget=forget_kept)
