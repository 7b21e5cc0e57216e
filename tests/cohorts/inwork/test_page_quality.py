"""The in-work pages in their busy states: valid HTML and no serious axe-core violations."""

from __future__ import annotations

import pytest

from app.extensions import db
from cohorts.inwork import services
from cohorts.inwork.links import check_in_token
from cohorts.models import CheckInChannel
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.cohorts.inwork.helpers import WORRYING, check_in, placed
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of each in-work page, with answered, due and flagged check-ins."""
    placement = placed(days_ago=40, login=True)
    due = check_in(placement, 4)
    flag = services.answer_check_in(check_in(placement, 1), CheckInChannel.portal, **WORRYING)
    coach = placement.participant.coach
    db.session.commit()
    html = {"link": client.get(f"/reminders/check-in/{check_in_token(due.id)}").text,
            "link refused": client.post(f"/reminders/check-in/{check_in_token(due.id)}", data={}).text,
            "link answered": client.get(f"/reminders/check-in/{check_in_token(flag.check_in_id)}").text}
    login(placement.participant.user)
    html["participant list"] = client.get("/participant/job-check-ins").text
    html["participant answer"] = client.get(f"/participant/job-check-ins/{due.id}").text
    login(coach)
    html["triage"] = client.get("/staff/risk-flags").text
    html["flag"] = client.get(f"/staff/risk-flags/{flag.id}").text
    html["flag refused"] = client.post(f"/staff/risk-flags/{flag.id}", data={"status": "false_alarm"}).text
    html["check-ins"] = client.get(f"/staff/placements/{placement.id}/check-ins").text
    html["call"] = client.get(f"/staff/placements/{placement.id}/check-ins/call?week=4").text
    html["record"] = client.get(f"/staff/participants/{placement.participant_id}").text
    return html


def test_the_inwork_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_inwork_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
