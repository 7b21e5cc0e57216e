"""The caseload as a triage list: alerts first by urgency, filters, counts per kind, pages of 25, downloads."""

from __future__ import annotations

import io
import re
from datetime import UTC, date, datetime, timedelta

import pandas as pd
import pytest
from openpyxl import load_workbook
from sqlalchemy import insert

from app.dates import local_today
from app.models import Role
from cohorts.models import AttendanceStatus, CandidacyStage, CohortStatus, Participant
from cohorts.participants.caseload import ALERT_KINDS, caseload, triage
from cohorts.participants.caseload.kept import forget_kept
from tests import factories
from tests.conftest import assert_query_count_flat

TODAY = date(2026, 6, 15)
NOW = datetime(2026, 6, 15, 12, tzinfo=UTC)
FORMULA = '=HYPERLINK("http://evil.example","x")'


def _person(coach, cohort, last_name, **fields):
    fields.setdefault("consent_to_share", True)
    person = factories.ParticipantFactory(coach=coach, first_name="Pat", last_name=last_name, **fields)
    factories.EnrolmentFactory(cohort=cohort, participant=person)
    return person


def _absent(cohort, person, since: datetime):
    """Two absences, the first at ``since``."""
    for at in (since, since + timedelta(days=1)):
        session = factories.CohortSessionFactory(cohort=cohort, starts_at=at)
        factories.AttendanceFactory(session=session, participant=person, status=AttendanceStatus.absent)


def _check(person, cohort, due_on):
    placement = factories.PlacementFactory(participant=person, cohort=cohort)
    factories.RetentionCheckFactory(placement=placement, due_on=due_on)


def _row_names(html: str) -> list[tuple[str, bool]]:
    """(name, has alerts) of each row of the caseload table, in order."""
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return [(re.search(r'<th scope="row"><a [^>]*>([^<]*)</a>', row).group(1), '<ul class="alerts">' in row)
            for row in body.split("<tr>")[1:]]


def test_people_with_alerts_come_first_by_urgency_then_by_how_long_they_waited():
    coach = factories.UserFactory()
    training = factories.CohortFactory(status=CohortStatus.training)
    placing = factories.CohortFactory(status=CohortStatus.placement)
    # names in the opposite order to urgency, so the order cannot come from the names
    quiet = _person(coach, training, "Aaron")
    consent = _person(coach, training, "Baker", consent_to_share=False)
    stalled_recently = _person(coach, placing, "Clark")
    factories.CandidacyFactory(participant=stalled_recently, stage=CandidacyStage.introduced,
                               stage_changed_at=NOW - timedelta(days=20))
    never_applied = _person(coach, placing, "Davis")
    due_soon = _person(coach, training, "Evans")
    _check(due_soon, training, TODAY + timedelta(days=5))
    overdue_lately = _person(coach, training, "Fox")
    _check(overdue_lately, training, TODAY - timedelta(days=2))
    overdue_longest = _person(coach, training, "Green")
    _check(overdue_longest, training, TODAY - timedelta(days=30))
    absent_lately = _person(coach, training, "Hill")
    _absent(training, absent_lately, NOW - timedelta(days=3))
    absent_longest = _person(coach, training, "Irwin", consent_to_share=False)
    _absent(training, absent_longest, NOW - timedelta(days=10))

    listed = triage(caseload(coach, TODAY, now=NOW))
    assert [row.participant.id for row in listed.rows] == [p.id for p in (
        absent_longest, absent_lately, overdue_longest, overdue_lately, due_soon, never_applied, stalled_recently,
        consent, quiet)]
    assert [a.kind for a in listed.rows[0].alerts] == ["absences", "consent"]
    assert listed.people == 9 and listed.alerted == 8
    assert listed.counts == {"absences": 2, "retention": 3, "check_in_missed": 0, "stalled": 2, "consent": 2,
                             "job_stalled": 0}
    assert list(listed.counts) == list(ALERT_KINDS)


def test_filters_keep_one_kind_or_one_cohort_and_the_counts_cover_the_cohort_whatever_the_kind():
    coach = factories.UserFactory()
    first, second = factories.CohortFactory(), factories.CohortFactory()
    a = _person(coach, first, "Able", consent_to_share=False)
    b = _person(coach, first, "Baker")
    c = _person(coach, second, "Cole", consent_to_share=False)
    _check(c, second, TODAY - timedelta(days=1))
    rows = caseload(coach, TODAY, now=NOW)

    by_kind = triage(rows, kind="consent")
    assert [r.participant.id for r in by_kind.rows] == [c.id, a.id]
    assert by_kind.counts == {"absences": 0, "retention": 1, "check_in_missed": 0, "stalled": 0, "consent": 2,
                              "job_stalled": 0} and by_kind.people == 3
    in_first = triage(rows, cohort_id=first.id)
    assert [r.participant.id for r in in_first.rows] == [a.id, b.id]
    assert in_first.counts["consent"] == 1 and in_first.counts["retention"] == 0 and in_first.people == 2
    assert triage(rows, kind="retention", cohort_id=first.id).rows == []


