"""Mentoring pages in each portal: what each role reaches, the 404s for others' records, the journeys."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from cohorts.models import MentorConversation, MentorKind, MentorPairing, MentorProfile, MentorStatus, PairingStatus
from tests import factories
from tests.conftest import assert_query_count_flat

MENTOR_PORTALS = {Role.participant: "/participant", Role.employer: "/employer", Role.staff: "/staff"}


def _mentor_of_role(role: Role, **fields) -> MentorProfile:
    user = factories.user_for_role(role)
    kind = {Role.participant: MentorKind.alumni, Role.employer: MentorKind.employer, Role.staff: MentorKind.staff}[role]
    extra = {"participant": user.participant} if role == Role.participant else {}
    if role == Role.employer:
        extra["employer_id"] = user.employer_id
    return factories.MentorProfileFactory(user=user, kind=kind, **extra, **fields)


@pytest.mark.parametrize("role", list(MENTOR_PORTALS))
def test_a_mentor_of_any_role_reaches_their_pages_in_their_own_portal(client, login, role):
    mentor = _mentor_of_role(role)
    pairing = factories.MentorPairingFactory(mentor=mentor)
    login(mentor.user)
    base = MENTOR_PORTALS[role]
    home = client.get(f"{base}/mentor")
    assert home.status_code == 200 and pairing.participant.full_name in home.text
    assert mentor.feed_token in home.text
    assert client.get(f"{base}/mentor/profile").status_code == 200
    page = client.get(f"{base}/mentor/pairings/{pairing.id}")
    assert page.status_code == 200 and pairing.participant.email in page.text


@pytest.mark.parametrize("role", list(MENTOR_PORTALS))
def test_a_login_without_a_profile_and_another_mentor_s_pairing_are_404(client, login, role):
    other = factories.MentorPairingFactory()
    mentor = _mentor_of_role(role)
    base = MENTOR_PORTALS[role]
    login(role)
    assert client.get(f"{base}/mentor").status_code == 404
    assert client.get(f"{base}/mentor/profile").status_code == 404
    login(mentor.user)
    assert client.get(f"{base}/mentor/pairings/{other.id}").status_code == 404
    assert client.post(f"{base}/mentor/requests/{other.id}/accept").status_code == 404
    assert client.post(f"{base}/mentor/pairings/{other.id}/end", data={"end-reason": "x"}).status_code == 404


def test_an_invited_mentor_opts_in_by_saving_the_profile(client, login):
    mentor = _mentor_of_role(Role.participant, status=MentorStatus.invited, help_with="")
    skill = factories.SkillFactory(label="Negotiation")
    db.session.commit()  # a refusal rolls back what the request flushed, not the test's rows
    login(mentor.user)
    refused = client.post("/participant/mentor/profile", data={"capacity": "2", "skills": "Negotiation, Juggling"})
    assert refused.status_code == 422
    assert "Not in the skills vocabulary: Juggling." in refused.text and "Choose at least one" in refused.text
    saved = client.post("/participant/mentor/profile", data={
        "capacity": "2", "skills": "negotiation", "help_with": ["interview_practice", "first_months"],
        "role_title": "Account Executive", "visible_in_directory": "y", "show_role": "y"})
    assert saved.status_code == 302
    assert mentor.status == MentorStatus.active and mentor.skills == [skill]
    assert mentor.help_with == "interview_practice,first_months"


def test_the_participant_asks_the_mentor_accepts_and_contact_details_appear(client, login):
    mentor = factories.MentorProfileFactory(contact_phone="07700 900123")
    participant_user = factories.user_for_role(Role.participant)
    login(participant_user)
    page = client.get("/participant/mentoring")
    assert page.status_code == 200 and "Why we suggest them" in page.text and mentor.display_name in page.text
    assert client.post(f"/participant/mentoring/mentors/{mentor.id}/ask", data={"message": "Hi"}).status_code == 302
    pairing = db.session.scalar(sa.select(MentorPairing).where(MentorPairing.mentor_id == mentor.id))
    before = client.get(f"/participant/mentoring/pairings/{pairing.id}")
    assert "07700 900123" not in before.text and "shared once the mentor accepts" in before.text
    login(mentor.user)
    assert client.post(f"/staff/mentor/requests/{pairing.id}/accept").status_code == 302
    assert pairing.status == PairingStatus.active
    login(participant_user)
    after = client.get(f"/participant/mentoring/pairings/{pairing.id}")
    assert "07700 900123" in after.text and mentor.user.email in after.text


def test_booking_from_the_page_refuses_past_times_next_to_the_field_then_books(client, login):
    pairing = factories.MentorPairingFactory(participant=factories.user_for_role(Role.participant).participant)
    db.session.commit()  # a refusal rolls back what the request flushed, not the test's rows
    login(pairing.participant.user)
    url = f"/participant/mentoring/pairings/{pairing.id}/conversations"
    past = (datetime.now(UTC) - timedelta(days=2)).date().isoformat()
    refused = client.post(url, data={"book-on": past, "book-starts": "10:00", "book-ends": "11:00",
                                     "book-location": "Library"})
    assert refused.status_code == 422 and "Choose a time in the future." in refused.text
    soon = (datetime.now(UTC) + timedelta(days=5)).date().isoformat()
    booked = client.post(url, data={"book-on": soon, "book-starts": "10:00", "book-ends": "11:00",
                                    "book-meeting_url": "https://meet.example.org/x"})
    assert booked.status_code == 302
    assert db.session.scalar(sa.select(sa.func.count(MentorConversation.id))
                             .where(MentorConversation.pairing_id == pairing.id)) == 1


def test_the_participant_rates_a_past_conversation_and_cannot_touch_another_s(client, login):
    conversation = factories.MentorConversationFactory(
        starts_at=datetime.now(UTC) - timedelta(days=1),
        pairing=factories.MentorPairingFactory(participant=factories.user_for_role(Role.participant).participant))
    other = factories.MentorConversationFactory()
    login(conversation.pairing.participant.user)
    assert client.post(f"/participant/mentoring/conversations/{conversation.id}/after",
                       data={f"c{conversation.id}-rating": "4", f"c{conversation.id}-note": "Useful"}).status_code == 302
    assert conversation.participant_rating == 4 and conversation.note == "Useful"
    assert client.post(f"/participant/mentoring/conversations/{other.id}/after",
                       data={f"c{other.id}-rating": "4"}).status_code == 404
    assert client.get(f"/participant/mentoring/pairings/{other.pairing_id}").status_code == 404


def test_the_directory_shows_only_listed_mentors_and_the_fields_they_chose(client, login):
    factories.MentorProfileFactory(employer_name="Secret Corp", show_employer=False, role_title="Data Analyst",
                                   availability="Mondays")
    factories.MentorProfileFactory(visible_in_directory=False, role_title="Hidden Role")
    login(Role.participant)
    page = client.get("/participant/mentoring/directory")
    assert page.status_code == 200 and "Data Analyst" in page.text and "Mondays" in page.text
    assert "Secret Corp" not in page.text and "Hidden Role" not in page.text


def test_staff_invite_pair_directly_and_download_the_pairs(client, login):
    staff = login(Role.staff)
    alumni = factories.user_for_role(Role.participant)
    db.session.commit()  # a refusal rolls back what the request flushed, not the test's rows
    assert client.post("/staff/mentoring/invite", data={"email": "nobody@example.test"}).status_code == 422
    assert client.post("/staff/mentoring/invite", data={"email": alumni.email}).status_code == 302
    mentor = factories.MentorProfileFactory()
    participant = factories.ParticipantFactory()
    assert client.post("/staff/mentoring/pair", data={"participant_email": participant.email,
                                                      "mentor_id": str(mentor.id)}).status_code == 302
    listing = client.get("/staff/mentoring")
    assert listing.status_code == 200 and alumni.email in listing.text
    pairs = client.get("/staff/mentoring/pairs")
    assert pairs.status_code == 200 and participant.full_name in pairs.text
    csv = client.get("/staff/mentoring/pairs?format=csv")
    assert csv.status_code == 200 and "participant_rating_avg" in csv.text and participant.full_name in csv.text
    assert client.get("/staff/mentoring/pairs?status=bogus").status_code == 400
    assert staff.id


@pytest.mark.parametrize("role", [Role.participant, Role.employer])
def test_staff_pages_are_staff_only(client, login, role):
    login(role)
    for url in ("/staff/mentoring", "/staff/mentoring/pairs", "/staff/mentoring/invite", "/staff/mentoring/pair"):
        assert client.get(url).status_code in (403, 404)


@pytest.mark.parametrize("role", [Role.employer, Role.staff])
def test_mentee_pages_are_participants_only(client, login, role):
    login(role)
    assert client.get("/participant/mentoring").status_code in (403, 404)


def test_the_mentor_feed_route_serves_ics_and_404s_unknown_tokens(client):
    conversation = factories.MentorConversationFactory()
    feed = client.get(f"/calendars/mentor/{conversation.pairing.mentor.feed_token}.ics")
    assert feed.status_code == 200 and feed.mimetype == "text/calendar"
    assert b"mentor-conversation-" in feed.data
    assert client.get("/calendars/mentor/unknown.ics").status_code == 404


# --- query counts: flat as the data grows -----------------------------------------------------------


def _grow_pairings(mentor=None, participant=None, n=4):
    for _ in range(n):
        pairing = factories.MentorPairingFactory(
            mentor=mentor or factories.MentorProfileFactory(skills=[factories.SkillFactory()]),
            participant=participant or factories.ParticipantFactory())
        factories.MentorConversationFactory(pairing=pairing, participant_rating=4)
    db.session.flush()


def test_the_participant_s_mentoring_and_directory_pages_have_flat_query_counts(client, login):
    user = login(Role.participant)
    _grow_pairings(participant=user.participant, n=1)
    assert_query_count_flat(client, "/participant/mentoring", lambda: _grow_pairings(participant=user.participant))
    assert_query_count_flat(client, "/participant/mentoring/directory", lambda: _grow_pairings())


def test_the_mentor_home_and_staff_lists_have_flat_query_counts(client, login):
    mentor = _mentor_of_role(Role.staff, capacity=20)
    login(mentor.user)
    _grow_pairings(mentor=mentor, n=1)
    assert_query_count_flat(client, "/staff/mentor", lambda: _grow_pairings(mentor=mentor))
    assert_query_count_flat(client, "/staff/mentoring", lambda: _grow_pairings())
    assert_query_count_flat(client, "/staff/mentoring/pairs", lambda: _grow_pairings())
