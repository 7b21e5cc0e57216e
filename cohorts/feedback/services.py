"""Who may rate which session, and when: the rules of session feedback (flush, never commit)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import select

from app.db import flush_unique, utcnow
from app.extensions import db
from cohorts.delivery.queries import my_cohort_ids
from cohorts.errors import CohortRuleError
from cohorts.models import RATING_SCALE, Attendance, AttendanceStatus, CohortSession, Participant, SessionRating

#: how long after a session ends (or starts, with no end time) its rating may be given or changed
RATING_WINDOW = timedelta(days=14)
#: the longest comment kept, in characters (the form says so too)
COMMENT_MAX = 2000


def rating_closes_at(session: CohortSession) -> datetime:
    """The instant (UTC) after which the session can no longer be rated or re-rated."""
    return (session.ends_at or session.starts_at) + RATING_WINDOW


def rating_refusal(participant: Participant, session: CohortSession, now: datetime | None = None) -> str | None:
    """Why the participant may not rate the session now, in their words; None when they may."""
    now = now or utcnow()
    if session.cohort_id not in my_cohort_ids(participant.id):
        return "You can only rate sessions of your own cohort."
    if session.starts_at > now:
        return "You can rate this session once it has started."
    status = db.session.scalar(select(Attendance.status).where(
        Attendance.session_id == session.id, Attendance.participant_id == participant.id))
    if status == AttendanceStatus.absent:
        return "You were marked absent from this session, so it cannot be rated by you."
    if now > rating_closes_at(session):
        return "Ratings for this session have closed (they stay open for 14 days after it)."
    return None


def rate_session(participant: Participant, session: CohortSession, rating: int, comment: str = "",
                 *, now: datetime | None = None) -> SessionRating:
    """Give or change the participant's one rating of the session, within the rules above."""
    if refusal := rating_refusal(participant, session, now):
        raise CohortRuleError(refusal)
    if rating not in RATING_SCALE:
        raise CohortRuleError("Choose a rating from 1 to 5.", "rating")
    comment = (comment or "").strip()
    if len(comment) > COMMENT_MAX:
        raise CohortRuleError(f"Keep the comment under {COMMENT_MAX} characters.", "comment")
    existing = db.session.scalar(select(SessionRating).where(
        SessionRating.participant_id == participant.id, SessionRating.session_id == session.id))
    with flush_unique(db.session, CohortRuleError("This session was just rated; reload to change it.")):
        if existing is None:
            existing = SessionRating(participant=participant, session=session, rating=rating, comment=comment)
            db.session.add(existing)
        else:
            existing.rating, existing.comment = rating, comment
    return existing
