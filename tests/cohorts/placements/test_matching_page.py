"""The staff matching page's rows (matching_page): the ranking of rank_candidates, read as plain rows in a
fixed number of queries, with each candidate's candidacy and one URL per shortlist form."""

from __future__ import annotations

from app.extensions import db
from app.models import Role
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
