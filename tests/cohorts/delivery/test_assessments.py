"""Skill assessments: levels 0–4 for taught skills only, gain, the employers' ask, the grid page."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from cohorts.delivery.assessments import cohort_skill_gain, mean_gain, record_assessment, skill_progress
from cohorts.errors import CohortRuleError
from cohorts.models import AssessmentStage, EnrolmentStatus, SkillAssessment
from tests import factories
from tests.conftest import assert_query_count_flat


def _cohort_teaching(*skills, demand=None):
    """A cohort whose one module teaches ``skills``; ``demand`` maps skill → level asked by its hiring need."""
    cohort = factories.CohortFactory()
    module = factories.ModuleFactory(cohort=cohort)
    for skill in skills:
        factories.ModuleSkillFactory(module=module, skill=skill, level=3)
    if demand:
        need = factories.HiringNeedFactory()
        factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
        for skill, level in demand.items():
            factories.HiringNeedSkillFactory(hiring_need=need, skill=skill, level=level)
    return cohort


def _count():
    return db.session.scalar(select(func.count()).select_from(SkillAssessment))


def test_record_assessment_and_correct_it():
    skill = factories.SkillFactory()
    cohort = _cohort_teaching(skill)
    p = factories.EnrolmentFactory(cohort=cohort).participant
    assessor = factories.UserFactory()
    row = record_assessment(p, skill, "baseline", 1, assessor)
    assert (row.level, row.stage, row.assessor_id) == (1, AssessmentStage.baseline, assessor.id)
    again = record_assessment(p, skill, AssessmentStage.baseline, 2, assessor)
    assert again.id == row.id and again.level == 2 and _count() == 1


@pytest.mark.parametrize("level", [-1, 5, 7, "3", 2.5, True])
def test_level_out_of_range_is_refused(level):
    skill = factories.SkillFactory()
    p = factories.EnrolmentFactory(cohort=_cohort_teaching(skill)).participant
    with pytest.raises(CohortRuleError, match="Levels run from 0 to 4"):
        record_assessment(p, skill, "exit", level, None)
    assert _count() == 0


def test_only_skills_the_curriculum_teaches_are_assessed():
    taught, other = factories.SkillFactory(), factories.SkillFactory(label="Forklift driving")
    p = factories.EnrolmentFactory(cohort=_cohort_teaching(taught)).participant
    with pytest.raises(CohortRuleError, match="Forklift driving is not taught"):
        record_assessment(p, other, "baseline", 2, None)
    with pytest.raises(CohortRuleError, match="not an assessment stage"):
        record_assessment(p, taught, "midpoint", 2, None)
    outsider = factories.ParticipantFactory()
    with pytest.raises(CohortRuleError, match="not taught"):
        record_assessment(outsider, taught, "baseline", 2, None)
    assert _count() == 0


def test_skill_progress_shows_gain_and_the_employers_ask():
    prospecting, crm, listening = (factories.SkillFactory(label=label) for label in ("Prospecting", "CRM", "Listening"))
    cohort = _cohort_teaching(prospecting, crm, listening, demand={prospecting: 3, crm: 2})
    p = factories.EnrolmentFactory(cohort=cohort).participant
    for skill, stage, level in [(prospecting, "baseline", 1), (prospecting, "exit", 3),
                                (crm, "baseline", 0), (crm, "exit", 1), (listening, "baseline", 2)]:
        record_assessment(p, skill, stage, level, None)
    rows = {r.skill.label: r for r in skill_progress(p)}
    assert list(rows) == ["CRM", "Listening", "Prospecting"]
    assert (rows["Prospecting"].gain, rows["Prospecting"].demanded_level, rows["Prospecting"].meets_demand) == (2, 3, True)
    assert (rows["CRM"].gain, rows["CRM"].meets_demand) == (1, False)
    assert (rows["Listening"].gain, rows["Listening"].demanded_level, rows["Listening"].meets_demand) == (None, None, None)
    assert mean_gain(rows.values()) == 1.5


def test_cohort_skill_gain_pairs_baseline_and_exit():
    a, b = factories.SkillFactory(), factories.SkillFactory()
    cohort = _cohort_teaching(a, b)
    one, two, three = (factories.EnrolmentFactory(cohort=cohort).participant for _ in range(3))
    withdrawn = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn).participant
    for person, skill, base, exit_ in [(one, a, 1, 3), (two, a, 2, 3), (one, b, 0, 2), (withdrawn, b, 1, 1)]:
        record_assessment(person, skill, "baseline", base, None)
        record_assessment(person, skill, "exit", exit_, None)
    record_assessment(three, a, "baseline", 0, None)  # no exit yet: left out
    gain = cohort_skill_gain(cohort.id)
    assert gain["by_skill"] == {a.id: {"pairs": 2, "mean_gain": 1.5}, b.id: {"pairs": 2, "mean_gain": 1.0}}
    assert (gain["pairs"], gain["mean_gain"]) == (4, 1.25)


# --- the grid page -------------------------------------------------------------------------------


@pytest.mark.parametrize("role", ["employer", "participant"])
def test_grid_refuses_other_roles(client, login, role):
    cohort = _cohort_teaching(factories.SkillFactory())
    login(role)
    assert client.get(f"/staff/cohorts/{cohort.id}/assessments").status_code == 403
    assert client.post(f"/staff/cohorts/{cohort.id}/assessments", data={}).status_code == 403


def test_grid_saves_levels_and_refuses_out_of_range(client, login):
    skill = factories.SkillFactory(label="Objection handling")
    cohort = _cohort_teaching(skill)
    p = factories.EnrolmentFactory(cohort=cohort).participant
    login("staff")
    page = client.get(f"/staff/cohorts/{cohort.id}/assessments")
    assert page.status_code == 200 and "Objection handling" in page.text
    base, exit_ = f"l_{p.id}_{skill.id}_baseline", f"l_{p.id}_{skill.id}_exit"
    assert client.post(f"/staff/cohorts/{cohort.id}/assessments", data={base: "1", exit_: ""}).status_code == 302
    assert [(a.stage, a.level) for a in db.session.scalars(select(SkillAssessment))] == [(AssessmentStage.baseline, 1)]
    refused = client.post(f"/staff/cohorts/{cohort.id}/assessments", data={base: "2", exit_: "7"})
    assert refused.status_code == 400 and "Levels run from 0 to 4" in refused.text
    assert [a.level for a in db.session.scalars(select(SkillAssessment))] == [1]
    assert client.get("/staff/cohorts/999999/assessments").status_code == 404


def test_grid_query_count_is_flat(client, login):
    skills = [factories.SkillFactory() for _ in range(2)]
    cohort = _cohort_teaching(*skills)
    factories.CohortSessionFactory(cohort=cohort)
    record_assessment(factories.EnrolmentFactory(cohort=cohort).participant, skills[0], "baseline", 1, None)
    login("staff")

    def grow():
        for _ in range(5):
            person = factories.EnrolmentFactory(cohort=cohort).participant
            record_assessment(person, skills[1], "exit", 2, None)
            factories.AttendanceFactory(session=factories.CohortSessionFactory(cohort=cohort), participant=person)

    assert_query_count_flat(client, f"/staff/cohorts/{cohort.id}/assessments", grow)
