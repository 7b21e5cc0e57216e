"""The staff participant list: keyset pages (every row once, either way), its counts and its links."""

from __future__ import annotations

import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.pagination import Cursor
from cohorts.participants.queries import participants_page, participants_select
from tests import factories
from tests.conftest import assert_query_count_flat

ERASED_AT = datetime(2026, 1, 1, tzinfo=UTC)


def _ids(page) -> list[int]:
    return [p.id for p in page.items]


def _check_place(page, expected: list[int]) -> None:
    """The page holds the rows its "Showing first–last of total" says, in the list's order."""
    assert page.total == len(expected)
    assert _ids(page) == expected[page.first - 1:page.last] if page.items else page.first == page.last == 0


def _walk_forwards(per_page: int, filters: dict, expected: list[int]) -> list[int]:
    seen, page = [], participants_page(per_page=per_page, **filters)
    for _ in range(len(expected) + 2):  # a cursor that repeats a row must fail, not loop
        _check_place(page, expected)
        assert len(page.items) == per_page or not page.has_next
        seen += _ids(page)
        if not page.has_next:
            return seen
        page = participants_page(cursor=Cursor(**page.next_cursor), per_page=per_page, **filters)
    raise AssertionError(f"no end after {len(expected) + 2} pages: {seen}")


def _walk_backwards(per_page: int, filters: dict, expected: list[int]) -> list[int]:
    seen, page = [], participants_page(cursor=Cursor(last=True), per_page=per_page, **filters)
    for _ in range(len(expected) + 2):
        _check_place(page, expected)
        assert len(page.items) == per_page or not page.has_prev
        seen = _ids(page) + seen
        if not page.has_prev:
            return seen
        page = participants_page(cursor=Cursor(**page.prev_cursor), per_page=per_page, **filters)
    raise AssertionError(f"no start after {len(expected) + 2} pages: {seen}")


