"""What mentoring tells people: invitations, asks, answers, direct pairings, endings and bookings.

A mentor is told through their login (any role); a participant through theirs, or by email alone when
they have none. Anonymised participants are told nothing.
"""

from __future__ import annotations

from app.dates import to_local
from app.notifications.kinds import Kind
from app.notifications.services import Recipient, notify, site_path
from cohorts.mentoring.queries import zone_of
from cohorts.models import MentorConversation, MentorKind, MentorPairing, MentorProfile, Participant

#: the portal each kind of mentor works in (their mentor pages hang on it)
MENTOR_PORTAL = {MentorKind.alumni: "cohorts_participant", MentorKind.employer: "cohorts_employer",
                 MentorKind.staff: "cohorts_staff"}


def _mentee(participant: Participant) -> list[Recipient]:
    if participant.anonymised_at is not None or (participant.user is None and participant.nudges_opt_out):
        return []
    return [Recipient(participant.email, participant.first_name, participant.user)]


def mentor_link(mentor: MentorProfile, view: str, **args) -> str:
    return site_path(f"{MENTOR_PORTAL[mentor.kind]}.{view}", **args)


def mentor_invited(mentor: MentorProfile) -> None:
    notify([mentor.user], Kind.mentor_invitation, "You are invited to mentor on Bridgework",
           "People starting out in work value hearing from someone who has been there. If you would like to "
           "mentor, fill in your mentor profile: what you can help with and how many mentees you can take.",
           link=mentor_link(mentor, "mentor_profile"), about=f"mentor:{mentor.id}")


def mentee_asked(pairing: MentorPairing) -> None:
    participant = pairing.participant
    notify([pairing.mentor.user], Kind.mentee_request, f"{participant.first_name} asks you to be their mentor",
           pairing.message, link=mentor_link(pairing.mentor, "mentor_home"), subject=f"participant:{participant.id}")


def pairing_decided(pairing: MentorPairing) -> None:
    name = pairing.mentor.display_name
    if pairing.status == "active":
        title, body = f"{name} will mentor you", "You can now see their contact details and book a conversation."
    else:
        title, body = f"{name} cannot mentor you just now", "Have a look at the other mentors suggested for you."
    notify(_mentee(pairing.participant), Kind.mentor_pairing, title, body,
           link=site_path("cohorts_participant.mentoring"))


def paired_by_staff(pairing: MentorPairing) -> None:
    participant = pairing.participant
    notify(_mentee(participant), Kind.mentor_pairing, f"{pairing.mentor.display_name} is your mentor",
           "The programme team paired you. Their contact details are on your mentoring page.",
           link=site_path("cohorts_participant.mentee_pairing", pairing_id=pairing.id))
    notify([pairing.mentor.user], Kind.mentor_pairing, f"You are mentoring {participant.full_name}",
           "The programme team paired you.", link=mentor_link(pairing.mentor, "mentor_pairing", pairing_id=pairing.id),
           subject=f"participant:{participant.id}")


def pairing_ended(pairing: MentorPairing, by_mentor: bool) -> None:
    if by_mentor:
        notify(_mentee(pairing.participant), Kind.mentor_pairing,
               f"Your mentoring with {pairing.mentor.display_name} has ended", pairing.end_reason,
               link=site_path("cohorts_participant.mentoring"))
    else:
        notify([pairing.mentor.user], Kind.mentor_pairing,
               f"Your mentoring with {pairing.participant.full_name} has ended", pairing.end_reason,
               link=mentor_link(pairing.mentor, "mentor_home"), subject=f"participant:{pairing.participant_id}")


def conversation_changed(conversation: MentorConversation, by_mentor: bool, what: str) -> None:
    """Tell the other side a conversation was booked or cancelled ('booked' / 'cancelled')."""
    pairing = conversation.pairing
    when = f"{to_local(conversation.starts_at, zone_of(pairing.participant_id)):%-d %B %Y, %H:%M %Z}"
    if by_mentor:
        notify(_mentee(pairing.participant), Kind.mentor_conversation,
               f"Mentoring conversation {what}: {when}", f"With {pairing.mentor.display_name}.",
               link=site_path("cohorts_participant.mentee_pairing", pairing_id=pairing.id))
    else:
        notify([pairing.mentor.user], Kind.mentor_conversation, f"Mentoring conversation {what}: {when}",
               f"With {pairing.participant.full_name}.",
               link=mentor_link(pairing.mentor, "mentor_pairing", pairing_id=pairing.id),
               subject=f"participant:{pairing.participant_id}")
