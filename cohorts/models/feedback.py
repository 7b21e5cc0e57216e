"""Participants' ratings of the sessions they attended (the designer reads them per module and employer)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, TimestampMixin

if TYPE_CHECKING:
    from cohorts.models.participants import Participant
    from cohorts.models.programmes import CohortSession

#: the rating scale, lowest to highest (check rating_range)
RATING_SCALE = (1, 2, 3, 4, 5)


class SessionRating(TimestampMixin, Base):
    """One participant's rating of one session: 1–5 and an optional comment, editable for a while."""

    __tablename__ = "session_ratings"
    __repr_attr__ = "rating"
    __table_args__ = (
        sa.UniqueConstraint("participant_id", "session_id"),
        sa.CheckConstraint("rating BETWEEN 1 AND 5", name="rating_range"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: who rated: a participant of the session's cohort not marked absent; one rating each (the unique key,
    #: led by this column, also serves "my ratings")
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: the session rated, once it has started; ratings go with their session
    session_id: Mapped[int] = mapped_column(sa.ForeignKey("sessions.id", ondelete="CASCADE"), index=True)
    #: 1 (poor) to 5 (excellent) (check rating_range); kept after an erasure, it names no one
    rating: Mapped[int]
    #: the participant's own words; "" when none, and blanked when their personal data is erased
    comment: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    participant: Mapped[Participant] = relationship()
    session: Mapped[CohortSession] = relationship()
