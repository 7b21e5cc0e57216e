"""Subject access exports, and erasure blanks, what mentoring holds about a participant (mentee or alumni mentor)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from app.models import Role
from cohorts.models import MentorKind, MentorStatus, PairingStatus
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests import factories


def _alumni_mentor():
    user = factories.user_for_role(Role.participant)
    return factories.MentorProfileFactory(user=user, kind=MentorKind.alumni, participant=user.participant,
                                          employer_name="Northwind", availability="Evenings", contact_phone="0123")


def test_the_export_holds_their_mentors_conversations_and_their_own_mentor_profile():
    mentor = _alumni_mentor()
    as_mentee = factories.MentorPairingFactory(participant=mentor.participant, message="Help with CVs")
    factories.MentorConversationFactory(pairing=as_mentee, note="CV reviewed", participant_rating=5,
                                        starts_at=datetime.now(UTC) - timedelta(days=1))
    factories.MentorPairingFactory(mentor=mentor)
    export = export_subject_data(mentor.participant)
    assert export["mentoring"][0]["message"] == "Help with CVs"
    assert export["mentoring"][0]["conversations"][0]["note"] == "CV reviewed"
    profile = export["mentor_profile"][0]
    assert profile["employer_name"] == "Northwind" and len(profile["pairings"]) == 1


def test_erasure_blanks_the_words_keeps_the_ratings_and_withdraws_their_mentor_profile():
    mentor = _alumni_mentor()
    token = mentor.feed_token
    mentored = factories.MentorPairingFactory(mentor=mentor, message="Hello", end_reason="")
    talk = factories.MentorConversationFactory(pairing=mentored, note="About shifts", participant_rating=4,
                                               location="Café", starts_at=datetime.now(UTC) - timedelta(days=1))
    as_mentee = factories.MentorPairingFactory(participant=mentor.participant, message="Please")
    erase_participant(mentor.participant, None)
    assert (talk.note, talk.location, talk.participant_rating) == ("", "", 4)
    assert mentored.message == "" and mentored.status == PairingStatus.ended
    assert as_mentee.message == "" and as_mentee.status == PairingStatus.ended
    assert mentor.status == MentorStatus.withdrawn and not mentor.visible_in_directory
    assert (mentor.employer_name, mentor.availability, mentor.contact_phone) == ("", "", "")
    assert mentor.feed_token != token
