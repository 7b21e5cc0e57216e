"""The caseload page's rows, written in Python (caseload_views): the markup the template's Jinja loop gave,
escaping and all; and the reads folded into fewer statements (next sessions, retention checks with job
applications) give what they gave apart."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from flask import url_for

from app.dates import local_today
from app.templating import url_with_id
from cohorts.models import ApplicationStage, AssessmentStage, AttendanceStatus, CohortStatus
from cohorts.participants.caseload import caseload, describe, triage
from tests import factories
from tests.cohorts.jobsearch.conftest import make_posting, make_saved, make_source

#: the template's loop before the rows were written in Python (templates/cohorts/caseload/index.html)
JINJA_ROWS = """\
  {% for row in rows %}
  {% set p = row.participant %}
  {% set value = row.learnability.get("learnability") %}
  <tr>
    <th scope="row"><a href="{{ participant_url(p.id) }}">{{ p.full_name }}</a></th>
    <td>{% if row.cohort %}{{ row.cohort.code }} {{ status_badge(row.cohort.status) }}{% else %}—{% endif %}</td>
    <td>{{ row.next_step }}</td>
    <td class="num">{% if value is not none %}{{ "%.2f"|format(value) }} ({{ row.learnability.band }}){% else %}\
<span class="muted">—</span>{% endif %}</td>
    <td>
      {% if row.alerts %}
      <ul class="alerts">
      {% for alert in row.alerts %}
        <li class="alert alert--{{ alert.kind }}{{ ' alert--urgent' if alert.urgent }}"><a href="{{ alert_url(alert) }}">\
{{ alert.message }}</a></li>
      {% endfor %}
      </ul>
      {% else %}<span class="muted">None</span>{% endif %}
    </td>
  </tr>
  {% endfor %}
"""


def _people(coach):
    """A cohort whose code and a person whose name need escaping, one with a learnability value, one
    without a cohort, one with a retention check overdue and one with nothing to do."""
    cohort = factories.CohortFactory(code="A&B<1>", status=CohortStatus.training,
                                     starts_on=local_today() - timedelta(days=30))
    odd = factories.ParticipantFactory(coach=coach, first_name="Zoë", last_name="O'Brien <&> \"Jr\"",
                                       consent_to_share=False)
    factories.EnrolmentFactory(cohort=cohort, participant=odd)
    learner = factories.ParticipantFactory(coach=coach, last_name="Learner", consent_to_share=True)
    factories.EnrolmentFactory(cohort=cohort, participant=learner)
    past = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) - timedelta(days=3))
    factories.AttendanceFactory(session=past, participant=learner, status=AttendanceStatus.present)
    skill = factories.SkillFactory()
    for stage, level in ((AssessmentStage.baseline, 1), (AssessmentStage.exit, 3)):
        factories.SkillAssessmentFactory(participant=learner, skill=skill, stage=stage, level=level,
                                         assessed_on=local_today() - timedelta(days=1))
    factories.CohortSessionFactory(cohort=cohort, title="Objections <&> answers",
                                   starts_at=datetime.now(UTC) + timedelta(days=2))
    factories.ParticipantFactory(coach=coach, last_name="Uncohorted", consent_to_share=True)
    placed = factories.ParticipantFactory(coach=coach, last_name="Placed", consent_to_share=True)
    factories.EnrolmentFactory(cohort=cohort, participant=placed)
    placement = factories.PlacementFactory(participant=placed, cohort=cohort)
    factories.RetentionCheckFactory(placement=placement, day_mark=90, due_on=local_today() - timedelta(days=2))


def test_the_rows_are_the_markup_of_the_template_loop(app, client, login):
    coach = factories.UserFactory()
    _people(coach)
    login(coach)
    html = client.get("/staff/caseload").text
    shown = html.split("<tbody>\n", 1)[1].split("  </tbody>", 1)[0]
    with app.test_request_context():
        rows = triage(caseload(coach, local_today(), described=False)).rows
        describe(rows, local_today())
        expected = app.jinja_env.from_string(JINJA_ROWS).render(
            rows=rows, participant_url=url_with_id("cohorts_staff.participant_detail", "participant_id"),
            alert_url=lambda alert: url_for(alert.endpoint, _anchor=alert.anchor or None, **alert.params))
    assert shown == expected
    assert "O&#39;Brien &lt;&amp;&gt; &#34;Jr&#34;" in shown and "A&amp;B&lt;1&gt;" in shown
    assert "Next session: Objections &lt;&amp;&gt; answers" in shown and "(high)" in shown


def test_the_next_step_is_the_cohorts_first_session_from_now_on():
    today, now = date(2026, 6, 15), datetime(2026, 6, 15, 12, tzinfo=UTC)
    coach = factories.UserFactory()
    cohort, bare = (factories.CohortFactory(status=CohortStatus.training, starts_on=today - timedelta(days=9))
                    for _ in range(2))
    people = [factories.EnrolmentFactory(cohort=c, participant=factories.ParticipantFactory(
        coach=coach, consent_to_share=True)).participant for c in (cohort, cohort, bare)]
    for title, hours in (("Started", -1), ("Later", 50), ("Next", 2), ("Much later", 99)):
        factories.CohortSessionFactory(cohort=cohort, title=title, starts_at=now + timedelta(hours=hours))
    factories.CohortSessionFactory(cohort=bare, title="Gone", starts_at=now - timedelta(days=1))
    steps = {row.participant.id: row.next_step for row in caseload(coach, today, now=now)}
    assert steps == {people[0].id: "Next session: Next", people[1].id: "Next session: Next",
                     people[2].id: "No step planned — agree one at your next check-in"}


def test_retention_checks_and_job_applications_come_apart_from_one_statement(count_queries):
    today, now = date(2026, 6, 15), datetime(2026, 6, 15, 12, tzinfo=UTC)
    coach = factories.UserFactory()
    cohort = factories.CohortFactory(status=CohortStatus.closed, starts_on=today - timedelta(days=300))
    person = factories.EnrolmentFactory(cohort=cohort, participant=factories.ParticipantFactory(
        coach=coach, consent_to_share=True)).participant
    placement = factories.PlacementFactory(participant=person, cohort=cohort)
    factories.RetentionCheckFactory(placement=placement, day_mark=180, due_on=today + timedelta(days=3))
    factories.RetentionCheckFactory(placement=placement, day_mark=90, due_on=today - timedelta(days=80))
    for title, days in (("Newer", 20), ("Older", 30)):
        make_saved(person, make_posting([make_source()], title=title, employer_name="Brightside"),
                   stage=ApplicationStage.applied, applied_on=today - timedelta(days=40),
                   stage_changed_at=now - timedelta(days=days))
    caseload(coach, today, now=now)
    with count_queries() as ran:
        (row,) = caseload(coach, today, now=now, described=False)
    assert [(a.kind, a.urgent, a.since) for a in row.alerts] == [
        ("retention", True, today - timedelta(days=80)), ("retention", False, today + timedelta(days=3)),
        ("job_stalled", False, (now - timedelta(days=30)).date())]
    assert "Older" in row.alerts[2].message and "(and 1 more)" in row.alerts[2].message
    assert row.alerts[0].params == row.alerts[1].params == {"placement_id": placement.id}
    assert ran.count == 3  # the participants, what they wait on, missed check-ins
