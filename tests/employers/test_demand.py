"""The demand board and insights: pandas aggregation, pages, downloads, and ESCO proposals."""

from __future__ import annotations

import io
import re
from datetime import date

import pandas as pd
import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import EscoOccupation, Role
from app.skills.vocabulary import ESCO_ATTRIBUTION
from app.skills.esco_import import import_esco
from employers import demand, queries
from employers.models import HiringNeedStatus, InterviewFormat, InterviewStatus
from tests import factories
from tests.employers.test_skills import write_download


def needs_frame(rows):
    return pd.DataFrame(rows, columns=["hiring_need_id", "ref", "employer", "role", "region", "openings",
                                       "needed_by", "status"])


def test_competencies_are_weighted_by_openings_and_split_must_nice():
    needs = needs_frame([(1, "HN-1", "A", "SDR", "Toronto", 3, date(2026, 5, 1), "open"),
                         (2, "HN-2", "B", "sdr ", "Ottawa", 2, None, "open"),
                         (3, "HN-3", "B", "AE", "Toronto", 1, date(2026, 7, 9), "open")])
    skills = pd.DataFrame([(1, "Prospecting", 2, "must"), (2, "Prospecting", 4, "nice"), (3, "Closing", 3, "must")],
                          columns=["hiring_need_id", "skill", "level", "importance"])
    table = demand.by_competency(needs, skills).set_index("skill")
    assert table.loc["Prospecting", ["openings", "must_openings", "nice_openings", "needs"]].tolist() == [5, 3, 2, 2]
    assert table.loc["Prospecting", "average_level"] == 3.0
    assert table.index.tolist() == ["Prospecting", "Closing"]
    roles = demand.by_role(needs)
    assert roles[["openings", "needs", "employers"]].values.tolist() == [[5, 2, 2], [1, 1, 1]]
    assert roles["role"].str.strip().str.upper().tolist() == ["SDR", "AE"]
    assert demand.by_region(needs)[["region", "openings"]].values.tolist() == [["Toronto", 4], ["Ottawa", 2]]
    months = demand.by_month(needs)
    assert months.values.tolist() == [["May 2026", 3], ["Jun 2026", 0], ["Jul 2026", 1], ["no date", 2]]


def test_empty_demand_gives_empty_tables():
    empty = needs_frame([])
    skills = pd.DataFrame(columns=["hiring_need_id", "skill", "level", "importance"])
    assert demand.by_role(empty).empty and demand.by_region(empty).empty
    assert demand.by_competency(empty, skills).empty and demand.by_month(empty).empty


@pytest.mark.parametrize("text, items", [
    ("LinkedIn, referrals and job fairs", ["linkedin", "referrals", "job fairs"]),
    ("Mostly Indeed; some agencies\nvia our website", ["indeed", "agencies", "our website"]),
    ("", []),
])
def test_split_items(text, items):
    assert demand.split_items(text) == items


def test_mentions_count_employers_not_repetitions():
    texts = pd.DataFrame([(1, "LinkedIn, LinkedIn"), (2, "linkedin and referrals"), (2, "Referrals")],
                         columns=["employer_id", "text"])
    assert demand.mentions(texts).values.tolist() == [["linkedin", 2], ["referrals", 1]]


@pytest.fixture
def open_demand():
    prospecting, closing = factories.SkillFactory(label="Prospecting"), factories.SkillFactory(label="Closing")
    sdr = factories.HiringNeedFactory(role_title="SDR", openings=4, region="Toronto", needed_by=date(2026, 6, 1))
    factories.HiringNeedSkillFactory(hiring_need=sdr, skill=prospecting, level=3)
    ae = factories.HiringNeedFactory(role_title="Account Executive", openings=1, region="Ottawa")
    factories.HiringNeedSkillFactory(hiring_need=ae, skill=closing, importance="nice")
    factories.HiringNeedFactory(role_title="Filled role", status=HiringNeedStatus.filled, openings=9)
    review = factories.HiringNeedFactory(role_title="Support Agent", status=HiringNeedStatus.draft, openings=2,
                                         submitted_at=sdr.created_at)
    factories.HiringNeedSkillFactory(hiring_need=review, skill=closing)
    return sdr


def test_demand_board_grouped_in_sql_matches_the_per_need_tables(open_demand):
    prospecting = open_demand.competencies[0].skill
    for role, region, openings in (("sdr ", "Toronto", 3), ("Sdr", "", 2), ("SDR", "Ottawa", 1)):
        need = factories.HiringNeedFactory(role_title=role, region=region, openings=openings, needed_by=None)
        factories.HiringNeedSkillFactory(hiring_need=need, skill=prospecting, level=2, importance="nice")
    for filters in ({}, {"include_review": True}, {"region": "Toronto"}):
        board = demand.demand_board(**filters)
        needs, skills = queries.demand_frames(**filters)
        pd.testing.assert_frame_equal(board["roles"], demand.by_role(needs), check_dtype=False)
        pd.testing.assert_frame_equal(board["regions"], demand.by_region(needs), check_dtype=False)
        pd.testing.assert_frame_equal(board["competencies"], demand.by_competency(needs, skills), check_dtype=False)
        pd.testing.assert_frame_equal(board["months"], demand.by_month(needs), check_dtype=False)
        assert board["totals"] == {"needs": len(needs), "openings": int(needs["openings"].sum()),
                                   "employers": int(needs["employer"].nunique())}
        pd.testing.assert_frame_equal(board["lines"], demand.demand_lines(needs, skills))
    board = demand.demand_board()
    assert board["roles"].set_index("role").loc["SDR", ["openings", "needs"]].tolist() == [10, 4]
    assert board["competencies"].set_index("skill").loc["Prospecting", "average_level"] == 2.2


