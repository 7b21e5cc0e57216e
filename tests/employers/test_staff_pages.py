"""Staff pages of the demand side: lists, forms (errors next to fields, nothing written), flows."""

from __future__ import annotations

import io

import pandas as pd
import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Role
from app.skills.vocabulary import find_skill
from employers.models import Employer, EmployerStatus, HiringNeed, HiringNeedStatus, InterviewStatus
from employers.timeline import EmployerSection, TimelineEvent, employer_page_sections, register_employer_section
from tests import factories


@pytest.fixture
def staff(login):
    return login(Role.staff)


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def field_error(html: str, field_id: str) -> bool:
    """The field is marked invalid and its error list sits right after it."""
    return f'id="{field_id}-errors"' in html and 'aria-invalid="true"' in html


# --- employers ---------------------------------------------------------------------------------


def test_employer_list_searches_filters_and_paginates(client, staff, app):
    factories.EmployerFactory(name="Acme Analytics", sector="Technology", region="Toronto",
                              status=EmployerStatus.prospect)
    factories.EmployerFactory(name="Birch Bakery", sector="Food", region="Ottawa")
    html = client.get("/staff/employers?q=acme").get_data(as_text=True)
    assert "Acme Analytics" in html and "Birch Bakery" not in html
    html = client.get("/staff/employers?sector=Food&region=Ottawa").get_data(as_text=True)
    assert "Birch Bakery" in html and "Acme Analytics" not in html
    html = client.get("/staff/employers?status=prospect").get_data(as_text=True)
    assert "Acme Analytics" in html and "Birch Bakery" not in html
    html = client.get("/staff/employers?status=bogus").get_data(as_text=True)
    assert "Acme Analytics" in html and "Birch Bakery" in html, "an invalid filter is ignored"
    for n in range(app.config["ITEMS_PER_PAGE"]):
        factories.EmployerFactory(name=f"Zulu {n:02d}")
    page2 = client.get("/staff/employers?page=2").get_data(as_text=True)
    assert "Zulu 24" in page2 and "Acme Analytics" not in page2 and 'rel="prev"' in page2


def test_employer_list_downloads_as_csv_and_xlsx_with_the_same_filters(client, staff):
    factories.EmployerFactory(name="=HYPERLINK(evil)", sector="Food")
    factories.EmployerFactory(name="Other", sector="Technology")
    response = client.get("/staff/employers?sector=Food&format=csv")
    assert response.mimetype == "text/csv"
    frame = pd.read_csv(io.BytesIO(response.data))
    assert frame["name"].tolist() == ["'=HYPERLINK(evil)"] and frame["sector"].tolist() == ["Food"]
    xlsx = client.get("/staff/employers?format=xlsx")
    assert xlsx.mimetype.endswith("spreadsheetml.sheet")
    assert set(pd.read_excel(io.BytesIO(xlsx.data))["name"]) == {"=HYPERLINK(evil)", "Other"}
    assert client.get("/staff/employers?format=pdf").status_code == 400


def test_create_an_employer(client, staff):
    response = client.post("/staff/employers/new", data={
        "name": "Maple Logistics", "sector": "Logistics", "size_band": "50-249", "region": "Ottawa",
        "website": "https://maple.example", "notes": ""})
    employer = db.session.scalar(select(Employer).where(Employer.name == "Maple Logistics"))
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/staff/employers/{employer.id}")
    assert employer.size_band.value == "50-249" and employer.status == EmployerStatus.prospect
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.entity == "employer")) == "created"


@pytest.mark.parametrize("data, field_id, message", [
    ({"name": ""}, "name", "Enter the employer&#39;s name."),
    ({"name": "Maple", "website": "not a url"}, "website", "Enter a full web address"),
    ({"name": "maple logistics"}, "name", "is already registered"),
    ({"name": "x" * 201}, "name", "Field cannot be longer than 200 characters."),
])
def test_employer_form_errors_sit_next_to_their_field_and_write_nothing(client, staff, data, field_id, message):
    factories.EmployerFactory(name="Maple Logistics")
    response = client.post("/staff/employers/new", data={"size_band": "", **data})
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert message in html and field_error(html, field_id)
    assert count(Employer) == 1


def test_edit_an_employer(client, staff):
    employer = factories.EmployerFactory(name="Globex", sector="Energy")
    form = client.get(f"/staff/employers/{employer.id}/edit").get_data(as_text=True)
    assert 'value="Globex"' in form
    response = client.post(f"/staff/employers/{employer.id}/edit", data={
        "name": "Globex Corp", "sector": "Utilities", "size_band": "", "region": "", "website": "", "notes": "Met at expo"})
    assert response.status_code == 302
    assert (employer.name, employer.sector, employer.size_band, employer.notes) == ("Globex Corp", "Utilities", None,
                                                                                   "Met at expo")


