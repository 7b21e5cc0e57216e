"""The caseload's and the participant list's row links come from one url_for each, with the rows' ids put in
its place (app.templating.url_with_id): they must be exactly the links url_for builds."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

from flask import url_for

from app.dates import local_today
from app.templating import url_with_id
from cohorts.models import AttendanceStatus, CohortStatus
from tests import factories


def test_url_with_id_gives_url_for(app):
    with app.test_request_context("/staff/caseload?kind=consent&cohort=3"):
        detail = url_with_id("cohorts_staff.participant_detail", "participant_id")
        assert [detail(n) for n in (1, 42, 987654321987)] == [
            url_for("cohorts_staff.participant_detail", participant_id=n) for n in (1, 42, 987654321987)]
        kinds = url_with_id("cohorts_staff.caseload", "kind", cohort=3)
        assert kinds("check_in_missed") == url_for("cohorts_staff.caseload", kind="check_in_missed", cohort=3)


def test_the_caseload_links_each_row_and_alert_where_url_for_would(app, client, login):
    coach = factories.UserFactory()
    cohort = factories.CohortFactory(status=CohortStatus.training)
    people = []
    for name in ("Absent", "Checked", "Unconsenting"):
        person = factories.ParticipantFactory(coach=coach, last_name=name, consent_to_share=name != "Unconsenting")
        factories.EnrolmentFactory(cohort=cohort, participant=person)
        people.append(person)
    for days in (8, 7):
        session = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) - timedelta(days=days))
        factories.AttendanceFactory(session=session, participant=people[0], status=AttendanceStatus.absent)
    placement = factories.PlacementFactory(participant=people[1], cohort=cohort)
    factories.RetentionCheckFactory(placement=placement, due_on=local_today() - timedelta(days=2))
    login(coach)
    html = client.get("/staff/caseload").text
    links = set(re.findall(r'<a href="([^"]+)"', html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]))
    with app.test_request_context():
        expected = {url_for("cohorts_staff.participant_detail", participant_id=p.id) for p in people} | {
            url_for("cohorts_staff.participant_detail", participant_id=people[0].id, _anchor="case-notes"),
            url_for("cohorts_staff.placement_detail", placement_id=placement.id),
            url_for("cohorts_staff.participant_detail", participant_id=people[2].id, _anchor="consent")}
        kinds = {url_for("cohorts_staff.caseload", kind=kind)
                 for kind in ("absences", "retention", "check_in_missed", "stalled", "consent", "job_stalled")}
    assert links == expected
    assert all(f'href="{url}"' in html for url in kinds)


def test_the_participant_list_links_each_row_where_url_for_would(app, client, login):
    staff = factories.UserFactory()
    people = [factories.ParticipantFactory(last_name=f"Linked{n}") for n in range(3)]
    login(staff)
    html = client.get("/staff/participants?q=Linked").text
    with app.test_request_context():
        assert all(f'<a href="{url_for("cohorts_staff.participant_detail", participant_id=p.id)}">' in html
                   for p in people)
