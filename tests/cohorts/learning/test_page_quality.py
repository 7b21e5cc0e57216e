"""The learning pages of each portal, filled: valid HTML and no serious axe-core violations."""

from __future__ import annotations

from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from cohorts.models import ResourceStatus
from tests import factories
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of each learning page, with gaps, offers, progress, suggestions and flags to show."""
    neg = factories.SkillFactory(label="Negotiation")
    need = factories.HiringNeedFactory()
    factories.HiringNeedSkillFactory(hiring_need=need, skill=neg, level=3)
    me = factories.ParticipantFactory()
    factories.CandidacyFactory(participant=me, hiring_need=need)
    free = factories.ResourceSkillFactory(skill=neg, level=3).resource
    paid = factories.ResourceSkillFactory(skill=neg, level=4, resource=factories.LearningResourceFactory(
        cost=Decimal(30), link_broken_since=sa.func.now())).resource
    factories.ResourceSkillFactory(skill=neg, resource=factories.LearningResourceFactory(
        status=ResourceStatus.suggested))
    factories.ResourceProgressFactory(participant=me, resource=paid, rating=2, comment="Hard going")
    db.session.flush()
    user = login(Role.participant, participant=me, email=me.email)
    html = {"my learning": client.get("/participant/learning").text,
            "rate": client.get(f"/participant/learning/{paid.id}/rate").text,
            "rate refused": client.post(f"/participant/learning/{paid.id}/rate", data={"rating": "9"}).text,
            "suggest": client.get("/participant/learning/suggest").text,
            "suggest refused": client.post("/participant/learning/suggest", data={"title": ""}).text}
    assert user and free
    login(Role.staff)
    html |= {"library": client.get("/staff/learning").text, "review": client.get("/staff/learning/review").text,
             "new": client.get("/staff/learning/new").text, "edit": client.get(f"/staff/learning/{paid.id}/edit").text,
             "import": client.get("/staff/learning/import").text,
             "participant page": client.get(f"/staff/participants/{me.id}").text}
    return html


def test_the_learning_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_learning_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