def test_status_change_is_recorded_and_shown_on_the_timeline(client, staff):
    employer = factories.EmployerFactory(status=EmployerStatus.prospect)
    detail = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    assert '<option value="in_discovery">' in detail and '<option value="hiring_partner">' not in detail
    response = client.post(f"/staff/employers/{employer.id}/status", data={"status": "in_discovery"})
    assert response.status_code == 302 and employer.status == EmployerStatus.in_discovery
    page = client.get(f"/staff/employers/{employer.id}").get_data(as_text=True)
    assert "Status: Prospect → In discovery" in page and staff.email in page


def test_a_status_jump_is_refused_with_a_message(client, staff):
    employer = factories.EmployerFactory(status=EmployerStatus.prospect)
    response = client.post(f"/staff/employers/{employer.id}/status", data={"status": "hiring_partner"},
                           follow_redirects=True)
    assert "An employer cannot go from prospect to hiring partner." in response.get_data(as_text=True)
    assert employer.status == EmployerStatus.prospect


def test_employer_page_shows_its_records_and_registered_sections(client, staff, acme):
    factories.HiringNeedFactory(employer=acme, ref="HN-0101", role_title="Data Engineer",
                                status=HiringNeedStatus.draft)

    def cohorts_section(employer_id, everything):
        return EmployerSection(title="Cohorts it is in", template="employers/_contacts.html",
                               context={"employer_id": employer_id},
                               events=[TimelineEvent(acme.created_at, "Joined cohort C-0001", kind="cohort")])

    register_employer_section(cohorts_section)
    register_employer_section(cohorts_section)
    try:
        assert employer_page_sections.count(cohorts_section) == 1
        html = client.get(f"/staff/employers/{acme.id}").get_data(as_text=True)
    finally:
        employer_page_sections.remove(cohorts_section)
    assert "Ada Lovelace" in html and "HN-0100" in html and "HN-0101" in html
    assert "Cohorts it is in" in html and "Joined cohort C-0001" in html
    assert "Hiring need HN-0100: Data Analyst" in html and "Discovery interview" in html
    assert html.count("<h1") == 1


def test_add_a_contact_and_refuse_a_bad_email(client, staff):
    employer = factories.EmployerFactory()
    bad = client.post(f"/staff/employers/{employer.id}/contacts/new", data={"name": "Ada", "email": "ada@"})
    assert "Enter a valid email address." in bad.get_data(as_text=True) and employer.contacts == []
    good = client.post(f"/staff/employers/{employer.id}/contacts/new",
                       data={"name": "Ada", "email": "ada@example.com", "is_primary": "y"})
    assert good.status_code == 302
    assert [(c.name, c.is_primary) for c in employer.contacts] == [("Ada", True)]


# --- interviews ----------------------------------------------------------------------------------


def test_start_an_interview_from_the_questionnaire_and_complete_it(client, staff, bank):
    employer = factories.EmployerFactory()
    questionnaire = factories.DiscoveryInterviewFactory(employer=employer, format="questionnaire", held_on=None)
    factories.InterviewAnswerFactory(interview=questionnaire, question=bank["roles_hard_to_fill"],
                                     answer="Inside sales reps")
    response = client.post(f"/staff/employers/{employer.id}/interviews")
    interview = max(employer.interviews, key=lambda i: i.id)
    assert response.headers["Location"].endswith(f"/staff/interviews/{interview.id}/edit")
    form = client.get(f"/staff/interviews/{interview.id}/edit").get_data(as_text=True)
    assert "Inside sales reps" in form and "already filled in" in form

    incomplete = client.post(f"/staff/interviews/{interview.id}/edit", data={
        "held_on": "", "format": "video", "summary": "", "complete": "y",
        "answer_roles_hard_to_fill": "Changed"})
    html = incomplete.get_data(as_text=True)
    assert "Enter the date the interview was held" in html and field_error(html, "held_on")
    assert "Write a summary to complete the interview." in html
    db.session.expire_all()
    assert interview.status == InterviewStatus.draft
    assert [a.answer for a in interview.answers] == ["Inside sales reps"], "nothing written"

    done = client.post(f"/staff/interviews/{interview.id}/edit", data={
        "held_on": "2026-03-02", "format": "in_person", "attendees": "Ada (CTO)", "summary": "Wants SDRs",
        "pain_points": "slow hiring, churn", "complete": "y", "answer_roles_hard_to_fill": "SDRs",
        "answer_non_negotiables": "Right to work"})
    assert done.status_code == 302
    assert interview.status == InterviewStatus.complete and interview.pain_points == ["slow hiring", "churn"]
    page = client.get(f"/staff/interviews/{interview.id}").get_data(as_text=True)
    assert "SDRs" in page and "Make a hiring need from this answer" in page