def test_empty_demand_board():
    board = demand.demand_board()
    assert board["totals"] == {"needs": 0, "openings": 0, "employers": 0}
    assert board["roles"].empty and board["regions"].empty and board["competencies"].empty
    assert board["months"].empty and board["lines"].empty


def test_demand_board_page_shows_open_demand_with_charts(client, login, open_demand):
    login(Role.staff)
    html = client.get("/staff/demand").get_data(as_text=True)
    assert '<svg class="chart"' in html and "Openings that must have each competency" in html
    assert "Prospecting" in html and "Account Executive" in html
    assert "Filled role" not in html and "Support Agent" not in html
    assert '<span class="stat__value">5</span>' in html
    with_review = client.get("/staff/demand?include_review=y").get_data(as_text=True)
    assert "Support Agent" in with_review and '<span class="stat__value">7</span>' in with_review
    toronto = client.get("/staff/demand?region=Toronto").get_data(as_text=True)
    assert "Account Executive" not in toronto and "SDR" in toronto


def test_demand_board_downloads(client, login, open_demand):
    login(Role.staff)
    lines = pd.read_csv(io.BytesIO(client.get("/staff/demand?format=csv").data))
    assert set(lines.columns) >= {"ref", "employer", "role", "openings", "skill", "level", "importance"}
    assert sorted(lines["skill"]) == ["Closing", "Prospecting"]
    sheets = pd.read_excel(io.BytesIO(client.get("/staff/demand?format=xlsx").data), sheet_name=None)
    assert {"roles", "regions", "competencies", "months", "needs and competencies"} == set(sheets)
    assert sheets["competencies"]["skill"].tolist() == ["Prospecting", "Closing"]


def test_insights_across_completed_interviews(client, login, bank):
    first, second = factories.EmployerFactory(), factories.EmployerFactory()
    for employer, roles, sources, pains in ((first, "SDRs, account executives", "LinkedIn and referrals", ["slow hiring"]),
                                            (second, "SDRs", "Referrals", ["slow hiring", "churn"])):
        interview = factories.DiscoveryInterviewFactory(employer=employer, status=InterviewStatus.complete,
                                                        pain_points=pains)
        factories.InterviewAnswerFactory(interview=interview, question=bank["roles_hard_to_fill"], answer=roles)
        factories.InterviewAnswerFactory(interview=interview, question=bank["recruitment_sources"], answer=sources)
        factories.InterviewAnswerFactory(interview=interview, question=bank["non_negotiables"], answer="Right to work")
    draft = factories.DiscoveryInterviewFactory(employer=first, status=InterviewStatus.draft)
    factories.InterviewAnswerFactory(interview=draft, question=bank["roles_hard_to_fill"], answer="Welders")
    questionnaire = factories.DiscoveryInterviewFactory(employer=second, status=InterviewStatus.complete,
                                                        format=InterviewFormat.questionnaire)
    factories.InterviewAnswerFactory(interview=questionnaire, question=bank["roles_hard_to_fill"], answer="Welders")
    need = factories.HiringNeedFactory(employer=first, stated_requirements="5 years in tech",
                                       non_negotiables="right to work")
    factories.HiringNeedSkillFactory(hiring_need=need, skill=factories.SkillFactory(label="Prospecting"), level=3)

    data = demand.insights()
    assert data["interviews"] == 2
    assert data["hard_roles"].values.tolist() == [["sdrs", 2], ["account executives", 1]]
    assert data["sources"].values.tolist() == [["referrals", 2], ["linkedin", 1]]
    assert data["non_negotiables"].values.tolist() == [["right to work", 2]]
    assert data["pain_points"].values.tolist() == [["slow hiring", 2], ["churn", 1]]
    assert data["proxies"][0]["stated"] == "5 years in tech"
    assert data["proxies"][0]["stands_for"] == ["Prospecting (level 3)"]

    login(Role.staff)
    html = client.get("/staff/demand/insights").get_data(as_text=True)
    assert "Hardest-to-fill roles" in html and "welders" not in html.lower()
    assert "5 years in tech" in html and "Prospecting (level 3)" in html
    mentions = pd.read_csv(io.BytesIO(client.get("/staff/demand/insights?format=csv").data))
    assert mentions[mentions["topic"] == "sources"]["item"].tolist() == ["referrals", "linkedin"]


def test_esco_occupation_proposes_its_essential_skills(client, login, tmp_path):
    import_esco([write_download(tmp_path)], echo=lambda _: None)
    need = factories.HiringNeedFactory(role_title="SDR")
    login(Role.staff)
    found = client.get(f"/staff/hiring-needs/{need.id}/competencies?occupation_q=sales").get_data(as_text=True)
    assert "sales representative" in found and ESCO_ATTRIBUTION in found
    occupation = db.session.scalar(select(EscoOccupation))
    proposal = client.get(f"/staff/hiring-needs/{need.id}/competencies?occupation_id={occupation.id}")
    html = proposal.get_data(as_text=True)
    assert "manage sales pipeline" in html and "communicate with customers" in html
    assert "CRM software" not in html, "only essential skills are proposed"
    skill_ids = [int(v) for v in re.findall(r'name="skills"[^>]*value="(\d+)"', html)]
    assert len(skill_ids) == 2
    response = client.post(f"/staff/hiring-needs/{need.id}/esco-skills", data={
        "occupation_id": occupation.id, "skills": skill_ids[:1], "level": "3", "importance": "must"})
    assert response.status_code == 302
    assert need.esco_occupation_id == occupation.id and len(need.competencies) == 1
    assert need.competencies[0].level == 3
    detail = client.get(f"/staff/hiring-needs/{need.id}").get_data(as_text=True)
    assert ESCO_ATTRIBUTION in detail and "What it stands for" in detail
