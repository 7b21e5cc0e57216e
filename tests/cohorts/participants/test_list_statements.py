"""The staff lists without full-table work (issue 22): the statements each page runs, and pages
that neither skip nor repeat a row (docs/PERFORMANCE-NOTES.md, "Round two: lists")."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest

from app.dates import local_today
from app.models import Role
from cohorts.models import AttendanceStatus, CohortStatus
from cohorts.participants.caseload import caseload, triage
from cohorts.participants.caseload.kept import forget_kept
from tests import factories
from tests.conftest import assert_query_count_flat, counting_queries

#: tables that grow with the programme's history: no page counts them whole
GROWN = ("participants", "attendance", "placements", "candidacies", "enrolments")


def unbounded_counts(statements: list[str]) -> list[str]:
    """The count(*)s of statements over a GROWN table (or a subquery of one) without a WHERE.

    Allowed: the participants list's total, every row less the erased few
    (``live_participant_count``): SQLite answers an unfiltered count(*) from the b-tree's pages.
    """
    found = []
    for statement in statements:
        text = " ".join(statement.split())
        if "participants.anonymised_at IS NOT NULL" in text:  # live_participant_count
            text = text.replace("(SELECT count(*) AS count_1 FROM participants) - ", "")
        for segment in re.split(r"(?i)(?=count\(\*\))", text)[1:]:
            table = re.search(r"(?i)\bFROM\s+(\w+)", segment)
            if table and table.group(1) in GROWN and "WHERE" not in segment.upper():
                found.append(text)
    return found


def test_the_statement_check_sees_a_whole_table_count():
    assert unbounded_counts(["SELECT count(*) AS count_1 FROM placements"])
    assert unbounded_counts(["SELECT count(*) FROM (SELECT participants.id FROM participants) AS anon_1"])
    assert not unbounded_counts(["SELECT count(*) FROM placements WHERE placements.cohort_id = ?"])
    live = ("SELECT (SELECT count(*) AS count_1 FROM participants) - (SELECT count(*) AS count_2 "
            "FROM participants WHERE participants.anonymised_at IS NOT NULL) AS anon_1")
    assert not unbounded_counts([live])


def _people(coach, cohort, n: int, *, start: int = 0):
    for k in range(start, start + n):
        person = factories.ParticipantFactory(coach=coach, first_name="Pat", last_name=f"Name{k:03d}",
                                              consent_to_share=bool(k % 3))
        factories.EnrolmentFactory(cohort=cohort, participant=person)
        if k % 4 == 0:  # two absences: the most urgent alert
            for day in (1, 2):
                session = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime.now(UTC) - timedelta(days=day))
                factories.AttendanceFactory(session=session, participant=person, status=AttendanceStatus.absent)
        if k % 5 == 0:
            placement = factories.PlacementFactory(participant=person, cohort=cohort)
            factories.RetentionCheckFactory(placement=placement, due_on=local_today() - timedelta(days=k % 7))


@pytest.fixture
def listed(login):
    """A staff member coaching 60 people in a placing cohort, with employers and hiring needs."""
    coach = login(Role.staff)
    cohort = factories.CohortFactory(status=CohortStatus.placement)
    _people(coach, cohort, 60)
    for k in range(45):
        factories.HiringNeedFactory(needed_by=None if k % 6 == 0 else date(2027, 1 + k % 12, 1 + k % 27))
    return {"coach": coach, "cohort": cohort}


def _pages(listed) -> list[str]:
    cohort, coach = listed["cohort"].id, listed["coach"].id
    return ["/staff/participants", "/staff/participants?consent=not_given", f"/staff/participants?cohort={cohort}",
            f"/staff/participants?coach={coach}", "/staff/employers", "/staff/employers?page=2",
            "/staff/hiring-needs", "/staff/hiring-needs?status=open&page=2", "/staff/caseload",
            "/staff/caseload?page=2", f"/staff/caseload?kind=absences&cohort={cohort}"]


def test_no_list_page_counts_a_growing_table_whole(client, listed):
    for url in _pages(listed):
        with counting_queries() as ran:
            assert client.get(url).status_code == 200, url
        assert unbounded_counts(ran.statements) == [], url


def _caseload_names(html: str) -> list[str]:
    body = html.split("<tbody>", 1)[1].split("</tbody>", 1)[0]
    return re.findall(r'<th scope="row"><a [^>]*>([^<]*)</a>', body)


def test_caseload_pages_hold_every_person_once_in_triage_order(client, listed):
    expected = [row.participant.full_name for row in triage(caseload(listed["coach"], local_today())).rows]
    shown = []
    for page in (1, 2, 3):
        html = client.get(f"/staff/caseload?page={page}").text
        shown += _caseload_names(html)
    assert shown == expected and len(set(shown)) == 60
    # a row on the last page is described like one on the first: its next step (here its alert's), not a blank
    assert "<td>No applications yet, and the cohort is placing</td>" in client.get("/staff/caseload?page=3").text


def test_a_caseload_page_describes_only_its_own_rows(client, listed, count_queries):
    client.get("/staff/caseload")
    forget_kept()  # a cold view: the rows are computed again, and this page's described
    with count_queries() as ran:
        client.get("/staff/caseload")
    # the next sessions and starter bands are asked for the page's 25 people, not the 60 (the kept caseload's
    # read of when it next changes with time, min(session_starts_at), is of everyone, by design)
    widest = max(statement.count("?") + statement.count("%(") for statement in ran.statements
                 if "attendance" in statement and "IN (" in statement and "min(attendance.session_starts_at)" not in statement)
    assert widest < 60


def test_the_caseload_query_count_is_flat_on_every_page(client, listed):
    coach, cohort = listed["coach"], listed["cohort"]
    assert_query_count_flat(client, "/staff/caseload?page=2", lambda: _people(coach, cohort, 40, start=60),
                            forget=forget_kept)


def _need_refs(html: str) -> list[str]:
    return re.findall(r'/staff/hiring-needs/\d+">([^<]*)</a>', html)


def test_hiring_need_pages_walk_the_list_order_without_gaps(client, listed):
    from app.extensions import db
    from employers.models import HiringNeed

    needs = db.session.query(HiringNeed).all()
    expected = [n.ref for n in sorted(needs, key=lambda n: (n.needed_by is None, n.needed_by or date.min, n.ref))]
    shown = []
    for page in range(1, 4):
        html = client.get(f"/staff/hiring-needs?page={page}&per_page=20").text
        shown += _need_refs(html)
    assert shown == expected
    assert f"of {len(expected)}" in client.get("/staff/hiring-needs?per_page=20").text


def test_the_participant_list_filtered_by_cohort_counts_its_people(client, listed):
    other = factories.CohortFactory()
    alone = factories.EnrolmentFactory(cohort=other).participant
    assert "of 60" in client.get(f"/staff/participants?cohort={listed['cohort'].id}").text
    page = client.get(f"/staff/participants?cohort={other.id}").text
    assert alone.last_name in page and "Name000" not in page
