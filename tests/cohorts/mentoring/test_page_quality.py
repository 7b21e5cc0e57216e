"""The mentoring pages in their busy states: valid HTML and no serious axe-core violations."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from app.extensions import db
from app.models import Role
from cohorts.models import MentorKind, PairingStatus
from tests import factories
from tests.browser.conftest import browser  # noqa: F401 (a session fixture: one Chromium)
from tests.quality.checks import nu_errors, serious_axe_violations

pytestmark = pytest.mark.quality


@pytest.fixture
def pages(client, login) -> dict[str, str]:
    """name → HTML of each mentoring page, with requests, mentees and a past conversation."""
    skill = factories.SkillFactory(label="Negotiation")
    mentee = factories.user_for_role(Role.participant)
    mentor_user = factories.user_for_role(Role.participant)
    mentor = factories.MentorProfileFactory(user=mentor_user, kind=MentorKind.alumni,
                                            participant=mentor_user.participant, skills=[skill], capacity=5)
    factories.MentorProfileFactory(role_title="Chef", show_employer=True, employer_name="Bistro")
    pairing = factories.MentorPairingFactory(mentor=mentor, participant=mentee.participant)
    factories.MentorConversationFactory(pairing=pairing, starts_at=datetime.now(UTC) - timedelta(days=2),
                                        participant_rating=4, note="Good start")
    factories.MentorConversationFactory(pairing=pairing, location="Library")
    factories.MentorPairingFactory(mentor=mentor, status=PairingStatus.requested, message="Please help")
    db.session.commit()
    login(mentee)
    html = {"find": client.get("/participant/mentoring").text,
            "directory": client.get("/participant/mentoring/directory").text,
            "mentee pairing": client.get(f"/participant/mentoring/pairings/{pairing.id}").text}
    login(mentor_user)
    html["mentor home"] = client.get("/participant/mentor").text
    html["mentor profile"] = client.get("/participant/mentor/profile").text
    html["refused profile"] = client.post("/participant/mentor/profile", data={"capacity": "99"}).text
    html["mentor pairing"] = client.get(f"/participant/mentor/pairings/{pairing.id}").text
    login(Role.staff)
    html["staff mentors"] = client.get("/staff/mentoring").text
    html["staff pairs"] = client.get("/staff/mentoring/pairs").text
    html["staff pair"] = client.get("/staff/mentoring/pair").text
    html["staff invite refused"] = client.post("/staff/mentoring/invite", data={"email": "x"}).text
    return html


def test_the_mentoring_pages_are_valid_html(pages, tmp_path):
    assert nu_errors(pages, tmp_path) == []


def test_the_mentoring_pages_have_no_serious_axe_violations(pages, browser):  # noqa: F811
    assert serious_axe_violations(pages, browser) == {}
