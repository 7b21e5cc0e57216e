"""Each portal's main journey at desk and phone width: full-page screenshots, and no sideways scrolling.

The screenshots land in ``$SCREENSHOT_DIR/<portal>/<width>/<nn>-<page>.png`` (default
``artifacts/screenshots``, which CI keeps as an artifact) so a reviewer can look at every page
without running the app. At 390 px a page fails if the document is wider than the window:
wide tables scroll inside their own box (``.table-wrap``), never the page.
"""

from __future__ import annotations

import os
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.browser.conftest import log_in_through_form

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
SCREENSHOT_DIR = ROOT / os.environ.get("SCREENSHOT_DIR", "artifacts/screenshots")
WIDTHS = (1280, 390)
PHONE_WIDTH = 390
HEIGHT = {1280: 900, 390: 844}


@dataclass(frozen=True)
class Step:
    """One page of a journey: a path (``{name}`` is a link captured on an earlier page)."""

    name: str
    path: str
    #: name → (CSS selector, path pattern): the first matching link on this page, for later steps
    capture: dict[str, tuple[str, str]] = field(default_factory=dict)


JOURNEYS: dict[str, tuple[str, tuple[Step, ...]]] = {
    "staff": ("coach@bridgework.test", (
        Step("home", "/staff/"),
        Step("caseload", "/staff/caseload"),
        Step("employers", "/staff/employers", {"employer": ("main a", r"^/staff/employers/\d+$")}),
        Step("employer", "{employer}"),
        Step("hiring-needs", "/staff/hiring-needs", {"need": ("main a", r"^/staff/hiring-needs/\d+$")}),
        Step("hiring-need", "{need}"),
        Step("need-matching", "{need}/matching"),
        Step("demand", "/staff/demand"),
        Step("programmes", "/staff/programmes"),
        Step("cohorts", "/staff/cohorts", {"cohort": ("main tr:has(.badge--training) a", r"^/staff/cohorts/\d+$")}),
        Step("cohort", "{cohort}"),
        Step("cohort-needs", "{cohort}/design"),
        Step("cohort-proposal", "{cohort}/design/proposal"),
        Step("cohort-coverage", "{cohort}/coverage"),
        Step("cohort-consortium", "{cohort}/consortium"),
        Step("cohort-sessions", "{cohort}/calendar"),
        Step("cohort-enrolments", "{cohort}/enrolments"),
        Step("cohort-skills", "{cohort}/assessments"),
        Step("cohort-candidacies", "{cohort}/candidates"),
        Step("cohort-outcomes", "{cohort}/outcomes"),
        Step("participants", "/staff/participants", {"participant": ("main a", r"^/staff/participants/\d+$")}),
        Step("participant", "{participant}"),
        Step("placements", "/staff/placements", {"placement": ("main a", r"^/staff/placements/\d+$")}),
        Step("placement", "{placement}"),
        Step("retention-checks", "/staff/retention-checks"),
        Step("outcomes", "/staff/outcomes"),
        Step("import-export", "/staff/workbook"),
    )),
    "employer": ("employer@bridgework.test", (
        Step("home", "/employer/"),
        Step("profile", "/employer/profile"),
        Step("questionnaire", "/employer/questionnaire"),
        Step("hiring-needs", "/employer/hiring-needs", {"need": ("main a", r"^/employer/hiring-needs/\d+$")}),
        Step("hiring-need", "{need}"),
        Step("cohorts", "/employer/cohorts"),
        Step("sessions", "/employer/sessions"),
        Step("candidates", "/employer/candidates", {"candidate": ("main a", r"^/employer/candidates/\d+$")}),
        Step("candidate", "{candidate}"),
        Step("outcomes", "/employer/outcomes"),
    )),
    "participant": ("participant@bridgework.test", (
        Step("home", "/participant/"),
        Step("schedule", "/participant/schedule"),
        Step("attendance", "/participant/attendance"),
        Step("skills", "/participant/skills"),
        Step("applications", "/participant/applications"),
        Step("check-ins", "/participant/check-ins"),
        Step("sharing", "/participant/sharing"),
        Step("my-data", "/participant/my-data"),
    )),
}

