"""Rough edges a reader sees and a route test cannot: tabs that look like tabs, a stepper whose
numbers and arrows keep apart, a skills grid that scrolls in its own box, a long email that wraps."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import styled

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
DESK = {"width": 1280, "height": 900}

#: pairs of boxes, among the given elements, that overlap by more than half a pixel
OVERLAPS = """(elements) => {
  const boxes = elements.map((el) => [el.className || el.tagName, el.getBoundingClientRect()]);
  const found = [];
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const [a, r] = boxes[i], [b, s] = boxes[j];
    const x = Math.min(r.right, s.right) - Math.max(r.left, s.left);
    const y = Math.min(r.bottom, s.bottom) - Math.max(r.top, s.top);
    if (x > 0.5 && y > 0.5) found.push(`${a} #${i} overlaps ${b} #${j}`);
  }
  return found;
}"""


def _open_a_training_cohort(page, login_as) -> str:
    login_as(page, "designer@bridgework.test")
    page.goto("/staff/cohorts")
    page.locator("main tr:has(.badge--training) th a").first.click()
    expect(page.get_by_role("heading", level=2, name="Status")).to_be_visible()
    return styled(page).url


def test_cohort_tabs_look_like_tabs_and_show_the_current_one(page, login_as):
    _open_a_training_cohort(page, login_as)
    tabs = page.get_by_role("navigation", name="Cohort")
    expect(tabs.locator("[aria-current=page]")).to_have_text("Overview")
    bullets = tabs.locator("li").evaluate_all("(items) => items.map((li) => getComputedStyle(li).listStyleType)")
    assert bullets and set(bullets) == {"none"}, f"stray list bullets: {bullets}"

    tabs.get_by_role("link", name="Calendar").click()
    current = tabs.locator("[aria-current=page]")
    expect(current).to_have_text("Calendar")
    styled(page)
    other = tabs.get_by_role("link", name="Overview")
    look = "(a) => [getComputedStyle(a).backgroundColor, getComputedStyle(a).fontWeight, getComputedStyle(a).borderTopColor]"
    assert current.evaluate(look) != other.evaluate(look), "the current tab looks like the others"


@pytest.mark.parametrize("viewport", [DESK, PHONE])
def test_the_status_stepper_keeps_numbers_arrows_and_labels_apart(page, login_as, viewport):
    _open_a_training_cohort(page, login_as)
    stepper = page.locator("ol.stepper")
    expect(stepper.locator("[aria-current=step]")).to_contain_text("Training")
    parts = stepper.locator(".stepper__number, .stepper__arrow, .stepper__label, .badge")
    expect(parts).to_have_count(5 + 4 + 4 + 1)
    assert parts.evaluate_all(OVERLAPS) == []


@pytest.mark.parametrize("viewport", [PHONE])
def test_the_skills_grid_scrolls_inside_its_own_box(page, login_as):
    _open_a_training_cohort(page, login_as)
    page.get_by_role("navigation", name="Cohort").get_by_role("link", name="Skills & registers").click()
    grid = page.get_by_role("region", name="Skill levels")
    expect(grid).to_be_visible()
    assert styled(page).evaluate("document.documentElement.scrollWidth <= window.innerWidth"), "the page scrolls sideways"
    assert grid.evaluate("(box) => box.scrollWidth > box.clientWidth"), "the grid should be wider than its box"

    grid.focus()  # a focusable region: the keyboard scrolls it
    expect(grid).to_be_focused()
    page.keyboard.press("ArrowRight")
    page.wait_for_function("() => document.activeElement.scrollLeft > 0")


def test_a_long_email_wraps_inside_its_column_on_the_candidate_page(page, login_as):
    login_as(page, "employer@bridgework.test")
    page.get_by_role("navigation", name="Hiring partner").get_by_role("link", name="Candidates").click()
    page.locator("main table a").first.click()
    email = page.locator("dl.facts dt", has_text="Email").locator("xpath=following-sibling::dd[1]")
    expect(email).to_contain_text("@")
    styled(page)
    email.evaluate("(dd) => { dd.textContent = 'alexandra.konstantinopoulou-vanderbilt.smythe@workforce-partners.example.org'; }")
    fits = email.evaluate("""(dd) => {
      const next = dd.parentElement.nextElementSibling.getBoundingClientRect();
      const own = dd.getBoundingClientRect();
      return {wraps: dd.scrollWidth <= dd.clientWidth, clear: own.right <= next.left || next.top >= own.bottom};
    }""")
    assert fits == {"wraps": True, "clear": True}
