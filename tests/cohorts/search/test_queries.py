"""The search itself: names in either order, beginnings, emails, refs and codes, ranked; odd input."""

from __future__ import annotations

import pytest

from app.extensions import db
from cohorts.search.index import phrases_of, words_of
from cohorts.search.queries import Hit, search
from tests.cohorts.search.helpers import people_and_places


@pytest.fixture
def world(db):
    return people_and_places()


def _found(q: str, **kwargs) -> list[tuple[str, int]]:
    return [(hit.kind, hit.object_id) for hit in search(q, **kwargs)]


def _ids(world, *names: str) -> list[tuple[str, int]]:
    return [("participant", world[name].id) for name in names]


@pytest.mark.parametrize("q", ["Kwame Kowalski", "Kowalski Kwame", "kwame  KOWALSKI", "Kowalski, Kwame"])
def test_a_whole_name_in_either_order_finds_the_person_first(world, q):
    assert _found(q)[:2] == _ids(world, "kwame", "kwamena")


def test_the_beginnings_of_words_find_everyone_they_start(world):
    assert set(_found("kwa kow")) == set(_ids(world, "kwame", "kwamena"))
    assert set(_found("kow")) == {*_ids(world, "kwame", "kwamena", "ama"), ("employer", world["employer"].id),
                                  ("hiring_need", world["need"].id)}  # the need by its employer's name
    assert _found("chen") == _ids(world, "other")


def test_a_name_spelled_whole_ranks_before_one_it_only_starts(world):
    found = _found("Kowalski")
    assert set(found[:2]) == set(_ids(world, "ama", "kwame"))
    assert found[2:] == _ids(world, "kwamena")


def test_every_beginning_of_a_word_finds_it_whatever_its_length(world):
    """FTS5 reads begun words of 1 to 12 letters from prefix indexes, longer ones by merging: same hits."""
    word = "kowalskiewicz"  # 13 letters
    for length in range(1, len(word) + 1):
        assert _found(f"kwamena {word[:length]}") == _ids(world, "kwamena"), word[:length]


def test_an_email_whole_or_begun_finds_its_person(world):
    assert _found("kwame.kowalski@example.org") == _ids(world, "kwame")
    assert _found("kwame.kowal")[0] == _ids(world, "kwame")[0]
    assert _found("ama.k@example.org")[0] == _ids(world, "ama")[0]


def test_a_reference_a_code_and_an_employer_find_their_records(world):
    assert _found("HN-0005") == [("hiring_need", world["need"].id)]
    assert _found("hn-0005")[0] == ("hiring_need", world["need"].id)
    assert _found("SC-2031-04") == [("cohort", world["cohort"].id)]
    assert _found("SC-2031")[0] == ("cohort", world["cohort"].id)
    assert ("employer", world["employer"].id) in _found("Kowloon")
    assert ("hiring_need", world["need"].id) in _found("warehouse kowloon")  # a need by its employer's name


def test_kinds_narrow_the_hits(world):
    assert _found("kow", kinds=["employer"]) == [("employer", world["employer"].id)]
    assert set(_found("kow", kinds=["participant", "nonsense"])) == set(_ids(world, "kwame", "kwamena", "ama"))


def test_limit_and_offset_page_through_the_hits(world):
    everyone = _found("kow")
    assert len(everyone) == 5
    assert _found("kow", limit=3) + _found("kow", limit=3, offset=3) == everyone


def test_a_hit_carries_what_the_list_shows(world):
    assert search("HN-0005")[0] == Hit("hiring_need", world["need"].id, "Warehouse Supervisor", "Kowloon Logistics")
    assert search("kwame kowalski")[0].subtitle == "kwame.kowalski@example.org"


def test_a_typo_finds_the_name_on_postgresql_and_at_a_word_end_on_sqlite(world):
    assert _found("Kwame Kowalsky")[0] == _ids(world, "kwame")[0]
    if db.engine.dialect.name == "postgresql":
        assert _found("Kwame Kowlaski")[0] == _ids(world, "kwame")[0]  # letters swapped: trigram similarity
    else:
        assert _found("Kwame Kowlaski") == []  # documented: SQLite forgives the last two letters only


@pytest.mark.parametrize("q", ['"', "'", "*", "kow*", '"kow" OR "x"', "NEAR(a b)", "a AND", "-", "^kow", ":",
                               "title:kow", "(((", "'; DROP TABLE participants; --", "% _", "\\", "🙂", "   "])
def test_query_syntax_typed_is_searched_as_words_never_run(world, q):
    search(q)  # no error
    assert _found("kwame kowalski")[0] == _ids(world, "kwame")[0]


def test_empty_input_finds_nothing_without_asking_the_database(world, count_queries):
    with count_queries() as counted:
        assert search("") == search("  ,.-") == search(None) == []
    assert counted.count == 0


def test_what_is_typed_between_spaces_is_one_phrase():
    assert phrases_of("Kowalski, Kwame  HN-0005") == [["kowalski"], ["kwame"], ["hn", "0005"]]
    assert phrases_of("a.b " * 10)[-1] == ["a", "b"] and len(phrases_of("a.b " * 10)) == 4


def test_words_are_runs_of_letters_and_digits_and_at_most_eight():
    assert words_of("Kwame.Kowalski@Example.org") == ["kwame", "kowalski", "example", "org"]
    assert words_of("HN-0005 snake_case") == ["hn", "0005", "snake", "case"]
    assert len(words_of("a " * 50)) == 8


def test_erased_people_are_not_found(world):
    from cohorts.privacy.erasure import erase_participant

    erase_participant(world["kwame"], None)
    db.session.flush()
    for q in ("kwame", "kwame kowalski", "kwame.kowalski@example.org", "erased"):
        assert _ids(world, "kwame")[0] not in _found(q)
    assert _found("erased") == []
