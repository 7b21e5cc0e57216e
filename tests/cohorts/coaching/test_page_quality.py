"""The coach-matching pages in their busy states: valid HTML and no serious axe-core violations."""

from __future__ import annotations

import pytest

from app.extensions import db
from app.models import Role
from cohorts.coaching.training import train_model
from cohorts.seed.scale import seed_scale
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.cohorts.coaching.helpers import TODAY
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login, app, monkeypatch) -> dict[str, str]:
    """name → HTML of each coach-matching page, with a trained model and a ranking."""
    seed_scale(1_500, seed=5, today=TODAY)
    monkeypatch.setitem(app.config, "COACH_MATCH_MIN_PLACEMENTS", 50)
    train_model(today=TODAY)
    db.session.commit()
    from cohorts.models import Participant

    participant = db.session.query(Participant).order_by(Participant.id.desc()).first()
    login(Role.admin)
    html = {"suggestions": client.get(f"/staff/participants/{participant.id}/coach").text,
            "record": client.get(f"/staff/participants/{participant.id}").text,
            "admin": client.get("/staff/coaching").text,
            "coaches": client.get("/staff/coaching/coaches").text}
    coach_id = participant.coach_id
    html["coach form refused"] = client.post(f"/staff/coaching/coaches/{coach_id}", data={"capacity": 0}).text
    login(Role.participant)
    html["equality"] = client.get("/participant/equality").text
    html["equality refused"] = client.post("/participant/equality", data={"age_band": "x"}).text
    return html


def test_the_coaching_pages_are_valid_html(pages, tmp_path):
    assert "%" in pages["suggestions"] and "<svg" in pages["admin"]
    assert nu_errors(pages, tmp_path) == []


def test_the_coaching_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
