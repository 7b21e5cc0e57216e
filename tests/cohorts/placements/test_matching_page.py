"""The staff matching page's rows (matching_page): the ranking of rank_candidates, read as plain rows in a
fixed number of queries, with each candidate's candidacy and one URL per shortlist form."""

from __future__ import annotations

import re

from app.extensions import db
from app.models import Role
from app.templating import url_with_id
from cohorts.models import AssessmentStage, CandidacyStage, EnrolmentStatus
from cohorts.placements.matching import matching_page, rank_candidates
from employers.models import Importance
from tests import factories as f
from tests.conftest import assert_query_count_flat


def _need_with_candidates():
    need = f.HiringNeedFactory()
    skills = [f.SkillFactory(label=label) for label in ("negotiation", "CRM", "Prospecting")]
    for skill, importance in zip(skills, (Importance.must, Importance.nice, Importance.must), strict=True):
        f.HiringNeedSkillFactory(hiring_need=need, skill=skill, level=3, importance=importance)
    cohort = f.CohortFactory()
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    people = []
    for n in range(3):
        participant = f.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.completed).participant
        for skill in skills:
            f.SkillAssessmentFactory(participant=participant, skill=skill, stage=AssessmentStage.exit, level=n + 1)
        people.append(participant)
    f.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn)  # not a candidate
    return need, cohort, skills, people


def test_the_page_ranks_as_rank_candidates_with_names_candidacies_and_competencies_by_label():
    need, cohort, _skills, people = _need_with_candidates()
    shortlisted = f.CandidacyFactory(participant=people[0], hiring_need=need, stage=CandidacyStage.shortlisted)
    db.session.commit()

    page = matching_page(need.id)

    assert [row.fit for row in page["rows"]] == rank_candidates(need)
    assert [row.person.id for row in page["rows"]] == [p.id for p in reversed(people)]
    by_id = {row.person.id: row for row in page["rows"]}
    assert by_id[people[0].id].candidacy.id == shortlisted.id
    assert by_id[people[0].id].candidacy.stage == "shortlisted"
    assert by_id[people[1].id].candidacy is None
    assert by_id[people[2].id].person.full_name == people[2].full_name
    assert [label for label, _level, _must in page["competencies"]] == ["CRM", "negotiation", "Prospecting"]
    assert page["cohort_codes"] == [cohort.code]
    assert page["need"].employer_name == need.employer.name
    assert matching_page(need.id + 1000) is None


def test_the_matching_page_shortlists_each_candidate_through_its_own_url(client, login):
    need, _cohort, _skills, people = _need_with_candidates()
    db.session.commit()
    login(Role.staff)
    html = client.get(f"/staff/hiring-needs/{need.id}/matching").get_data(as_text=True)
    for person in people:
        assert f'action="/staff/hiring-needs/{need.id}/shortlist/{person.id}"' in html
        assert f"Shortlist {person.full_name}" in html
    assert client.get(f"/staff/hiring-needs/{need.id + 1000}/matching").status_code == 404


def test_the_matching_page_runs_a_flat_number_of_statements(client, login):
    need, cohort, skills, _people = _need_with_candidates()
    db.session.commit()
    login(Role.staff)

    def grow():
        for _ in range(4):
            participant = f.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.enrolled).participant
            f.SkillAssessmentFactory(participant=participant, skill=skills[0], stage=AssessmentStage.baseline)
            f.CandidacyFactory(participant=participant, hiring_need=need)
        db.session.commit()

    assert_query_count_flat(client, f"/staff/hiring-needs/{need.id}/matching", grow)


def test_the_covering_cohorts_codes_are_listed_by_code():
    need, cohort, _skills, _people = _need_with_candidates()
    later = f.CohortFactory(code="A-0001")
    f.CohortHiringNeedFactory(cohort=later, hiring_need=need)
    uncovered = f.HiringNeedFactory()
    db.session.commit()

    assert matching_page(need.id)["cohort_codes"] == sorted(["A-0001", cohort.code])
    assert matching_page(uncovered.id)["cohort_codes"] == [] and matching_page(uncovered.id)["rows"] == []


#: the ranking's rows as the template's Jinja loop wrote them before staff_views wrote them in Python
FORMER_ROWS = """\
  {% from "macros/forms.html" import post_button %}
  {% from "macros/tables.html" import badge %}
  <tbody>
  {% set token = csrf_token() %}
  {% for row in rows %}
  {% set fit, person, candidacy = row.fit, row.person, row.candidacy %}
  <tr>
    <td>{{ loop.index }}</td>
    <td>{{ person.full_name }}</td>
    <td>{{ fit.percent }}%</td>
    <td>{{ fit.reasons }}{% if fit.missing_musts %} <strong class="gap">Missing must-haves: \
{{ fit.missing_musts|join(", ") }}</strong>{% endif %}</td>
    <td>{{ "Given" if person.consent_to_share else "Not given" }}</td>
    <td>
      {% if candidacy is none %}
        <form method="post" action="{{ shortlist_url(person.id) }}" class="inline-form"><input type="hidden" \
name="csrf_token" value="{{ token }}"><button type="submit" class="button button--secondary">Shortlist \
{{ person.full_name }}</button></form>
      {% else %}
        {{ badge(candidacy.stage) }}
        {% if candidacy.stage == "shortlisted" %}
          {{ post_button(url_for('cohorts_staff.introduce_candidate', candidacy_id=candidacy.id), \
"Introduce " ~ person.full_name, class_="button") }}
        {% endif %}
      {% endif %}
    </td>
  </tr>
  {% endfor %}
  </tbody>"""


def test_the_ranking_rows_are_those_the_jinja_loop_wrote(app, client, login):
    need, _cohort, _skills, people = _need_with_candidates()
    people[0].first_name, people[0].last_name = "Zoë <b>", "O'Brien & Co"
    people[1].consent_to_share = False
    f.CandidacyFactory(participant=people[0], hiring_need=need, stage=CandidacyStage.shortlisted)
    f.CandidacyFactory(participant=people[1], hiring_need=need, stage=CandidacyStage.not_selected)
    db.session.commit()
    login(Role.staff)

    html = client.get(f"/staff/hiring-needs/{need.id}/matching").get_data(as_text=True)
    token = re.search(r'name="csrf_token" value="([^"]*)"', html)[1]
    with app.test_request_context(f"/staff/hiring-needs/{need.id}/matching"):
        rows = matching_page(need.id)["rows"]
        former = app.jinja_env.from_string(FORMER_ROWS).render(
            rows=rows, csrf_token=lambda: token,
            shortlist_url=url_with_id(".shortlist_candidate", "participant_id", need_id=need.id))
    assert former.count("<tr>") == len(rows) == 3 and former.strip().startswith("<tbody>")
    assert former.strip() in html
    assert "Introduce Zoë &lt;b&gt; O&#39;Brien &amp; Co" in html and "Not given" in html and "Not selected" in html
    assert "Missing must-haves: " in html and "Shortlist " in html
