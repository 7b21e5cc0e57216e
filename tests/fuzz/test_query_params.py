"""Odd values in every query parameter of every page: the answer is never a 5xx.

NUL bytes, numbers beyond 64 bits, dates at the calendar's ends, CR/LF and 100 kB strings, in
the names each page reads (search, filters, pages, cursors, as-of dates, formats) and in names
no page expects. Runs on whichever database the suite runs on (CI: SQLite and PostgreSQL).
"""

from __future__ import annotations

import pytest
from hypothesis import strategies as st

from tests.fuzz.test_forms import never_crashes, world  # noqa: F401 (world is a fixture)

ODD = st.sampled_from([
    "\x00", "a\x00b", "9" * 25, "-" + "9" * 25, "18446744073709551616", "0", "-1", "9999-12-31", "0001-01-01",
    "10000-01-01", "2026-02-30", "line\r\nbreak", "\r\n", "x" * 100_000, "😀" * 20, "", " ", "%", "_", "'",
    "csv", "xlsx", "pdf", "1", "yes",
])
VALUE = st.one_of(ODD, st.text(max_size=60), st.integers(-(10**20), 10**20).map(str))
NAMES = st.sampled_from([
    "q", "page", "per_page", "status", "cohort", "cohort_id", "as_of", "date_from", "date_to", "format", "role",
    "region", "competency", "stage", "need_id", "need", "coach", "coach_id", "mine", "after", "before", "cursor",
    "entity", "action", "actor", "kind", "sector", "employer", "programme", "consent", "include", "measure",
    "table", "sort", "unexpected",
])
QUERY = st.dictionaries(NAMES, st.one_of(VALUE, st.lists(VALUE, max_size=3)), max_size=5)


def _get_endpoints(app) -> list[tuple[str, str]]:
    return sorted(((rule.endpoint, rule.rule) for rule in app.url_map.iter_rules()
                   if "GET" in (rule.methods or ()) and rule.endpoint != "static"), key=lambda pair: pair[1])


def test_every_page_is_fuzzed(app):
    assert len(_get_endpoints(app)) >= 60


@pytest.mark.parametrize("endpoint,rule", _get_endpoints(
    __import__("app").create_app("testing", SQLALCHEMY_DATABASE_URI="sqlite://")), ids=lambda v: str(v))
def test_odd_query_parameters_never_crash(app, client, world, endpoint, rule):  # noqa: F811
    never_crashes(app, client, world, endpoint, rule, QUERY,
                  lambda url, query: client.get(url, query_string=query), 12)
