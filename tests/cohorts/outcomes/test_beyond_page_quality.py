"""The work history pages and the dashboards' "Beyond 180 days": valid HTML, no serious axe-core violations."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.dates import local_today
from app.extensions import db
from app.models import Role
from cohorts.models import JobEndReason
from cohorts.placements.history import end_placement, save_later_job
from tests import factories as f
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    start = local_today() - timedelta(days=400)
    cohort = f.CohortFactory(starts_on=start - timedelta(days=90), ends_on=start - timedelta(days=30))
    placement = f.PlacementFactory(cohort=cohort, start_date=start)
    f.EnrolmentFactory(cohort=cohort, participant=placement.participant, enrolled_on=cohort.starts_on)
    end_placement(placement, ended_on=start + timedelta(days=100), end_reason=JobEndReason.moved_job,
                  end_note="New role", today=local_today(), actor=None)
    job = save_later_job(placement.participant, None, employer=None, employer_name="Corner Shop", role_title="Lead",
                         started_on=start + timedelta(days=100), ended_on=None, end_reason=None,
                         annual_salary=None, hours_per_week=None, today=local_today(), actor=None)
    login(Role.staff)
    db.session.commit()
    return {
        "end": client.get(f"/staff/placements/{placement.id}/end").text,
        "end refused": client.post(f"/staff/placements/{placement.id}/end", data={"ended_on": "1900-01-01",
                                                                                 "end_reason": ""}).text,
        "placement": client.get(f"/staff/placements/{placement.id}").text,
        "new job": client.get(f"/staff/participants/{placement.participant_id}/later-jobs/new").text,
        "edit job": client.get(f"/staff/later-jobs/{job.id}/edit").text,
        "participant": client.get(f"/staff/participants/{placement.participant_id}").text,
        "programme": client.get("/staff/outcomes?scope=all").text,
        "cohort": client.get(f"/staff/cohorts/{cohort.id}/outcomes").text,
    }


def test_the_pages_show_the_work_history_and_the_measures(pages):
    assert "Work history" in pages["participant"] and "Corner Shop" in pages["participant"]
    assert "Retention at 12 months" in pages["programme"] and "Retention at 12 months" in pages["cohort"]
    assert "window still open" in pages["cohort"]


def test_the_work_history_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_work_history_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