#: the outermost elements reaching past the window's right edge (for the failure message)
OVERFLOW_REPORT = """() => {
  const limit = window.innerWidth;
  const width = document.documentElement.scrollWidth;
  if (width <= limit) return null;
  const sticksOut = (el) => el.getBoundingClientRect().right > limit + 0.5;
  const scrolls = (el) => ["auto", "scroll"].includes(getComputedStyle(el).overflowX);
  const culprits = [...document.body.querySelectorAll("*")]
    .filter((el) => sticksOut(el) && !sticksOut(el.parentElement) && !scrolls(el.parentElement))
    .slice(0, 5)
    .map((el) => {
      const name = el.tagName.toLowerCase() + (typeof el.className === "string" && el.className.trim()
        ? "." + el.className.trim().split(/\\s+/).join(".") : "");
      return `${name} (right edge ${Math.round(el.getBoundingClientRect().right)}px): `
        + JSON.stringify((el.textContent || "").trim().replace(/\\s+/g, " ").slice(0, 40));
    });
  return {width, limit, culprits};
}"""


def _resolve(step: Step, links: dict[str, str]) -> str:
    path = step.path
    for name, href in links.items():
        path = path.replace("{" + name + "}", href)
    assert "{" not in path, f"{step.name}: no link captured for {path} (did an earlier page change?)"
    return path


def _capture(page, step: Step, links: dict[str, str]) -> None:
    for name, (selector, pattern) in step.capture.items():
        hrefs = page.locator(selector).evaluate_all("(links) => links.map((a) => a.getAttribute('href'))")
        matching = [href for href in hrefs if href and re.match(pattern, href)]
        assert matching, f"{page.url}: no link matching {pattern} under {selector!r} to follow"
        links[name] = matching[0]


def _walk(context, portal: str) -> list[str]:
    """Visit every page of the portal's journey at each width; return what scrolls sideways on a phone."""
    email, steps = JOURNEYS[portal]
    page = context.new_page()
    log_in_through_form(page, email)
    links: dict[str, str] = {}
    problems: list[str] = []
    for width in WIDTHS:
        folder = SCREENSHOT_DIR / portal / str(width)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        page.set_viewport_size({"width": width, "height": HEIGHT[width]})
        for number, step in enumerate(steps, start=1):
            path = _resolve(step, links)
            response = page.goto(path)
            assert response is not None and response.ok, f"{portal}: {path} answered {response and response.status}"
            page.locator("h1").first.wait_for(state="visible")
            if width == WIDTHS[0]:
                _capture(page, step, links)
            page.screenshot(path=str(folder / f"{number:02d}-{step.name}.png"), full_page=True)
            if width == PHONE_WIDTH:
                overflow = page.evaluate(OVERFLOW_REPORT)
                if overflow:
                    problems.append(
                        f"{path} is {overflow['width']}px wide in a {overflow['limit']}px window; sticking out: "
                        + "; ".join(overflow["culprits"])
                    )
    return problems


@pytest.mark.parametrize("portal", list(JOURNEYS))
def test_main_journey_screenshots_and_no_sideways_scroll_on_a_phone(browser, live_server, portal):
    context = browser.new_context(base_url=live_server, viewport={"width": WIDTHS[0], "height": HEIGHT[WIDTHS[0]]})
    context.set_default_timeout(30_000)
    try:
        problems = _walk(context, portal)
    finally:
        context.close()
    assert not problems, f"{portal} pages scroll sideways at {PHONE_WIDTH}px:\n  " + "\n  ".join(problems)
    for width in WIDTHS:
        shots = sorted((SCREENSHOT_DIR / portal / str(width)).glob("*.png"))
        assert len(shots) == len(JOURNEYS[portal][1]), f"{portal} at {width}px: {len(shots)} screenshots"
