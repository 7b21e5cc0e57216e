"""Page checks for pages the crawl cannot reach (a mailed link, a state set up by a test): the W3C Nu
checker and axe-core on a few pages of HTML, the same rules as tests/quality/test_pages.py."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.quality.test_pages import SERIOUS_IMPACTS, VNU_JAR


def nu_errors(pages: dict[str, str], folder: Path) -> list[str]:
    """The Nu checker's error messages for the pages; skips without java or `npm ci` (a failure when
    REQUIRE_BROWSER=1, as in CI, so the check can never go quietly missing)."""
    java = shutil.which("java")
    if not java or not VNU_JAR.exists():
        message = "the W3C Nu checker needs java and `npm ci`"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(message + "; REQUIRE_BROWSER=1 makes that a failure", pytrace=False)
        pytest.skip(message)
    files = []
    for number, html in enumerate(pages.values()):
        files.append(folder / f"{number}.html")
        files[-1].write_text(html, encoding="utf-8")
    run = subprocess.run([java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only",
                          *map(str, files)], check=False, capture_output=True, text=True, timeout=300)
    return [m["message"] for m in json.loads(run.stdout)["messages"]]


def serious_axe_violations(pages: dict[str, str], browser) -> dict[str, list[str]]:
    """{page name: ids of serious or critical axe-core violations} for pages that have any."""
    from axe_playwright_python.sync_playwright import Axe

    axe, tab = Axe(), browser.new_page()
    found = {}
    try:
        for name, html in pages.items():
            tab.set_content(html)
            serious = [v["id"] for v in axe.run(tab).response["violations"] if v.get("impact") in SERIOUS_IMPACTS]
            if serious:
                found[name] = serious
    finally:
        tab.close()
    return found
