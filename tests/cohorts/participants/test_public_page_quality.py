"""The public application pages the crawl cannot reach (they hang off a mailed link): valid HTML
and no serious axe-core violations, like every page the crawl checks in tests/quality."""

from __future__ import annotations

import re
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from cohorts.models import CohortStatus
from tests import factories
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def public_pages(client) -> dict[str, str]:
    """name → HTML of each public application page, in each of its states."""
    cohort = factories.CohortFactory(code="SC-OPEN", status=CohortStatus.recruiting)
    db.session.commit()
    client.post("/apply/SC-OPEN", data={"first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org",
                                        "consent": "y", "website": ""})
    body = db.session.scalar(select(OutboxMessage.body_text).where(OutboxMessage.recipient == "ada@example.org"))
    confirm = urlsplit(re.search(r"https?://\S+/confirm/\S+", body).group(0)).path
    return {
        "open cohorts": client.get("/apply/").get_data(as_text=True),
        "check your email": client.get(f"/apply/{cohort.code}/thanks").get_data(as_text=True),
        "confirm": client.get(confirm).get_data(as_text=True),
        "confirmed": client.post(confirm).get_data(as_text=True),
        "bad link": client.get(f"/apply/{cohort.code}/confirm/not-a-token").get_data(as_text=True),
    }


def test_the_public_application_pages_are_valid_html(public_pages, tmp_path):
    assert nu_errors(public_pages, tmp_path) == []


def test_the_public_application_pages_have_no_serious_axe_violations(public_pages, browser):  # noqa: F811
    assert serious_axe_violations(public_pages, browser) == {}
