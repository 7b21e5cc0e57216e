"""The notifications pages, in each state: valid HTML and no serious axe-core violations. The crawl in
tests/quality reaches the list and the settings by their header link; the unsubscribe page hangs off a
mailed link, so it is checked here with them."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from app.models import Role
from app.notifications.kinds import Kind
from app.notifications.mailing import unsubscribe_token
from app.notifications.services import notify
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.quality.test_pages import SERIOUS_IMPACTS, VNU_JAR

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
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        pytest.skip("the W3C Nu checker needs java and `npm ci`")
    files = []
    for number, html in enumerate(pages.values()):
        files.append(tmp_path / f"{number}.html")
        files[-1].write_text(html, encoding="utf-8")
    run = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only",
                          *map(str, files)], check=False, capture_output=True, text=True, timeout=300)
    assert [m["message"] for m in json.loads(run.stdout)["messages"]] == []


def test_the_notifications_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    from axe_playwright_python.sync_playwright import Axe

    axe, tab = Axe(), browser.new_page()
    try:
        for name, html in pages.items():
            tab.set_content(html)
            serious = [v["id"] for v in axe.run(tab).response["violations"] if v.get("impact") in SERIOUS_IMPACTS]
            assert not serious, f"{name}: {serious}"
    finally:
        tab.close()
