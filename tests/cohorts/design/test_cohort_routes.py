"""Cohort pages: staff programmes/cohorts/design/enrolments, the employer portal; access and query counts."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Role
from cohorts.models import Cohort, CohortStatus, EnrolmentStatus, Module, Programme, SessionKind
from employers.models import Importance
from tests import factories
from tests.conftest import assert_query_count_flat


@pytest.fixture
def designed():
    """A cohort with two needs (two employers), a curriculum with one gap, a session and applicants."""
    cohort = factories.CohortFactory(status=CohortStatus.design, code="SC-T1", capacity=2)
    acme, beta = factories.EmployerFactory(name="Acme Sales"), factories.EmployerFactory(name="Beta Bank")
    prospecting, crm = factories.SkillFactory(label="Prospecting"), factories.SkillFactory(label="CRM hygiene")
    needs = []
    for employer, skill in ((acme, prospecting), (beta, crm)):
        need = factories.HiringNeedFactory(employer=employer, role_title="Account Executive")
        factories.HiringNeedSkillFactory(hiring_need=need, skill=skill, level=3, importance=Importance.must)
        factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
        factories.ConsortiumMemberFactory(cohort=cohort, employer=employer)
        needs.append(need)
    module = factories.ModuleFactory(cohort=cohort, title="Prospecting basics", position=1)
    factories.ModuleSkillFactory(module=module, skill=prospecting, level=3)
    db.session.commit()  # a refused change rolls the request back; keep the fixture data
    return {"cohort": cohort, "acme": acme, "beta": beta, "needs": needs, "module": module, "skills": (prospecting, crm)}


def staff_pages(d):
    cohort = d["cohort"]
    return [
        "/staff/programmes", f"/staff/programmes/{cohort.programme_id}", "/staff/programmes/new",
        f"/staff/programmes/{cohort.programme_id}/edit", "/staff/cohorts", "/staff/cohorts/new",
        f"/staff/cohorts/{cohort.id}", f"/staff/cohorts/{cohort.id}/edit", f"/staff/cohorts/{cohort.id}/design",
        f"/staff/cohorts/{cohort.id}/design/proposal", f"/staff/cohorts/{cohort.id}/coverage",
        f"/staff/cohorts/{cohort.id}/consortium", f"/staff/cohorts/{cohort.id}/modules/new",
        f"/staff/modules/{d['module'].id}/edit", f"/staff/cohorts/{cohort.id}/calendar",
        f"/staff/cohorts/{cohort.id}/sessions/new", f"/staff/cohorts/{cohort.id}/enrolments",
        f"/staff/hiring-needs/{d['needs'][0].id}/covering-cohorts",
    ]


def test_staff_see_every_cohort_page(client, login, designed):
    login(Role.staff)
    for url in staff_pages(designed):
        response = client.get(url)
        assert response.status_code == 200, url
        assert b"<h1" in response.data, url


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_other_roles_cannot_reach_staff_cohort_pages(client, login, designed, role):
    login(role)
    for url in staff_pages(designed):
        assert client.get(url).status_code == 403, url


def test_anonymous_visitors_are_sent_to_log_in(client, designed):
    response = client.get(f"/staff/cohorts/{designed['cohort'].id}")
    assert response.status_code == 302 and "/login" in response.location


def test_unknown_cohort_is_404(client, login):
    login(Role.staff)
    assert client.get("/staff/cohorts/999999").status_code == 404
    assert client.get("/staff/cohorts/999999/coverage").status_code == 404


def test_create_programme_then_cohort_through_the_forms(client, login):
    login(Role.staff)
    response = client.post("/staff/programmes/new", data={"name": "DataCamp", "target_occupation": "Data analyst", "time_zone": "Europe/London", "currency": "GBP", "salary_min": "5000", "salary_max": "500000"})
    assert response.status_code == 302
    programme_id = int(response.location.rstrip("/").rsplit("/", 1)[1])
    response = client.post("/staff/cohorts/new", data={
        "programme_id": programme_id, "code": "DC-01", "name": "Autumn", "starts_on": "2026-09-07",
        "ends_on": "2026-11-27", "capacity": "20",
    })
    assert response.status_code == 302 and response.location.endswith("/design")
    assert db.session.scalar(select(Cohort).where(Cohort.code == "DC-01")).status == CohortStatus.design


def test_cohort_dates_out_of_order_are_refused_with_a_message(client, login):
    login(Role.staff)
    programme = factories.ProgrammeFactory()
    response = client.post("/staff/cohorts/new", data={
        "programme_id": programme.id, "code": "BAD-1", "starts_on": "2026-09-07", "ends_on": "2026-09-01",
    })
    assert response.status_code == 200
    assert b"The end date must be on or after the start date." in response.data
    assert db.session.scalar(select(func.count()).select_from(Cohort).where(Cohort.code == "BAD-1")) == 0


def test_edit_cohort_capacity_below_places_taken_is_refused(client, login, designed):
    login(Role.staff)
    cohort = designed["cohort"]
    factories.EnrolmentFactory.create_batch(2, cohort=cohort, status=EnrolmentStatus.enrolled)
    db.session.commit()
    response = client.post(f"/staff/cohorts/{cohort.id}/edit", data={
        "programme_id": cohort.programme_id, "code": cohort.code, "starts_on": cohort.starts_on.isoformat(),
        "ends_on": cohort.ends_on.isoformat(), "capacity": "1",
    })
    assert b"2 places are already taken" in response.data
    db.session.expire_all()
    assert db.session.get(Cohort, cohort.id).capacity == 2


def test_status_change_through_the_cohort_page(client, login, designed):
    login(Role.staff)
    db.session.commit()
    cohort_id = designed["cohort"].id
    response = client.post(f"/staff/cohorts/{cohort_id}/status", data={"status": "recruiting"}, follow_redirects=True)
    assert b"is now recruiting" in response.data
    response = client.post(f"/staff/cohorts/{cohort_id}/status", data={"status": "closed"}, follow_redirects=True)
    assert "cannot go from Recruiting to Closed" in response.get_data(as_text=True)
    page = client.get(f"/staff/cohorts/{cohort_id}").get_data(as_text=True)
    assert "Design → Recruiting" in page  # the timeline
    assert f"/apply/{designed['cohort'].code}" in page


def test_design_journey_through_routes(client, login, designed):
    login(Role.staff)
    cohort = designed["cohort"]
    extra = factories.HiringNeedFactory(employer=factories.EmployerFactory(name="Cobalt Ltd"))
    need_ids = [n.id for n in designed["needs"]] + [extra.id]
    response = client.post(f"/staff/cohorts/{cohort.id}/design", data={"needs": need_ids})
    assert response.status_code == 302 and response.location.endswith("/design/proposal")
    proposal = client.get(f"/staff/cohorts/{cohort.id}/design/proposal").get_data(as_text=True)
    assert "Prospecting" in proposal and "CRM hygiene" in proposal and "Accept this proposal" in proposal
    response = client.post(f"/staff/cohorts/{cohort.id}/design/proposal",
                           data={"max_skills_per_module": "1", "total_hours": "60"})
    assert response.status_code == 302 and response.location.endswith("/coverage")
    titles = list(db.session.scalars(select(Module.title).where(Module.cohort_id == cohort.id).order_by(Module.position)))
    assert titles == ["CRM hygiene", "Prospecting"]  # equal weight and level: by label
    page = client.get(f"/staff/cohorts/{cohort.id}/coverage").get_data(as_text=True)
    assert 'class="covered"' in page and "overall coverage <strong>100.0%</strong>" in page
    assert designed["needs"][0].ref in page  # the module lists the needs it serves
    covering = client.get(f"/staff/hiring-needs/{extra.id}/covering-cohorts").get_data(as_text=True)
    assert cohort.code in covering


def test_coverage_page_highlights_gaps(client, login, designed):
    login(Role.staff)
    page = client.get(f"/staff/cohorts/{designed['cohort'].id}/coverage").get_data(as_text=True)
    assert '<td class="gap">Gap</td>' in page
    assert '<td class="covered">Covered (L3)</td>' in page
    assert "50.0%" in page  # overall: prospecting met, CRM not, equal weights


def test_edit_module_titles_hours_and_skills(client, login, designed):
    login(Role.staff)
    module, (prospecting, crm) = designed["module"], designed["skills"]
    form = client.get(f"/staff/modules/{module.id}/edit").get_data(as_text=True)
    assert "CRM hygiene" in form  # demanded skills are offered
    ordered = sorted([prospecting, crm], key=lambda s: s.id)
    data = {"title": "Pipeline", "hours": "14", "description": ""}
    for i, skill in enumerate(ordered):
        data[f"taught-skills-{i}-skill_id"] = skill.id
    # whatever order the form lists them in, teach both at level 2
    for i, _ in enumerate(ordered):
        data[f"taught-skills-{i}-level"] = "2"
    response = client.post(f"/staff/modules/{module.id}/edit", data=data)
    assert response.status_code == 302
    db.session.expire_all()
    module = db.session.get(Module, module.id)
    assert (module.title, module.hours) == ("Pipeline", 14)
    assert {(s.skill_id, s.level) for s in module.skills} == {(prospecting.id, 2), (crm.id, 2)}


def test_move_and_remove_modules(client, login, designed):
    login(Role.staff)
    cohort, first = designed["cohort"], designed["module"]
    second = factories.ModuleFactory(cohort=cohort, position=2, title="Second")
    client.post(f"/staff/modules/{second.id}/move/up")
    db.session.expire_all()
    assert [m.title for m in db.session.get(Cohort, cohort.id).modules] == ["Second", "Prospecting basics"]
    client.post(f"/staff/modules/{first.id}/delete")
    db.session.expire_all()
    assert [m.title for m in db.session.get(Cohort, cohort.id).modules] == ["Second"]


def test_commitments_form_saves(client, login, designed):
    login(Role.staff)
    cohort = designed["cohort"]
    members = sorted(designed["cohort"].consortium, key=lambda m: m.employer_id)
    data = {}
    for i, m in enumerate(members):
        data |= {f"members-{i}-employer_id": m.employer_id, f"members-{i}-co_delivery_sessions": "2",
                 f"members-{i}-interviews_guaranteed": str(5 + i), f"members-{i}-notes": ""}
    assert client.post(f"/staff/cohorts/{cohort.id}/consortium", data=data).status_code == 302
    db.session.expire_all()
    assert sorted(m.interviews_guaranteed for m in db.session.get(Cohort, cohort.id).consortium) == [5, 6]


def test_screening_buttons_and_waitlist_message(client, login, designed):
    login(Role.staff)
    cohort = designed["cohort"]
    factories.EnrolmentFactory.create_batch(2, cohort=cohort, status=EnrolmentStatus.accepted, enrolled_on=None)
    applied = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.applied, enrolled_on=None)
    db.session.commit()
    response = client.post(f"/staff/enrolments/{applied.id}/accept", follow_redirects=True)
    assert "number 1 on the waitlist" in response.get_data(as_text=True)
    response = client.post(f"/staff/enrolments/{applied.id}/enrol", follow_redirects=True)
    assert "cannot be enrolled" in response.get_data(as_text=True)
    response = client.post(f"/staff/enrolments/{applied.id}/withdraw", data={"reason": "Moved away"})
    assert response.status_code == 302
    response = client.post(f"/staff/enrolments/{applied.id}/exclude", data={"reason": "death"}, follow_redirects=True)
    assert "excluded from the outcome counts" in response.get_data(as_text=True)
    declined = factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.not_accepted, enrolled_on=None)
    db.session.commit()
    response = client.post(f"/staff/enrolments/{declined.id}/exclude", data={"reason": "death"})
    assert "cannot be excluded" in response.get_data(as_text=True)


# -- employer portal ----------------------------------------------------------------------------


def test_employer_sees_its_consortium_cohorts_and_sessions_only(client, login, designed):
    acme = designed["acme"]
    factories.CohortSessionFactory(cohort=designed["cohort"], employer=acme, title="Acme pitch clinic",
                                   kind=SessionKind.employer_session)
    factories.CohortSessionFactory(cohort=designed["cohort"], employer=designed["beta"], title="Beta branch visit")
    other = factories.ConsortiumMemberFactory(employer=designed["beta"])
    login(Role.employer, employer=acme)
    page = client.get("/employer/cohorts").get_data(as_text=True)
    assert "SC-T1" in page and other.cohort.code not in page
    page = client.get("/employer/sessions").get_data(as_text=True)
    assert "Acme pitch clinic" in page and "Beta branch visit" not in page
    assert f"/calendars/employer/{acme.feed_token}.ics" in page


def test_staff_cannot_use_the_employer_portal(client, login):
    login(Role.staff)
    assert client.get("/employer/cohorts").status_code == 403


# -- query counts -------------------------------------------------------------------------------


def _grow_cohorts():
    for _ in range(3):
        cohort = factories.CohortFactory()
        factories.EnrolmentFactory.create_batch(2, cohort=cohort)


def test_list_pages_query_counts_stay_flat(client, login, designed):
    login(Role.staff)
    cohort = designed["cohort"]
    assert_query_count_flat(client, "/staff/cohorts", _grow_cohorts)
    assert_query_count_flat(client, "/staff/programmes", _grow_cohorts)

    def grow_enrolments():
        factories.EnrolmentFactory.create_batch(4, cohort=cohort, status=EnrolmentStatus.applied, enrolled_on=None)

    assert_query_count_flat(client, f"/staff/cohorts/{cohort.id}/enrolments", grow_enrolments)

    def grow_sessions():
        for i in range(4):
            factories.CohortSessionFactory(cohort=cohort, employer=designed["acme"], facilitator=factories.UserFactory(),
                                           module=designed["module"])

    assert_query_count_flat(client, f"/staff/cohorts/{cohort.id}/calendar", grow_sessions)


def test_design_pages_query_counts_stay_flat(client, login, designed):
    login(Role.staff)
    cohort = designed["cohort"]

    def grow_demand():
        for _ in range(3):
            need = factories.HiringNeedFactory()
            factories.HiringNeedSkillFactory.create_batch(2, hiring_need=need)
            factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
            factories.ConsortiumMemberFactory(cohort=cohort, employer=need.employer)
            module = factories.ModuleFactory(cohort=cohort)
            factories.ModuleSkillFactory.create_batch(2, module=module)

    for url in (f"/staff/cohorts/{cohort.id}/design", f"/staff/cohorts/{cohort.id}/coverage",
                f"/staff/cohorts/{cohort.id}/design/proposal", f"/staff/cohorts/{cohort.id}"):
        assert_query_count_flat(client, url, grow_demand)


def test_employer_pages_query_counts_stay_flat(client, login, designed):
    acme = designed["acme"]
    login(Role.employer, employer=acme)

    def grow():
        for _ in range(3):
            member = factories.ConsortiumMemberFactory(employer=acme)
            factories.CohortSessionFactory(cohort=member.cohort, employer=acme,
                                           starts_at=factories.datetime.now(factories.UTC) + timedelta(days=2))

    assert_query_count_flat(client, "/employer/cohorts", grow)
    assert_query_count_flat(client, "/employer/sessions", grow)


def test_dates_in_the_cohort_list_use_the_date_filter(client, login):
    login(Role.staff)
    factories.CohortFactory(code="DATE-1", starts_on=date(2026, 2, 2), ends_on=date(2026, 4, 24))
    page = client.get("/staff/cohorts").get_data(as_text=True)
    assert "2 Feb 2026 – 24 Apr 2026" in page


def test_a_programme_has_its_own_zone_currency_and_salary_range(client, login):
    login(Role.staff)
    form = client.get("/staff/programmes/new").get_data(as_text=True)
    assert '<option selected value="Europe/London">' in form or 'value="Europe/London" selected' in form
    response = client.post("/staff/programmes/new", data={
        "name": "SalesCamp Toronto", "time_zone": "America/Toronto", "currency": "CAD",
        "salary_min": "20000", "salary_max": "250000"})
    assert response.status_code == 302
    programme = db.session.scalar(select(Programme).where(Programme.name == "SalesCamp Toronto"))
    assert (programme.time_zone, programme.currency, programme.salary_min) == ("America/Toronto", "CAD", 20000)
    page = client.get(f"/staff/programmes/{programme.id}").get_data(as_text=True)
    assert "America/Toronto" in page and "CA$20,000" in page


@pytest.mark.parametrize("fields, field", [
    ({"time_zone": "Mars/Olympus_Mons"}, "time_zone"),
    ({"currency": "XYZ1"}, "currency"),
    ({"salary_min": "60000", "salary_max": "50000"}, "salary_max"),
])
def test_bad_programme_settings_are_refused_next_to_the_field(client, login, fields, field):
    login(Role.staff)
    data = {"name": "Odd", "time_zone": "Europe/London", "currency": "GBP", "salary_min": "5000",
            "salary_max": "500000"} | fields
    response = client.post("/staff/programmes/new", data=data)
    assert response.status_code in (200, 422)
    assert f'id="{field}-errors"' in response.get_data(as_text=True)
    assert db.session.scalar(select(Programme).where(Programme.name == "Odd")) is None


def test_the_service_refuses_an_unknown_zone_or_currency():
    from cohorts.design.services import create_programme
    from cohorts.errors import CohortRuleError
    with pytest.raises(CohortRuleError, match="not a time zone"):
        create_programme(name="A", time_zone="Nowhere/Special")
    with pytest.raises(CohortRuleError, match="ISO 4217"):
        create_programme(name="B", currency="ZZZ")
