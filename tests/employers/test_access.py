"""Who may open every demand-side page: each role, each denial, and other employers' ids."""

from __future__ import annotations

import pytest

from app.models import Role
from tests import factories
from tests.employers.conftest import other_employer_records
from tests.employers.crm.factories import FollowUpFactory


@pytest.fixture
def records(bank, acme):
    need = acme.hiring_needs[0]
    interview = acme.interviews[0]
    follow_up = FollowUpFactory(employer=acme)
    return {"employer_id": acme.id, "need_id": need.id, "interview_id": interview.id, "key": "roles_hard_to_fill",
            "contact_id": acme.contacts[0].id, "follow_up_id": follow_up.id}


def staff_pages(r) -> dict[str, tuple[str, str]]:
    """endpoint → (method, url) for every employers_staff endpoint."""
    e, n, i = r["employer_id"], r["need_id"], r["interview_id"]
    return {
        "list_employers": ("GET", "/staff/employers"),
        "create_employer": ("GET", "/staff/employers/new"),
        "employer_detail": ("GET", f"/staff/employers/{e}"),
        "edit_employer": ("GET", f"/staff/employers/{e}/edit"),
        "change_employer_status": ("POST", f"/staff/employers/{e}/status"),
        "new_contact": ("GET", f"/staff/employers/{e}/contacts/new"),
        "start_interview": ("POST", f"/staff/employers/{e}/interviews"),
        "interview_detail": ("GET", f"/staff/interviews/{i}"),
        "edit_interview": ("GET", f"/staff/interviews/{i}/edit"),
        "need_from_answer": ("POST", f"/staff/interviews/{i}/answers/{r['key']}/hiring-need"),
        "skill_search": ("GET", "/staff/skills/search?q=sq"),
        "list_hiring_needs": ("GET", "/staff/hiring-needs"),
        "create_hiring_need": ("GET", f"/staff/employers/{e}/hiring-needs/new"),
        "hiring_need_detail": ("GET", f"/staff/hiring-needs/{n}"),
        "edit_hiring_need": ("GET", f"/staff/hiring-needs/{n}/edit"),
        "change_need_status": ("POST", f"/staff/hiring-needs/{n}/status"),
        "edit_competencies": ("GET", f"/staff/hiring-needs/{n}/competencies"),
        "add_esco_skills": ("POST", f"/staff/hiring-needs/{n}/esco-skills"),
        "demand_board": ("GET", "/staff/demand"),
        "demand_table": ("GET", "/staff/demand/competencies"),
        "demand_insights": ("GET", "/staff/demand/insights"),
        # the employer CRM (employers/crm/urls.py)
        "log_activity": ("GET", f"/staff/employers/{e}/activities"),  # its form; POST is checked in crm/test_pages
        "plan_follow_up": ("GET", f"/staff/employers/{e}/follow-ups"),
        "set_owner": ("GET", f"/staff/employers/{e}/owner"),
        "employer_timeline": ("GET", f"/staff/employers/{e}/timeline"),
        "my_follow_ups": ("GET", "/staff/follow-ups"),
        "complete_follow_up": ("POST", f"/staff/follow-ups/{r['follow_up_id']}/done"),
        "list_activities": ("GET", f"/staff/activities?employer_id={e}"),
        "edit_contact": ("GET", f"/staff/contacts/{r['contact_id']}/edit"),
        "archive_contact": ("POST", f"/staff/contacts/{r['contact_id']}/archive"),
        "unarchive_contact": ("POST", f"/staff/contacts/{r['contact_id']}/unarchive"),
        # job sources and postings (employers/jobs/urls.py); an unknown source is a 404 to staff
        "list_job_sources": ("GET", "/staff/job-sources"),
        "add_job_source": ("POST", "/staff/job-sources/new"),
        "retry_job_source": ("POST", "/staff/job-sources/999999/retry"),
        "remove_job_source": ("POST", "/staff/job-sources/999999/remove"),
        "poll_job_source": ("POST", "/staff/job-sources/999999/poll"),
        "list_job_postings": ("GET", "/staff/job-postings"),
    }


