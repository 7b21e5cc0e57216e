"""Mentoring rules: inviting and opting in, asking, answering, direct pairing, ending, booking and rating."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import AuditEvent, Role
from app.notifications.models import Notification
from cohorts.errors import CohortRuleError
from cohorts.mentoring import conversations, services
from cohorts.models import MentorKind, MentorStatus, PairingStatus
from tests import factories


def _mentee():
    return factories.user_for_role(Role.participant).participant


def _notices(user, kind):
    return db.session.scalars(sa.select(Notification).where(Notification.user_id == user.id,
                                                            Notification.kind == kind)).all()


def test_staff_invite_a_login_of_each_role_as_the_right_kind_and_it_is_audited_and_told():
    staff = factories.user_for_role(Role.staff)
    alumni = factories.user_for_role(Role.participant)
    volunteer = factories.user_for_role(Role.employer)
    kinds = {u.role: services.invite_mentor(u, staff) for u in (alumni, volunteer, factories.user_for_role(Role.staff))}
    assert kinds[Role.participant].kind == MentorKind.alumni and kinds[Role.participant].participant == alumni.participant
    assert kinds[Role.employer].kind == MentorKind.employer and kinds[Role.employer].employer_id == volunteer.employer_id
    assert kinds[Role.staff].kind == MentorKind.staff
    assert all(p.status == MentorStatus.invited for p in kinds.values())
    assert _notices(alumni, "mentor_invitation")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.entity == "mentor_profile", AuditEvent.action == "invited")) == 3
    with pytest.raises(CohortRuleError, match="already has a mentor profile"):
        services.invite_mentor(alumni, staff)


def test_saving_an_invited_profile_opts_in_and_needs_something_to_help_with():
    profile = factories.MentorProfileFactory(status=MentorStatus.invited, help_with="")
    skill = factories.SkillFactory(label="Negotiation")
    with pytest.raises(CohortRuleError, match="at least one"):
        services.update_profile(profile, profile.user, {"capacity": 2}, [skill], [])
    services.update_profile(profile, profile.user, {"capacity": 3, "role_title": "Sales lead"}, [skill],
                            ["interview_practice", "made_up"])
    assert profile.status == MentorStatus.active and profile.capacity == 3
    assert profile.help_with == "interview_practice" and profile.skills == [skill]


def test_asking_holds_a_place_and_the_mentor_hears_of_it():
    mentor = factories.MentorProfileFactory(capacity=1)
    mentee = _mentee()
    pairing = services.request_mentor(mentee, mentor, mentee.user, "  Help with interviews ")
    assert pairing.status == PairingStatus.requested and pairing.message == "Help with interviews"
    assert _notices(mentor.user, "mentee_request")
    other = _mentee()
    with pytest.raises(CohortRuleError, match="no room"):
        services.request_mentor(other, mentor, other.user)


def test_one_open_pairing_per_mentor_and_participant_and_never_yourself():
    mentor = factories.MentorProfileFactory(capacity=5)
    mentee = _mentee()
    services.request_mentor(mentee, mentor, mentee.user)
    with pytest.raises(CohortRuleError, match="already an open request"):
        services.request_mentor(mentee, mentor, mentee.user)
    alumni = factories.MentorProfileFactory(kind=MentorKind.alumni, participant=mentee, user=mentee.user)
    with pytest.raises(CohortRuleError, match="your own mentor"):
        services.request_mentor(mentee, alumni, mentee.user)


def test_paused_mentors_take_no_requests():
    mentor = factories.MentorProfileFactory(status=MentorStatus.paused)
    mentee = _mentee()
    with pytest.raises(CohortRuleError, match="not taking mentees"):
        services.request_mentor(mentee, mentor, mentee.user)


def test_accept_or_decline_once_and_the_participant_is_told():
    mentor = factories.MentorProfileFactory(capacity=3)
    ann, bob = _mentee(), _mentee()
    accepted = services.decide_request(services.request_mentor(ann, mentor, ann.user), True, mentor.user)
    declined = services.decide_request(services.request_mentor(bob, mentor, bob.user), False, mentor.user, "Busy")
    assert accepted.status == PairingStatus.active and accepted.decided_at is not None
    assert declined.status == PairingStatus.declined and declined.end_reason == "Busy"
    assert _notices(ann.user, "mentor_pairing") and _notices(bob.user, "mentor_pairing")
    with pytest.raises(CohortRuleError, match="already answered"):
        services.decide_request(accepted, False, mentor.user)
    # a declined request frees the pair: the participant may ask again later
    services.request_mentor(bob, mentor, bob.user)


def test_staff_pair_directly_within_capacity_and_an_end_needs_a_reason():
    staff = factories.user_for_role(Role.staff)
    mentor = factories.MentorProfileFactory(capacity=1)
    mentee = _mentee()
    pairing = services.pair_directly(mentee, mentor, staff)
    assert pairing.status == PairingStatus.active
    with pytest.raises(CohortRuleError, match="no room"):
        services.pair_directly(_mentee(), mentor, staff)
    with pytest.raises(CohortRuleError, match="Only programme staff"):
        services.pair_directly(_mentee(), mentor, mentee.user)
    with pytest.raises(CohortRuleError, match="why it ends"):
        services.end_pairing(pairing, staff, "  ", by_mentor=False)
    services.end_pairing(pairing, mentee.user, "Found my feet", by_mentor=False)
    assert pairing.status == PairingStatus.ended and pairing.end_reason == "Found my feet"
    assert _notices(mentor.user, "mentor_pairing")


def test_booking_needs_an_active_pairing_a_future_time_and_a_place():
    pairing = factories.MentorPairingFactory()
    now = datetime.now(UTC)
    book = {"starts_at": now + timedelta(days=2), "ends_at": now + timedelta(days=2, hours=1), "by_mentor": False}
    with pytest.raises(CohortRuleError, match="place or a meeting link"):
        conversations.book_conversation(pairing, pairing.mentor.user, **book)
    with pytest.raises(CohortRuleError, match="future"):
        conversations.book_conversation(pairing, None, starts_at=now - timedelta(hours=1), ends_at=now,
                                        location="Café", by_mentor=True)
    with pytest.raises(CohortRuleError, match="end after"):
        conversations.book_conversation(pairing, None, starts_at=book["starts_at"], ends_at=book["starts_at"],
                                        location="Café", by_mentor=True)
    conversation = conversations.book_conversation(pairing, None, location="Café", **book)
    assert conversation.id is not None and _notices(pairing.mentor.user, "mentor_conversation")
    pairing.status = PairingStatus.ended
    with pytest.raises(CohortRuleError, match="once the mentor has accepted"):
        conversations.book_conversation(pairing, None, location="Café", **book)


def test_cancel_bumps_the_sequence_and_only_before_it_starts():
    conversation = factories.MentorConversationFactory()
    conversations.cancel_conversation(conversation, None, by_mentor=True)
    assert conversation.cancelled_at is not None and conversation.sequence == 1
    with pytest.raises(CohortRuleError, match="already cancelled"):
        conversations.cancel_conversation(conversation, None, by_mentor=True)


def test_each_side_rates_after_it_took_place():
    conversation = factories.MentorConversationFactory()
    with pytest.raises(CohortRuleError, match="once it has taken place"):
        conversations.record_after(conversation, None, rating=4, note="", by_mentor=False)
    later = conversation.starts_at + timedelta(hours=2)
    conversations.record_after(conversation, None, rating=4, note="Good chat", by_mentor=False, now=later)
    conversations.record_after(conversation, None, rating=5, note="", by_mentor=True, now=later)
    assert (conversation.participant_rating, conversation.mentor_rating, conversation.note) == (4, 5, "Good chat")


@settings(max_examples=30, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(rating=st.integers(min_value=-10, max_value=20))
def test_only_ratings_from_one_to_five_are_kept(rating):
    conversation = factories.MentorConversationFactory(starts_at=datetime.now(UTC) - timedelta(hours=2))
    if 1 <= rating <= 5:
        conversations.record_after(conversation, None, rating=rating, note="", by_mentor=True)
        assert conversation.mentor_rating == rating
    else:
        with pytest.raises(CohortRuleError, match="from 1 to 5"):
            conversations.record_after(conversation, None, rating=rating, note="", by_mentor=True)
