"""Suggested mentors with reasons, the day-90 invitation of alumni, and the calendar feeds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa
from icalendar import Calendar

from app.extensions import db
from app.models import Role
from app.notifications.models import Notification
from cohorts.delivery import calendars
from cohorts.mentoring.invitations import invite_alumni_mentors
from cohorts.mentoring.matching import suggest_mentors
from cohorts.models import AssessmentStage, MentorKind, MentorProfile, MentorStatus, PairingStatus, StillEmployed
from tests import factories


def _participant_training_for(role_title: str, sector: str):
    """A participant enrolled in a cohort whose demand is one need (negotiation at level 3)."""
    employer = factories.EmployerFactory(sector=sector)
    need = factories.HiringNeedFactory(role_title=role_title, employer=employer)
    negotiation = factories.SkillFactory(label="Negotiation")
    factories.HiringNeedSkillFactory(hiring_need=need, skill=negotiation, level=3)
    enrolment = factories.EnrolmentFactory()
    factories.CohortHiringNeedFactory(cohort=enrolment.cohort, hiring_need=need)
    factories.SkillAssessmentFactory(participant=enrolment.participant, skill=negotiation, level=1,
                                     stage=AssessmentStage.baseline)
    db.session.flush()
    return enrolment.participant, negotiation


def test_mentors_are_ranked_by_role_sector_missing_skills_room_and_ratings_with_reasons():
    participant, negotiation = _participant_training_for("Account Executive", "Software")
    best = factories.MentorProfileFactory(role_title="Senior Account Executive", sectors="Software, Retail",
                                          skills=[negotiation], capacity=2)
    sector_only = factories.MentorProfileFactory(role_title="Nurse", sectors="software")
    nothing = factories.MentorProfileFactory(role_title="Chef", sectors="Hospitality", capacity=1)
    factories.MentorConversationFactory(pairing=factories.MentorPairingFactory(mentor=nothing, status="ended"),
                                        participant_rating=2)
    ranked = suggest_mentors(participant)
    assert [s.mentor for s in ranked] == [best, sector_only, nothing]
    reasons = " ".join(ranked[0].reasons)
    assert "Account Executive role you are training for" in reasons
    assert "Software sector" in reasons and "Negotiation" in reasons and "room for 2 more mentees" in reasons
    assert "rated their conversations 2.0 out of 5 (1 rating)" in " ".join(ranked[2].reasons)


def test_full_paused_already_asked_and_self_are_not_suggested():
    participant, _ = _participant_training_for("Account Executive", "Software")
    full = factories.MentorProfileFactory(capacity=1)
    factories.MentorPairingFactory(mentor=full)
    factories.MentorProfileFactory(status=MentorStatus.paused)
    asked = factories.MentorProfileFactory()
    factories.MentorPairingFactory(mentor=asked, participant=participant, status=PairingStatus.requested)
    user = factories.user_for_role(Role.participant, participant=participant)
    factories.MentorProfileFactory(kind=MentorKind.alumni, user=user, participant=participant)
    free = factories.MentorProfileFactory()
    assert [s.mentor for s in suggest_mentors(participant)] == [free]


def _placed(still: StillEmployed, login: bool = True):
    participant = factories.user_for_role(Role.participant).participant if login else factories.ParticipantFactory()
    placement = factories.PlacementFactory(participant=participant)
    factories.RetentionCheckFactory(placement=placement, day_mark=90, still_employed=still)
    return participant


def test_alumni_in_work_at_day_90_with_a_login_are_invited_once_and_told():
    invited = _placed(StillEmployed.yes)
    _placed(StillEmployed.no)
    _placed(StillEmployed.unknown)
    _placed(StillEmployed.yes, login=False)
    assert invite_alumni_mentors() == 1
    profile = db.session.scalar(sa.select(MentorProfile).where(MentorProfile.participant_id == invited.id))
    assert profile.kind == MentorKind.alumni and profile.status == MentorStatus.invited
    assert profile.user == invited.user and profile.invited_by_id is None
    assert db.session.scalar(sa.select(Notification.id).where(Notification.user_id == invited.user_id,
                                                              Notification.kind == "mentor_invitation"))
    assert invite_alumni_mentors() == 0


def _events(body: bytes) -> list:
    return [c for c in Calendar.from_ical(body).walk("VEVENT")]


def test_a_booked_conversation_is_in_the_participant_s_and_the_mentor_s_feeds():
    conversation = factories.MentorConversationFactory(location="Café Nero, King St")
    pairing = conversation.pairing
    for body in (calendars.participant_feed(pairing.participant.feed_token),
                 calendars.mentor_feed(pairing.mentor.feed_token)):
        events = _events(body)
        assert [str(e["uid"]) for e in events] == [f"mentor-conversation-{conversation.id}@bridgework"]
        assert str(events[0]["location"]) == "Café Nero, King St" and str(events[0]["status"]) == "CONFIRMED"
    assert pairing.participant.full_name in str(_events(calendars.mentor_feed(pairing.mentor.feed_token))[0]["summary"])
    conversation.cancelled_at = datetime.now(UTC)
    conversation.sequence = 1
    event = _events(calendars.mentor_feed(pairing.mentor.feed_token))[0]
    assert str(event["status"]) == "CANCELLED" and int(event["sequence"]) == 1
    assert calendars.mentor_feed("nope") is None


def test_another_mentor_s_conversations_stay_out_of_a_feed():
    factories.MentorConversationFactory(starts_at=datetime.now(UTC) + timedelta(days=1))
    mentor = factories.MentorProfileFactory()
    assert _events(calendars.mentor_feed(mentor.feed_token)) == []