people = st.lists(st.tuples(
    st.sampled_from(["Ng", "ng", "O'Neil", "Okafor", "Zed"]),  # last names repeat: the id breaks ties
    st.sampled_from(["Ama", "Bo", "Ama "]),
    st.booleans(),  # erased
    st.booleans(),  # the coach's
), max_size=14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(people=people, per_page=st.integers(1, 4), by_coach=st.booleans())
def test_keyset_pages_walk_every_row_exactly_once_either_way(people, per_page, by_coach):
    savepoint = db.session.begin_nested()
    try:
        coach = factories.UserFactory()
        for last_name, first_name, erased, coached in people:
            factories.ParticipantFactory(last_name=last_name, first_name=first_name, coach=coach if coached else None,
                                         anonymised_at=ERASED_AT if erased else None)
        filters = {"coach_id": coach.id} if by_coach else {}
        expected = [p.id for p in db.session.scalars(participants_select(**filters))]  # the export's order
        assert len(expected) == sum(1 for _, _, erased, coached in people if not erased and (coached or not by_coach))
        assert _walk_forwards(per_page, filters, expected) == expected
        assert _walk_backwards(per_page, filters, expected) == expected
    finally:
        savepoint.rollback()


def test_a_cursor_past_the_end_or_gone_lands_on_a_real_page():
    ids = [factories.ParticipantFactory(last_name=name).id for name in ("Able", "Baker", "Cole")]
    assert _ids(participants_page(cursor=Cursor(after=ids[-1]), per_page=2)) == ids[1:]  # the last page
    assert _ids(participants_page(cursor=Cursor(before=ids[0]), per_page=2)) == ids[:2]  # the first page
    assert _ids(participants_page(cursor=Cursor(after=999_999), per_page=2)) == ids[:2]  # no such row: the top


def test_the_cursor_comes_from_the_query_string_and_ignores_junk():
    assert Cursor.from_args({"after": "12"}) == Cursor(after=12)
    assert Cursor.from_args({"before": "7", "last": "1"}) == Cursor(before=7)
    assert Cursor.from_args({"last": "1"}) == Cursor(last=True)
    for junk in ({"after": "-3"}, {"after": "x"}, {"before": "0"}, {"after": "9" * 30}, {"after": "²"}, {"page": "7"}, {}):
        assert Cursor.from_args(junk) == Cursor()


def test_the_list_pages_by_next_and_previous_with_its_filters_and_counts(client, login, app):
    login("staff")
    per_page = app.config["ITEMS_PER_PAGE"]
    coach = factories.UserFactory(full_name="Cora Coach")
    ids = [factories.ParticipantFactory(last_name=f"Person{n:02d}", coach=coach).id for n in range(per_page + 3)]
    factories.ParticipantFactory(last_name="Person00", coach=coach, anonymised_at=ERASED_AT)  # never listed

    first = client.get(f"/staff/participants?coach={coach.id}").text
    assert f"Showing 1–{per_page} of {per_page + 3}" in first
    assert 'rel="prev"' not in first and "First</a>" not in first
    next_url = re.search(r'href="([^"]+)" rel="next"', first).group(1).replace("&amp;", "&")
    assert f"coach={coach.id}" in next_url and f"after={ids[per_page - 1]}" in next_url

    second = client.get(next_url).text
    assert f"Showing {per_page + 1}–{per_page + 3} of {per_page + 3}" in second
    assert 'rel="next"' not in second and "Last</a>" not in second
    assert f"/staff/participants/{ids[per_page]}" in second and f"/staff/participants/{ids[0]}\"" not in second
    assert f"before={ids[per_page]}" in second and "First</a>" in second
    exports = second.split("export-links")[1]
    assert f"coach={coach.id}" in exports and "after=" not in exports  # the download is the whole list

    last = client.get(f"/staff/participants?coach={coach.id}&last=1").text  # a full page, ending at the end
    assert f"Showing 4–{per_page + 3} of {per_page + 3}" in last and 'rel="next"' not in last


def test_a_short_list_says_how_many_without_page_links(client, login):
    login("staff")
    for name in ("Able", "Baker"):
        factories.ParticipantFactory(last_name=name)
    factories.ParticipantFactory(last_name="Gone", anonymised_at=ERASED_AT)
    page = client.get("/staff/participants").text
    assert "2 in all" in page and 'class="pagination"' not in page and "Gone" not in page


def test_every_page_of_the_list_keeps_its_query_count(client, login):
    login("staff")
    anchor = factories.EnrolmentFactory(participant=factories.ParticipantFactory(last_name="Aaron")).participant

    def grow():
        coach = factories.UserFactory()
        for n in range(30):
            e = factories.EnrolmentFactory(participant=factories.ParticipantFactory(last_name=f"B{n}", coach=coach))
            factories.EnrolmentFactory(participant=e.participant)

    assert_query_count_flat(client, f"/staff/participants?after={anchor.id}", grow)
    assert_query_count_flat(client, "/staff/participants?last=1", grow)


def test_the_list_rows_say_what_the_records_say():
    """The page's plain rows against the records themselves: names, coach, cohorts in order, consent."""
    named, unnamed = factories.UserFactory(full_name="Cora Coach"), factories.UserFactory(full_name="")
    people = [factories.ParticipantFactory(last_name=f"Row{n}", coach=coach, consent_to_share=n % 2 == 0)
              for n, coach in enumerate((named, unnamed, None))]
    for person, cohorts in zip(people, (2, 1, 0), strict=True):
        for _ in range(cohorts):
            factories.EnrolmentFactory(participant=person)
    db.session.flush()
    db.session.expire_all()

    rows = {row.id: row for row in participants_page(per_page=10, search="Row").items}
    assert set(rows) == {p.id for p in people}
    for person in people:
        row = rows[person.id]
        assert (row.full_name, row.email, row.consent_to_share) == (person.full_name, person.email,
                                                                      person.consent_to_share)
        assert row.coach_name == (person.coach.display_name if person.coach else None)
        assert row.enrolments == [(e.cohort.code, e.status) for e in sorted(person.enrolments, key=lambda e: e.id)]
    assert rows[people[1].id].coach_name == unnamed.email  # a coach without a name is shown by email
