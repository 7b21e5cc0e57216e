"""The search page in its states: valid HTML and no serious axe-core violations."""

from __future__ import annotations

import pytest

from app.models import Role
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.cohorts.search.helpers import people_and_places
from tests.factories import ParticipantFactory
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of the search page: empty, nothing found, hits of every kind, more, one kind."""
    people_and_places()
    ParticipantFactory.create_batch(25, last_name="Kowalczyk")
    login(Role.staff)
    return {name: client.get(url).text for name, url in {
        "empty": "/staff/search", "nothing": "/staff/search?q=zzqq", "hits": "/staff/search?q=kow",
        "one kind": "/staff/search?q=kow&kind=participant", "cohort": "/staff/search?q=SC-2031-04",
    }.items()}


def test_the_search_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_search_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
