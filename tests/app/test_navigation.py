"""Which link is current: one per navigation, the portal's home only on the home page; the cohort's tabs."""

from __future__ import annotations

import re

import pytest

from app.extensions import db
from app.models import Role
from cohorts.models import CohortStatus
from tests import factories

CURRENT = re.compile(r'<a href="([^"]+)"[^>]*\baria-current="page"[^>]*>([^<]+)</a>')


def _nav(html: str, css_class: str) -> str:
    found = re.search(rf'<nav class="{css_class}"[^>]*>(.*?)</nav>', html, re.S)
    assert found, f"no <nav class={css_class!r}> on the page"
    return found.group(1)


def _current(html: str, css_class: str = "portal-nav") -> list[str]:
    """The texts of the links marked current in that navigation."""
    return [text for _, text in CURRENT.findall(_nav(html, css_class))]


@pytest.mark.parametrize(("url", "current"), [
    ("/participant/", "Home"),
    ("/participant/schedule", "Schedule"),
    ("/participant/attendance", "Attendance"),
    ("/participant/skills", "Skills"),
    ("/participant/applications", "Applications"),
    ("/participant/check-ins", "Check-ins"),
    ("/participant/sharing", "Sharing"),
    ("/participant/my-data", "My data"),
])
def test_the_participant_portal_marks_exactly_the_page_shown(client, login, url, current):
    login(Role.participant)
    response = client.get(url)
    assert response.status_code == 200
    assert _current(response.text) == [current]
    assert response.text.count('aria-current="page"') == 1


def test_the_employer_portal_marks_the_section_of_a_page_below_it(client, login):
    user = login(Role.employer)
    need = factories.HiringNeedFactory(employer=user.employer)
    assert _current(client.get("/employer/").text) == ["Home"]
    assert _current(client.get("/employer/hiring-needs").text) == ["Hiring needs"]
    assert _current(client.get(f"/employer/hiring-needs/{need.id}").text) == ["Hiring needs"]
    assert _current(client.get("/employer/profile/contacts/new").text) == ["Our profile"]


def test_the_staff_portal_marks_one_section_and_home_only_at_home(client, login):
    login(Role.staff)
    cohort = factories.CohortFactory()
    assert _current(client.get("/staff/").text) == ["Home"]
    assert _current(client.get("/staff/cohorts").text) == ["Cohorts"]
    assert _current(client.get(f"/staff/cohorts/{cohort.id}/calendar").text) == ["Cohorts"]
    assert _current(client.get("/staff/demand/insights").text) == ["Demand"]


@pytest.fixture
def cohort():
    cohort = factories.CohortFactory(status=CohortStatus.training)
    db.session.flush()
    return cohort


@pytest.mark.parametrize(("page", "tab"), [
    ("", "Overview"),
    ("/design", "1. Hiring needs"),
    ("/design/proposal", "2. Proposal"),
    ("/coverage", "3. Curriculum &amp; coverage"),
    ("/consortium", "Consortium"),
    ("/calendar", "Calendar"),
    ("/enrolments", "Enrolments"),
    ("/assessments", "Skills &amp; registers"),
])
def test_cohort_tabs_mark_the_page_shown(client, login, cohort, page, tab):
    login(Role.staff)
    html = client.get(f"/staff/cohorts/{cohort.id}{page}").text
    tabs = _nav(html, "tabs cohort-nav")
    assert _current(html, "tabs cohort-nav") == [tab]
    assert CURRENT.search(tabs).group(1) == f"/staff/cohorts/{cohort.id}{page}"
    assert "button" not in tabs  # tabs, not a row of buttons


def test_the_status_stepper_numbers_steps_apart_from_its_arrows(client, login, cohort):
    login(Role.staff)
    html = client.get(f"/staff/cohorts/{cohort.id}").text
    stepper = re.search(r'<ol class="stepper">(.*?)</ol>', html, re.S).group(1)
    assert re.findall(r'<span class="stepper__number" aria-hidden="true">(\d)</span>', stepper) == list("12345")
    assert stepper.count('<span class="stepper__arrow" aria-hidden="true">→</span>') == 4
    assert re.search(r'<li class="stepper__step" aria-current="step">.*?Training', stepper, re.S)
    assert stepper.count('aria-current="step"') == 1


def test_the_skills_grid_scrolls_in_its_own_keyboard_reachable_region(client, login, cohort):
    login(Role.staff)
    skill = factories.SkillFactory(label="Prospecting")
    factories.ModuleSkillFactory(module=factories.ModuleFactory(cohort=cohort), skill=skill)
    factories.EnrolmentFactory(cohort=cohort)
    html = client.get(f"/staff/cohorts/{cohort.id}/assessments").text
    wrapper = re.search(r'<div ([^>]*)>\s*<table class="grid">', html)
    assert wrapper, "the skills grid has no wrapper of its own"
    attributes = wrapper.group(1)
    for attribute in ('class="table-wrap"', 'role="region"', 'aria-label="Skill levels"', 'tabindex="0"'):
        assert attribute in attributes
