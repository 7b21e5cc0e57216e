"""The notifications pages, in each state: valid HTML and no serious axe-core violations. The crawl in
tests/quality reaches the list and the settings by their header link; the unsubscribe page hangs off a
mailed link, so it is checked here with them."""

from __future__ import annotations

import pytest

from app.models import Role
from app.notifications.kinds import Kind
from app.notifications.mailing import unsubscribe_token
from app.notifications.services import notify
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of each notifications page."""
    user = login(Role.employer)
    html = {"empty list": client.get("/notifications/").text}
    notify([user], Kind.need_reviewed, "Your hiring need HN-0001 is published", "Account Executive.",
           link="/employer/")
    notify([user], Kind.session_changed, "Session cancelled: Mock interviews")
    html["list"] = client.get("/notifications/").text
    html["settings"] = client.get("/notifications/settings").text
    client.post("/logout")
    url = f"/notifications/unsubscribe/{unsubscribe_token(user, Kind.session_changed)}"
    html["unsubscribe"] = client.get(url).text
    html["unsubscribed"] = client.post(url).text
    html["bad unsubscribe link"] = client.get("/notifications/unsubscribe/forged").text
    return html


def test_the_notifications_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_notifications_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