def test_turn_an_answer_into_a_hiring_need_in_one_step(client, staff, bank):
    interview = factories.DiscoveryInterviewFactory()
    factories.InterviewAnswerFactory(interview=interview, question=bank["roles_hard_to_fill"],
                                     answer="Customer success managers")
    response = client.post(f"/staff/interviews/{interview.id}/answers/roles_hard_to_fill/hiring-need")
    need = db.session.scalar(select(HiringNeed).where(HiringNeed.source_interview_id == interview.id))
    assert response.headers["Location"].endswith(f"/staff/hiring-needs/{need.id}/edit")
    assert need.role_title == "Customer success managers" and need.status == HiringNeedStatus.draft
    empty = client.post(f"/staff/interviews/{interview.id}/answers/ideal_candidate/hiring-need",
                        follow_redirects=True)
    assert "no answer to turn into a hiring need" in empty.get_data(as_text=True)
    assert count(HiringNeed) == 1


# --- hiring needs ---------------------------------------------------------------------------------


def test_hiring_need_list_filters_and_downloads(client, staff):
    sql = factories.SkillFactory(label="SQL")
    need = factories.HiringNeedFactory(role_title="Data Analyst", region="Toronto")
    factories.HiringNeedSkillFactory(hiring_need=need, skill=sql)
    factories.HiringNeedFactory(role_title="Welder", region="Ottawa", status=HiringNeedStatus.draft,
                                submitted_at=need.created_at)
    html = client.get("/staff/hiring-needs?q=analyst").get_data(as_text=True)
    assert "Data Analyst" in html and "Welder" not in html and "1 of 1" in html
    review = client.get("/staff/hiring-needs?review=y").get_data(as_text=True)
    assert "Welder" in review and "Data Analyst" not in review and "Awaiting review" in review
    frame = pd.read_csv(io.BytesIO(client.get("/staff/hiring-needs?region=Toronto&format=csv").data))
    assert frame[["role", "must_have"]].values.tolist() == [["Data Analyst", "SQL"]]


def test_create_a_hiring_need_then_its_competencies(client, staff):
    employer = factories.EmployerFactory(region="Ottawa")
    form = client.get(f"/staff/employers/{employer.id}/hiring-needs/new").get_data(as_text=True)
    assert 'value="Ottawa"' in form
    response = client.post(f"/staff/employers/{employer.id}/hiring-needs/new", data={
        "ref": "", "role_title": "Inside Sales Rep", "openings": "3", "region": "Ottawa", "salary_min": "45000",
        "salary_max": "55000", "needed_by": "2026-09-01", "stated_requirements": "2 years of B2B sales",
        "non_negotiables": "Valid driving licence", "status": "open"})
    need = db.session.scalar(select(HiringNeed).where(HiringNeed.employer_id == employer.id))
    assert need.ref == "HN-0001" and need.openings == 3 and need.status == HiringNeedStatus.open
    assert response.headers["Location"].endswith(f"/staff/hiring-needs/{need.id}/competencies")


@pytest.mark.parametrize("data, field_id, message", [
    ({"openings": "0"}, "openings", "Openings must be between 1 and 10,000."),
    ({"openings": "many"}, "openings", "Not a valid integer value."),
    ({"salary_min": "60000", "salary_max": "50000"}, "salary_max", "must not be below its bottom"),
    ({"role_title": ""}, "role_title", "Enter the role you are hiring for."),
    ({"ref": "HN-0100"}, "ref", "The reference HN-0100 is already used"),
    ({"ref": "bad ref!"}, "ref", "Use letters, digits"),
    ({"needed_by": "31/02/2026"}, "needed_by", "Not a valid date value."),
])
def test_hiring_need_form_errors_sit_next_to_their_field(client, staff, acme, data, field_id, message):
    response = client.post(f"/staff/employers/{acme.id}/hiring-needs/new", data={
        "role_title": "Analyst", "openings": "1", "status": "open", **data})
    html = response.get_data(as_text=True)
    assert message in html and field_error(html, field_id)
    assert count(HiringNeed) == 1


