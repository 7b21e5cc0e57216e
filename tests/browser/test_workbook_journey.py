"""Staff import a workbook in the browser: upload → check job (the preview) → confirm → import job; a bad
one lists its errors.

The check and import job pages are reached only by POST, so the link crawler of tests/quality never
sees them: this journey runs axe-core and the W3C Nu checker over them itself.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

VNU_JAR = Path(__file__).resolve().parents[2] / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SERIOUS = {"serious", "critical"}


def workbook_zip(path: Path, **sheets: str) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in sheets.items():
            archive.writestr(f"{name}.csv", text)
    return path


class PageChecks:
    """axe-core on each page as the journey reaches it; its HTML kept for one Nu checker run."""

    def __init__(self, folder: Path) -> None:
        from axe_playwright_python.sync_playwright import Axe

        self.axe, self.folder = Axe(), folder
        self.saved: list[Path] = []
        self.violations: list[str] = []

    def check(self, page, name: str) -> None:
        for violation in self.axe.run(page).response["violations"]:
            if violation.get("impact") in SERIOUS:
                self.violations.append(f"{name}: {violation['id']}: {violation['help']}")
        path = self.folder / f"{name}.html"
        path.write_text(page.content(), encoding="utf-8")
        self.saved.append(path)

    def html_errors(self) -> list[str]:
        java = shutil.which("java")
        if not java or not VNU_JAR.exists():
            pytest.fail("the W3C Nu checker needs java and node_modules/vnu-jar (npm ci)")
        command = [java, "-jar", str(VNU_JAR), "--format", "json", "--stdout", "--errors-only",
                   *map(str, self.saved)]
        run = subprocess.run(command, capture_output=True, text=True, timeout=300)
        return [f"{Path(m.get('url', '')).name} line {m.get('lastLine')}: {m['message']}"
                for m in json.loads(run.stdout)["messages"]]


def test_staff_upload_preview_and_confirm_a_workbook(page, live_server, login_as, tmp_path):
    checks = PageChecks(tmp_path)
    login_as(page, "designer@bridgework.test")
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Import & export").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import & export the programme workbook")
    expect(page.get_by_role("link", name="Download Excel workbook (.xlsx)")).to_be_visible()
    checks.check(page, "workbook")

    bad = workbook_zip(tmp_path / "bad.zip", participants=(
        "email,first_name,last_name,consent_to_share\nnot-an-email,Grace,,perhaps\n"))
    page.get_by_label("Workbook file").set_input_files(str(bad))
    page.get_by_role("button", name="Check the workbook").click()  # a job (run inline by the test server)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Workbook check #\d+$"))
    expect(page.get_by_role("heading", level=2, name="Preview of bad.zip")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("3 problems found: nothing will be imported")
    problems = page.get_by_role("table", name="Problems by sheet, row and column")
    expect(problems.get_by_role("row")).to_have_count(4)
    expect(problems).to_contain_text('"perhaps" is not yes or no')
    expect(page.get_by_role("button", name="Import now")).to_have_count(0)
    checks.check(page, "preview-errors")

    page.get_by_role("link", name="Upload a corrected workbook").click()
    good = workbook_zip(tmp_path / "journey.zip", participants=(
        "email,first_name,last_name,consent_to_share\n"
        "grace.journey@example.test,Grace,Hopper,yes\n"
        "alan.journey@example.test,Alan,Kay,no\n"))
    page.get_by_label("Workbook file").set_input_files(str(good))
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_role("heading", level=2, name="Preview of journey.zip")).to_be_visible()
    expect(page.get_by_label("Progress")).to_have_attribute("value", "100")
    participants = page.get_by_role("row", name="participants")
    expect(participants.get_by_role("cell")).to_have_text(["2", "0", "0"])
    checks.check(page, "preview")

    page.get_by_role("button", name="Import now").click()  # a job (run inline by the test server)
    expect(page.get_by_role("heading", level=1)).to_have_text(re.compile(r"^Workbook import #\d+$"))
    expect(page.get_by_text("Workbook imported: 2 created, 0 updated.")).to_be_visible()
    expect(page.get_by_label("Progress")).to_have_attribute("value", "100")
    checks.check(page, "result")

    page.get_by_role("link", name="Back to import & export").click()
    page.get_by_label("Workbook file").set_input_files(str(good))
    page.get_by_role("button", name="Check the workbook").click()
    expect(page.get_by_text("Everything in this workbook is already recorded")).to_be_visible()
    expect(page.get_by_role("row", name="participants").get_by_role("cell")).to_have_text(["0", "0", "2"])

    assert not checks.violations, "\n".join(checks.violations)
    assert not checks.html_errors()