@pytest.fixture
def national_coach(db):
    """A coach with 1,000 people (bulk-inserted, quiet ones named to sort first) and three alerts."""
    coach = factories.UserFactory()
    now = datetime.now(UTC)
    db.session.execute(insert(Participant), [
        {"first_name": "Quiet", "last_name": f"Aaa{n:04d}", "email": f"quiet{n}@example.test", "coach_id": coach.id,
         "consent_to_share": True} for n in range(997)
    ])
    cohort = factories.CohortFactory(status=CohortStatus.training)
    absent = _person(coach, cohort, "Zulu")
    _absent(cohort, absent, now - timedelta(days=7))
    overdue = _person(coach, cohort, "Yankee")
    _check(overdue, cohort, local_today() - timedelta(days=3))
    no_consent = _person(coach, cohort, "Xray", consent_to_share=False)
    return {"coach": coach, "cohort": cohort, "alerted": [absent, overdue, no_consent]}


def test_a_coach_with_1000_people_sees_alerts_first_in_one_page_of_25(client, login, national_coach):
    login(national_coach["coach"])
    page = client.get("/staff/caseload")
    assert page.status_code == 200
    rows = _row_names(page.text)
    assert len(rows) == 25
    assert rows[:3] == [(p.full_name, True) for p in national_coach["alerted"]]
    assert not any(alerted for _, alerted in rows[3:])
    assert "Showing 1–25 of 1000" in page.text
    assert 'href="/staff/caseload?page=2"' in page.text
    last = _row_names(client.get("/staff/caseload?page=40").text)
    assert [name for name, _ in last] == [f"Quiet Aaa{n:04d}" for n in range(972, 997)]


def test_the_page_counts_each_kind_over_the_whole_caseload_and_filters_by_form(client, login, national_coach):
    login(national_coach["coach"])
    page = client.get("/staff/caseload").text
    assert re.search(r'<span class="stat__value">1</span> <span class="stat__label">Missed sessions</span>', page)
    assert '<label for="kind">Alert</label>' in page and '<label for="cohort">Cohort</label>' in page
    assert f'<option value="{national_coach["cohort"].id}">{national_coach["cohort"].code}</option>' in page
    filtered = client.get(f"/staff/caseload?kind=consent&cohort={national_coach['cohort'].id}").text
    assert _row_names(filtered) == [("Pat Xray", True)]
    assert "3 participants in this cohort" in filtered
    assert 'href="/staff/caseload?kind=retention&amp;cohort=' in filtered


@pytest.mark.parametrize("query", ["kind=bogus", "cohort=abc", "cohort=99999999", "kind=&cohort=", "page=abc",
                                   "page=-3", "page=999"])
def test_bad_filter_values_are_ignored_with_a_message_not_an_error(client, login, query):
    coach = login(Role.staff)
    _person(coach, factories.CohortFactory(), "Solo", consent_to_share=False)
    page = client.get(f"/staff/caseload?{query}")
    assert page.status_code == 200
    if query.startswith(("kind=bogus", "cohort=abc", "cohort=9")):
        assert 'class="field-errors"' in page.text
    if query != "page=999":
        assert _row_names(page.text) == [("Pat Solo", True)]


def test_the_filtered_caseload_query_count_is_flat(client, login):
    coach = login(Role.staff)
    cohort = factories.CohortFactory(status=CohortStatus.placement)
    factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) + timedelta(days=2))
    _person(coach, cohort, "First", consent_to_share=False)

    def grow():
        for n in range(30):
            person = _person(coach, cohort, f"More{n:02d}", consent_to_share=bool(n % 2))
            _absent(cohort, person, datetime.now(UTC) - timedelta(days=5))
            _check(person, cohort, local_today() - timedelta(days=n % 3))

    assert_query_count_flat(client, f"/staff/caseload?kind=consent&cohort={cohort.id}&page=1", grow, forget=forget_kept)


def test_caseload_downloads_every_row_the_filters_keep_most_urgent_first(client, login, national_coach):
    login(national_coach["coach"])
    cohort_id = national_coach["cohort"].id
    response = client.get("/staff/caseload?format=csv")
    assert response.mimetype == "text/csv" and "attachment;" in response.headers["Content-Disposition"]
    rows = pd.read_csv(io.BytesIO(response.data), dtype=str, keep_default_na=False)
    assert list(rows.columns) == ["first_name", "last_name", "email", "cohort", "cohort_status", "alert_kinds",
                                  "alerts", "overdue", "next_step"]
    assert len(rows) == 1000
    assert list(rows["last_name"][:3]) == ["Zulu", "Yankee", "Xray"]
    assert rows["alert_kinds"][0] == "absences" and rows["overdue"][0] == "yes"
    xlsx = client.get(f"/staff/caseload?kind=retention&cohort={cohort_id}&format=xlsx")
    assert xlsx.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = [[c.value for c in row] for row in load_workbook(io.BytesIO(xlsx.data)).active.iter_rows()]
    assert sheet[0][:3] == ["first_name", "last_name", "email"] and len(sheet) == 2
    assert sheet[1][1] == "Yankee" and "retention check" in sheet[1][6]


def test_caseload_download_neutralises_formulas(client, login):
    coach = login(Role.staff)
    _person(coach, factories.CohortFactory(), FORMULA)
    rows = pd.read_csv(io.BytesIO(client.get("/staff/caseload?format=csv").data), dtype=str, keep_default_na=False)
    assert list(rows["last_name"]) == ["'" + FORMULA]


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_only_staff_download_a_caseload(client, login, role):
    login(role)
    assert client.get("/staff/caseload?format=csv").status_code == 403
    assert client.get("/staff/caseload?format=xlsx").status_code == 403


def test_an_unknown_download_format_is_a_bad_request(client, login):
    login(Role.staff)
    assert client.get("/staff/caseload?format=pdf").status_code == 400
