"""Conversations of an active pairing: book, cancel, and afterwards a short note and each side's rating."""

from __future__ import annotations

from datetime import datetime, timedelta

from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.mentoring import notices
from cohorts.models import MentorConversation, MentorPairing, PairingStatus
from cohorts.models.mentoring import MENTOR_RATING_SCALE

#: the longest a conversation may be booked for
LONGEST = timedelta(hours=4)


def book_conversation(pairing: MentorPairing, user: User, *, starts_at: datetime, ends_at: datetime,
                      location: str = "", meeting_url: str = "", by_mentor: bool,
                      now: datetime | None = None) -> MentorConversation:
    """Either side books a time and a place or link; it shows in both calendar feeds."""
    now = now or utcnow()
    if pairing.status != PairingStatus.active:
        raise CohortRuleError("Conversations are booked once the mentor has accepted.")
    if starts_at <= now:
        raise CohortRuleError("Choose a time in the future.", "on")
    if ends_at <= starts_at:
        raise CohortRuleError("The conversation must end after it starts.", "ends")
    if ends_at - starts_at > LONGEST:
        raise CohortRuleError("A conversation lasts at most four hours.", "ends")
    if not location.strip() and not meeting_url.strip():
        raise CohortRuleError("Give a place or a meeting link.", "location")
    conversation = MentorConversation(pairing=pairing, starts_at=starts_at, ends_at=ends_at,
                                      location=location.strip(), meeting_url=meeting_url.strip(), booked_by=user)
    db.session.add(conversation)
    db.session.flush()
    record_audit(user, "mentor_conversation", conversation.id, "booked", {"starts_at": [None, starts_at]})
    notices.conversation_changed(conversation, by_mentor, "booked")
    return conversation


def cancel_conversation(conversation: MentorConversation, user: User, *, by_mentor: bool,
                        now: datetime | None = None) -> MentorConversation:
    """Either side cancels a conversation that has not started; the feeds mark it cancelled."""
    if conversation.cancelled_at is not None:
        raise CohortRuleError("This conversation is already cancelled.")
    if conversation.starts_at <= (now or utcnow()):
        raise CohortRuleError("This conversation has already started.")
    conversation.cancelled_at = utcnow()
    conversation.sequence += 1
    db.session.flush()
    record_audit(user, "mentor_conversation", conversation.id, "cancelled", {})
    notices.conversation_changed(conversation, by_mentor, "cancelled")
    return conversation


def record_after(conversation: MentorConversation, user: User, *, rating: int, note: str, by_mentor: bool,
                 now: datetime | None = None) -> MentorConversation:
    """After it started, each side rates it 1–5 (and may leave the short note); a second save corrects it."""
    if conversation.cancelled_at is not None:
        raise CohortRuleError("This conversation was cancelled.", "rating")
    if conversation.starts_at > (now or utcnow()):
        raise CohortRuleError("You can rate a conversation once it has taken place.", "rating")
    if rating not in MENTOR_RATING_SCALE:
        raise CohortRuleError("Choose a rating from 1 to 5.", "rating")
    if by_mentor:
        conversation.mentor_rating = rating
    else:
        conversation.participant_rating = rating
    if note.strip():
        conversation.note = note.strip()
    db.session.flush()
    return conversation