def test_edit_a_need_refuses_a_stale_form(client, staff):
    need = factories.HiringNeedFactory(openings=2)
    fields = {"role_title": need.role_title, "openings": "5", "ref": need.ref}
    stale = client.post(f"/staff/hiring-needs/{need.id}/edit", data={**fields, "version": str(need.version + 1)})
    assert "Someone else changed this hiring need" in stale.get_data(as_text=True) and need.openings == 2
    fresh = client.post(f"/staff/hiring-needs/{need.id}/edit", data={**fields, "version": str(need.version)})
    assert fresh.status_code == 302 and need.openings == 5


def test_set_competencies_without_javascript(client, staff):
    need = factories.HiringNeedFactory()
    factories.SkillFactory(label="Cold calling")
    factories.SkillFactory(label="Negotiation")
    page = client.get(f"/staff/hiring-needs/{need.id}/competencies").get_data(as_text=True)
    assert 'data-skill-picker' in page and 'for="rows-0-skill"' in page
    response = client.post(f"/staff/hiring-needs/{need.id}/competencies", data={
        "rows-0-skill": "cold  CALLING", "rows-0-level": "3", "rows-0-importance": "must",
        "rows-1-skill": "Negotiation", "rows-1-level": "2", "rows-1-importance": "nice",
        "rows-2-skill": "", "rows-2-level": "2", "rows-2-importance": "must"})
    assert response.status_code == 302
    assert sorted((c.skill.label, c.level, c.importance.value) for c in need.competencies) == [
        ("Cold calling", 3, "must"), ("Negotiation", 2, "nice")]
    removed = client.post(f"/staff/hiring-needs/{need.id}/competencies", data={
        "rows-0-skill": "Cold calling", "rows-0-level": "4", "rows-0-importance": "must",
        "rows-1-skill": "Negotiation", "rows-1-level": "2", "rows-1-importance": "nice", "rows-1-remove": "y"})
    assert removed.status_code == 302
    assert [(c.skill.label, c.level) for c in need.competencies] == [("Cold calling", 4)]


def test_an_unknown_or_repeated_skill_is_refused_next_to_its_row(client, staff):
    need = factories.HiringNeedFactory()
    factories.SkillFactory(label="Cold calling")
    response = client.post(f"/staff/hiring-needs/{need.id}/competencies", data={
        "rows-0-skill": "Cold callin", "rows-0-level": "3", "rows-0-importance": "must",
        "rows-1-skill": "Cold calling", "rows-1-level": "3", "rows-1-importance": "must",
        "rows-2-skill": "cold calling", "rows-2-level": "3", "rows-2-importance": "must"})
    html = response.get_data(as_text=True)
    assert "No skill called “Cold callin” in the vocabulary. Did you mean: Cold calling?" in html
    assert "Cold calling is listed twice." in html
    assert 'id="rows-0-skill-errors"' in html and 'id="rows-2-skill-errors"' in html
    assert need.competencies == []


def test_staff_add_a_skill_new_to_the_vocabulary_only_when_they_say_so(client, staff):
    """One rule with the workbook import: a new label becomes a skill once someone has seen it."""
    need = factories.HiringNeedFactory()
    row = {"rows-0-skill": "Channel  partnerships", "rows-0-level": "3", "rows-0-importance": "must"}
    refused = client.post(f"/staff/hiring-needs/{need.id}/competencies", data=row).get_data(as_text=True)
    assert "tick “Add skills that are not in the vocabulary yet”" in refused
    assert find_skill("Channel partnerships") is None
    added = client.post(f"/staff/hiring-needs/{need.id}/competencies", data=row | {"add_new_skills": "y"})
    assert added.status_code == 302
    assert [c.skill.label for c in need.competencies] == ["Channel partnerships"]


def test_change_a_need_status(client, staff):
    need = factories.HiringNeedFactory(status=HiringNeedStatus.draft)
    page = client.get(f"/staff/hiring-needs/{need.id}").get_data(as_text=True)
    assert '<option value="open">' in page and '<option value="filled">' not in page
    assert client.post(f"/staff/hiring-needs/{need.id}/status", data={"status": "open"}).status_code == 302
    assert need.status == HiringNeedStatus.open
    client.post(f"/staff/hiring-needs/{need.id}/status", data={"status": "draft"})
    assert need.status == HiringNeedStatus.open


def test_skill_search_answers_json(client, staff):
    factories.SkillFactory(label="Prospecting")
    factories.SkillFactory(label="Social prospecting")
    response = client.get("/staff/skills/search?q=prosp")
    assert [s["label"] for s in response.get_json()] == ["Prospecting", "Social prospecting"]
    assert client.get("/staff/skills/search").get_json() == []
