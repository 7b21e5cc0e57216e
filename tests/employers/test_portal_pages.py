"""The employer portal: profile, questionnaire, hiring-need drafts; only ever the contact's own employer."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Role
from employers.models import Contact, DiscoveryInterview, HiringNeed, HiringNeedStatus, InterviewStatus
from tests import factories
from tests.employers.conftest import other_employer_records


@pytest.fixture
def contact(login, acme):
    return login(Role.employer, employer=acme)


def test_profile_shows_contacts_and_saves_details(client, contact, acme):
    html = client.get("/employer/profile").get_data(as_text=True)
    assert "Ada Lovelace" in html and "Acme Analytics" in html
    bad = client.post("/employer/profile", data={"website": "acme", "sector": "Tech", "size_band": "", "region": ""})
    assert "Enter a full web address" in bad.get_data(as_text=True) and acme.sector == "Technology"
    good = client.post("/employer/profile", data={"website": "https://acme.example", "sector": "Data",
                                                  "size_band": "10-49", "region": "Toronto"})
    assert good.status_code == 302 and (acme.sector, acme.size_band.value) == ("Data", "10-49")
    assert acme.name == "Acme Analytics"


def test_add_a_contact_from_the_portal(client, contact, acme):
    duplicate = client.post("/employer/profile/contacts/new", data={"name": "Ada 2", "email": "ada@acme.example"})
    assert "already a contact" in duplicate.get_data(as_text=True)
    assert client.post("/employer/profile/contacts/new", data={"name": "Alan", "email": ""}).status_code == 302
    assert db.session.scalar(select(func.count()).select_from(Contact).where(Contact.employer_id == acme.id)) == 2


def test_answer_the_questionnaire_then_send_it(client, contact, acme, bank):
    page = client.get("/employer/questionnaire").get_data(as_text=True)
    assert bank["roles_hard_to_fill"].text in page and page.count("<textarea") == len(bank)
    client.post("/employer/questionnaire", data={"answer_roles_hard_to_fill": "Data analysts"})
    questionnaire = db.session.scalar(select(DiscoveryInterview).where(DiscoveryInterview.format == "questionnaire"))
    assert questionnaire.employer_id == acme.id and questionnaire.status == InterviewStatus.draft
    assert "Data analysts" in client.get("/employer/questionnaire").get_data(as_text=True)
    sent = client.post("/employer/questionnaire", data={"answer_roles_hard_to_fill": "Data analysts",
                                                        "answer_recruitment_sources": "Referrals", "send": "y"},
                       follow_redirects=True)
    assert "your answers are with the programme team" in sent.get_data(as_text=True)
    assert questionnaire.status == InterviewStatus.complete and questionnaire.questionnaire_submitted_at
    assert len(questionnaire.answers) == 2
    too_long = client.post("/employer/questionnaire", data={"answer_top_challenges": "x" * 5001})
    assert "Field cannot be longer than 5000 characters." in too_long.get_data(as_text=True)


def test_the_portal_lists_only_the_contacts_own_needs(client, contact, acme):
    other_need, _ = other_employer_records()
    html = client.get("/employer/hiring-needs").get_data(as_text=True)
    assert "HN-0100" in html and other_need.ref not in html


def test_describe_a_draft_need_add_competencies_and_submit_it(client, contact, acme):
    factories.SkillFactory(label="Prospecting")
    bad = client.post("/employer/hiring-needs/new", data={"role_title": "", "openings": "0"})
    html = bad.get_data(as_text=True)
    assert "Enter the role you are hiring for." in html and "Openings must be between 1 and 10,000." in html
    assert 'name="ref"' not in client.get("/employer/hiring-needs/new").get_data(as_text=True)
    created = client.post("/employer/hiring-needs/new", data={
        "role_title": "Junior Data Analyst", "openings": "2", "region": "Toronto", "salary_min": "",
        "salary_max": "", "needed_by": "2026-10-01", "stated_requirements": "A degree in statistics",
        "non_negotiables": ""})
    need = db.session.scalar(select(HiringNeed).where(HiringNeed.role_title == "Junior Data Analyst"))
    assert need.status == HiringNeedStatus.draft and need.employer_id == acme.id
    assert created.headers["Location"].endswith(f"/employer/hiring-needs/{need.id}/competencies")

    refused = client.post(f"/employer/hiring-needs/{need.id}/submit", follow_redirects=True)
    assert "Add at least one competency" in refused.get_data(as_text=True) and need.submitted_at is None
    client.post(f"/employer/hiring-needs/{need.id}/competencies", data={
        "rows-0-skill": "prospecting", "rows-0-level": "2", "rows-0-importance": "must"})
    assert [c.skill.label for c in need.competencies] == ["Prospecting"]
    edited = client.post(f"/employer/hiring-needs/{need.id}/edit", data={
        "role_title": "Junior Data Analyst", "openings": "3", "version": str(need.version)})
    assert edited.status_code == 302 and need.openings == 3
    submitted = client.post(f"/employer/hiring-needs/{need.id}/submit", follow_redirects=True)
    assert "is with the programme team for review" in submitted.get_data(as_text=True)
    assert need.submitted_at is not None and need.status == HiringNeedStatus.draft
    detail = client.get(f"/employer/hiring-needs/{need.id}").get_data(as_text=True)
    assert "What they ask for" in detail and "A degree in statistics" in detail and "Prospecting" in detail


def test_an_employer_cannot_add_skills_to_the_vocabulary(client, contact, acme):
    need = factories.HiringNeedFactory(employer=acme, status=HiringNeedStatus.draft)
    page = client.get(f"/employer/hiring-needs/{need.id}/competencies").get_data(as_text=True)
    assert "add_new_skills" not in page
    refused = client.post(f"/employer/hiring-needs/{need.id}/competencies", data={
        "rows-0-skill": "Telepathy", "rows-0-level": "2", "rows-0-importance": "must", "add_new_skills": "y"})
    assert "Programme staff can add new skills to it." in refused.get_data(as_text=True)
    assert need.competencies == []


def test_an_open_need_can_no_longer_be_changed_in_the_portal(client, contact, acme):
    need = acme.hiring_needs[0]
    response = client.get(f"/employer/hiring-needs/{need.id}/edit", follow_redirects=True)
    assert "ask the programme team to change it" in response.get_data(as_text=True)
    client.post(f"/employer/hiring-needs/{need.id}/edit", data={"role_title": "Changed", "openings": "9"})
    client.post(f"/employer/hiring-needs/{need.id}/competencies", data={"rows-0-skill": ""})
    assert need.role_title == "Data Analyst" and len(need.competencies) == 1


def test_the_contact_sees_their_completed_interviews(client, contact, acme, bank):
    interview = acme.interviews[0]
    interview.status = InterviewStatus.complete
    factories.InterviewAnswerFactory(interview=interview, question=bank["ideal_candidate"], answer="Curious people")
    html = client.get("/employer/questionnaire").get_data(as_text=True)
    assert f"/employer/interviews/{interview.id}" in html
    page = client.get(f"/employer/interviews/{interview.id}").get_data(as_text=True)
    assert "Curious people" in page and bank["ideal_candidate"].text in page


def test_a_submitted_draft_reads_submitted_for_review_to_the_employer(client, contact, acme):
    need = factories.HiringNeedFactory(employer=acme, role_title="Field Technician", status=HiringNeedStatus.draft)
    need.submitted_at = need.created_at
    db.session.commit()
    for url in ("/employer/hiring-needs", f"/employer/hiring-needs/{need.id}"):
        html = client.get(url).get_data(as_text=True)
        assert "Submitted for review" in html, url
        assert 'badge--draft">Draft' not in html.split("Field Technician", 1)[1][:400], url