def portal_pages(r) -> dict[str, tuple[str, str]]:
    n, i = r["need_id"], r["interview_id"]
    return {
        "home": ("GET", "/employer/"),
        "profile": ("GET", "/employer/profile"),
        "new_contact": ("GET", "/employer/profile/contacts/new"),
        "questionnaire": ("GET", "/employer/questionnaire"),
        "interview_detail": ("GET", f"/employer/interviews/{i}"),
        "list_hiring_needs": ("GET", "/employer/hiring-needs"),
        "create_hiring_need": ("GET", "/employer/hiring-needs/new"),
        "hiring_need_detail": ("GET", f"/employer/hiring-needs/{n}"),
        "edit_hiring_need": ("GET", f"/employer/hiring-needs/{n}/edit"),
        "edit_competencies": ("GET", f"/employer/hiring-needs/{n}/competencies"),
        "submit_hiring_need": ("POST", f"/employer/hiring-needs/{n}/submit"),
        "skill_search": ("GET", "/employer/skills/search?q=sq"),
    }


def _request(client, method, url):
    return client.get(url) if method == "GET" else client.post(url, data={})


def test_every_endpoint_of_both_blueprints_is_in_the_access_tables(app, records):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules()}
    staff = {e.split(".", 1)[1] for e in endpoints if e.startswith("employers_staff.")}
    portal = {e.split(".", 1)[1] for e in endpoints if e.startswith("employers_portal.")}
    assert staff == set(staff_pages(records))
    assert portal == set(portal_pages(records))


@pytest.mark.parametrize("role", [Role.staff, Role.admin])
def test_staff_and_admins_open_every_staff_page(client, login, records, role):
    login(role)
    for endpoint, (method, url) in staff_pages(records).items():
        if method == "GET":
            response = client.get(url)
            assert response.status_code == 200, (endpoint, response.status_code)


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_other_roles_are_refused_every_staff_page(client, login, records, role):
    login(role)
    for endpoint, (method, url) in staff_pages(records).items():
        assert _request(client, method, url).status_code == 403, endpoint


def test_anonymous_visitors_are_sent_to_log_in(client, records):
    for endpoint, (method, url) in [*staff_pages(records).items(), *portal_pages(records).items()]:
        response = _request(client, method, url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], endpoint


@pytest.mark.parametrize("role", [Role.staff, Role.participant])
def test_the_employer_portal_is_for_employer_contacts_only(client, login, records, role):
    login(role)
    for endpoint, (method, url) in portal_pages(records).items():
        assert _request(client, method, url).status_code == 403, endpoint


def test_an_employer_contact_opens_every_portal_page(client, login, records, acme):
    acme.hiring_needs[0].status = "draft"
    login(Role.employer, employer=acme)
    for endpoint, (method, url) in portal_pages(records).items():
        if method == "GET":
            assert client.get(url).status_code == 200, endpoint


def test_another_employers_need_and_interview_answer_404(client, login, acme):
    need, interview = other_employer_records()
    need.status = "draft"
    login(Role.employer, employer=acme)
    for method, url in [("GET", f"/employer/interviews/{interview.id}"),
                        ("GET", f"/employer/hiring-needs/{need.id}"),
                        ("GET", f"/employer/hiring-needs/{need.id}/edit"),
                        ("POST", f"/employer/hiring-needs/{need.id}/edit"),
                        ("GET", f"/employer/hiring-needs/{need.id}/competencies"),
                        ("POST", f"/employer/hiring-needs/{need.id}/competencies"),
                        ("POST", f"/employer/hiring-needs/{need.id}/submit")]:
        assert _request(client, method, url).status_code == 404, url
    assert need.submitted_at is None and need.competencies == []


def test_missing_ids_answer_404_for_staff(client, login, bank):
    login(Role.staff)
    for url in ("/staff/employers/999999", "/staff/interviews/999999", "/staff/hiring-needs/999999",
                "/staff/hiring-needs/999999/competencies", "/staff/employers/999999/edit"):
        assert client.get(url).status_code == 404, url


def test_a_portal_questionnaire_is_not_editable_by_staff(client, login, bank):
    questionnaire = factories.DiscoveryInterviewFactory(format="questionnaire")
    login(Role.staff)
    assert client.get(f"/staff/interviews/{questionnaire.id}/edit").status_code == 404
    assert client.get(f"/staff/interviews/{questionnaire.id}").status_code == 200
