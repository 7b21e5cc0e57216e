"""The talent pages in their busy states: valid HTML and no serious axe-core violations."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from cohorts.talent import queries, services
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.cohorts.talent.helpers import employer_login, listed_participant, sent_reach_out
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of each talent page, with listed profiles and requests in every state."""
    participant, need, profile = listed_participant()
    sent_reach_out(profile, need, message="Let us talk")
    services.accept(sent_reach_out(profile, need, message="Or now"), participant.user)
    db.session.commit()
    login(participant.user)
    html = {"participant": client.get("/participant/talent").text,
            "participant refused": client.post("/participant/talent/opt-in", data={"available_from": "1800-01-01"}).text}
    employer_login(login, need)
    html["search"] = client.get("/employer/talent?region=Toronto&band=").text
    html["card"] = client.get(f"/employer/talent/profiles/{profile.handle}").text
    html["card refused"] = client.post(f"/employer/talent/profiles/{profile.handle}/reach-out",
                                       data={"hiring_need": need.id, "message": ""}).text
    html["requests"] = client.get("/employer/talent/reach-outs").text
    for row in queries.participant_reach_outs(participant.id):
        html[f"request {row.status.value}"] = client.get(f"/employer/talent/reach-outs/{row.id}").text
    login(Role.staff)
    html["staff"] = client.get("/staff/talent/reach-outs").text
    return html


def test_the_talent_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_talent_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
