"""Every demand-side list page runs the same number of queries with more rows (no N+1)."""

from __future__ import annotations

import pytest

from app.models import Role
from employers.models import InterviewStatus
from employers.timeline import EmployerSection, TimelineEvent, employer_page_sections, register_employer_section
from tests import factories
from tests.conftest import assert_query_count_flat, counting_queries


def add_needs(employer=None, n=3):
    for _ in range(n):
        need = factories.HiringNeedFactory(**({"employer": employer} if employer else {}))
        for _ in range(2):
            factories.HiringNeedSkillFactory(hiring_need=need)


def test_employer_list(client, login):
    login(Role.staff)
    add_needs()

    def grow():
        for _ in range(4):
            employer = factories.EmployerFactory()
            factories.ContactFactory(employer=employer)
            add_needs(employer, 2)

    assert_query_count_flat(client, "/staff/employers", grow)


def test_hiring_need_list(client, login):
    login(Role.staff)
    add_needs()
    assert_query_count_flat(client, "/staff/hiring-needs", lambda: add_needs(n=6))


def test_employer_page_with_a_registered_section(client, login, bank):
    user = login(Role.staff)
    employer = factories.EmployerFactory()
    add_needs(employer, 1)
    factories.DiscoveryInterviewFactory(employer=employer, interviewer=user)
    events = []
    section = register_employer_section(lambda employer_id, everything: EmployerSection(title="Extra", events=list(events)))

    def grow():
        add_needs(employer, 4)
        for _ in range(3):
            factories.ContactFactory(employer=employer)
            factories.DiscoveryInterviewFactory(employer=employer, interviewer=factories.UserFactory())
        events.append(TimelineEvent(employer.created_at, "From another package"))

    try:
        assert_query_count_flat(client, f"/staff/employers/{employer.id}", grow)
    finally:
        employer_page_sections.remove(section)


@pytest.mark.parametrize("url", ["/staff/demand", "/staff/demand/competencies?page=2"])
def test_demand_board(client, login, url):
    """Computed again after a write, or kept since the last one: either way the count stays flat."""
    login(Role.staff)
    add_needs()
    client.get(url)  # warm caches (mapper configuration, first-use queries)
    counts = []
    for grow in (1, 20):
        add_needs(n=grow)  # a write: the board's figures are computed again
        with counting_queries() as computed:
            assert client.get(url).status_code == 200
        with counting_queries() as kept:
            assert client.get(url).status_code == 200
        counts.append((computed.count, kept.count))
    assert counts[0] == counts[1], counts
    assert counts[0][1] < counts[0][0], "a second view reads the kept figures"


def test_demand_insights(client, login, bank):
    login(Role.staff)

    def interview():
        record = factories.DiscoveryInterviewFactory(status=InterviewStatus.complete, pain_points=["slow hiring"])
        factories.InterviewAnswerFactory(interview=record, question=bank["roles_hard_to_fill"], answer="SDRs")
        factories.HiringNeedFactory(employer=record.employer, non_negotiables="Right to work")

    interview()
    assert_query_count_flat(client, "/staff/demand/insights", lambda: [interview() for _ in range(5)])


def test_interview_page(client, login, bank):
    login(Role.staff)
    record = factories.DiscoveryInterviewFactory()
    factories.InterviewAnswerFactory(interview=record, question=bank["top_challenges"])

    def grow():
        for key in ("roles_hard_to_fill", "ideal_candidate", "non_negotiables"):
            factories.InterviewAnswerFactory(interview=record, question=bank[key])
        factories.HiringNeedFactory(source_interview=record)

    assert_query_count_flat(client, f"/staff/interviews/{record.id}", grow)


def test_portal_hiring_need_list(client, login):
    employer = factories.EmployerFactory()
    login(Role.employer, employer=employer)
    add_needs(employer, 2)
    assert_query_count_flat(client, "/employer/hiring-needs", lambda: add_needs(employer, 6))


def test_hiring_need_page(client, login):
    login(Role.staff)
    need = factories.HiringNeedFactory()
    factories.HiringNeedSkillFactory(hiring_need=need)
    grow = lambda: [factories.HiringNeedSkillFactory(hiring_need=need) for _ in range(5)]  # noqa: E731
    assert_query_count_flat(client, f"/staff/hiring-needs/{need.id}", grow)
