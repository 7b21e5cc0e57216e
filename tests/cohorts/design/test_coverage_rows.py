"""The coverage page's rows (cohorts.design.queries): a cohort's demand and its curriculum, each read in
one query of plain rows, equal to what the ORM objects say; a need without competencies and a module
without skills still appear, empty."""

from __future__ import annotations

from app.extensions import db
from cohorts.design.queries import cohort_curriculum, cohort_modules, curriculum, need_inputs
from employers.models import Importance
from tests import factories


def _cohort():
    cohort = factories.CohortFactory()
    prospecting, crm, excel = (factories.SkillFactory(label=label) for label in ("Prospecting", "CRM", "Excel"))
    full = factories.HiringNeedFactory(openings=3)
    factories.HiringNeedSkillFactory(hiring_need=full, skill=prospecting, level=4, importance=Importance.must)
    factories.HiringNeedSkillFactory(hiring_need=full, skill=crm, level=2, importance=Importance.nice)
    bare = factories.HiringNeedFactory(openings=1)  # no competency recorded yet
    for need in (full, bare):
        factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    factories.HiringNeedSkillFactory(skill=excel)  # another cohort's need: not this one's demand
    taught = factories.ModuleFactory(cohort=cohort, position=2, title="Discovery", hours=6)
    factories.ModuleSkillFactory(module=taught, skill=crm, level=2)
    factories.ModuleSkillFactory(module=taught, skill=prospecting, level=3)
    factories.ModuleFactory(cohort=cohort, position=1, title="Welcome", hours=2)  # no skill
    db.session.commit()
    return cohort, full, bare


def test_the_demand_reads_in_one_query(count_queries):
    cohort, full, bare = _cohort()
    assert cohort.id  # loaded again after the commit, before counting
    with count_queries() as ran:
        needs = need_inputs(cohort)
    assert ran.count == 1
    assert [(n.need_id, n.ref, n.employer_id, n.employer_name, n.openings) for n in needs] == [
        (need.id, need.ref, need.employer_id, need.employer.name, need.openings)
        for need in sorted((full, bare), key=lambda need: need.id)]
    by_id = {n.need_id: n for n in needs}
    assert by_id[bare.id].competencies == ()
    # ordered by skill id, as the design logic has always read them
    assert sorted(by_id[full.id].competencies, key=lambda c: c.skill_id) == list(by_id[full.id].competencies)
    assert {(c.label, c.level, c.must, c.kind) for c in by_id[full.id].competencies} == {
        ("Prospecting", 4, True, "skill"), ("CRM", 2, False, "skill")}

def test_the_curriculum_reads_in_one_query_as_the_orm_tells_it(count_queries):
    cohort, _, _ = _cohort()
    cohort_id = cohort.id
    with count_queries() as ran:
        modules = cohort_curriculum(cohort_id)
    assert ran.count == 1
    assert modules == curriculum(cohort_modules(cohort.id))
    assert [(m.title, [s.label for s in m.skills]) for m in modules] == [
        ("Welcome", []), ("Discovery", ["Prospecting", "CRM"])]  # in order, the higher level first


def test_the_module_links_are_url_fors(app, client, login):
    """Each module's edit link and move forms (one url_for per kind of link, then each module's id)."""
    import re

    from flask import url_for

    from app.models import Role

    cohort, _, _ = _cohort()
    login(Role.staff)
    page = client.get(f"/staff/cohorts/{cohort.id}/coverage").get_data(as_text=True)
    welcome, discovery = sorted(cohort.modules, key=lambda module: module.position)
    with app.test_request_context():
        expected = [url_for("cohorts_staff.edit_module", module_id=welcome.id),
                    url_for("cohorts_staff.move_module", module_id=welcome.id, direction="down"),
                    url_for("cohorts_staff.edit_module", module_id=discovery.id),
                    url_for("cohorts_staff.move_module", module_id=discovery.id, direction="up")]
    assert [link for link in re.findall(r'(?:href|action)="(/staff/modules/[^"]+)"', page)] == expected
