"""Anonymous talent profiles hiring partners search, and the reach-outs a participant accepts or declines.

A participant opts in (separately from consent_to_share) to a profile that shows only assessed skills
with levels, learnability band, region, availability month and programme name under a random handle;
an employer reaches out about one of its hiring needs; only on acceptance is the person introduced
(a candidacy at ``introduced``). See docs/TALENT_PROFILES.md.
"""

from __future__ import annotations

import secrets
from datetime import date, datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, UTCDateTime, enum_column, utcnow
from app.models import User
from cohorts.models.participants import Participant
from cohorts.models.placements import Candidacy
from employers.models import Employer, HiringNeed

#: handle characters: no 0/O or 1/I/L, so a handle read aloud or copied by hand stays right
HANDLE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
HANDLE_LENGTH = 8
#: fewer assessed skills than this and a profile is not listed (too thin to use, too easy to guess)
MIN_ASSESSED_SKILLS = 3


def new_handle() -> str:
    """A random public handle like "T-7KQ4MZ2P" (a fresh one at every opt-in)."""
    return "T-" + "".join(secrets.choice(HANDLE_ALPHABET) for _ in range(HANDLE_LENGTH))


class ReachOutStatus(StrEnum):
    sent = "sent"
    accepted = "accepted"
    declined = "declined"
    withdrawn = "withdrawn"
    expired = "expired"


class TalentProfile(Base):
    """A participant's opt-in to being found anonymously; one row per participant, reused on re-opt-in."""

    __tablename__ = "talent_profiles"
    __repr_attr__ = "handle"
    __table_args__ = (
        sa.CheckConstraint("opted_out_at IS NULL OR opted_out_at >= opted_in_at", name="out_after_in"),
    )

    #: primary key (never shown to employers: they see the handle)
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the participant; one profile each; erasure deletes the profile
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"), unique=True)
    #: the public handle ("T-" and 8 random characters); replaced at every new opt-in
    handle: Mapped[str] = mapped_column(sa.String(20), unique=True, default=new_handle)
    #: when the participant last opted in (UTC); never shown to employers
    opted_in_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when they opted out (UTC); NULL while opted in
    opted_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: first day of the month they can start work; employers see only the month; NULL = now
    available_from: Mapped[date | None]
    #: the region shown, copied from the participant's record at opt-in ("" = not given)
    region: Mapped[str] = mapped_column(sa.String(120), default="", server_default="")

    #: learnability band (low, medium, high) measured when they last saved the profile; "" = not measurable
    learnability_band: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")

    participant: Mapped[Participant] = relationship()

    @property
    def opted_in(self) -> bool:
        return self.opted_out_at is None


class ReachOut(Base):
    """An employer's request to be introduced to the person behind a profile, about one hiring need."""

    __tablename__ = "talent_reach_outs"
    __repr_attr__ = "status"
    __table_args__ = (
        sa.CheckConstraint("status = 'sent' OR decided_at IS NOT NULL", name="decided_when_closed"),
        sa.Index("ix_talent_reach_outs_profile_status", "profile_id", "status"),
        sa.Index("ix_talent_reach_outs_employer_sent", "employer_id", "sent_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the profile reached; erasing the participant deletes the profile and its reach-outs
    profile_id: Mapped[int] = mapped_column(sa.ForeignKey("talent_profiles.id", ondelete="CASCADE"))
    #: the handle at the time it was sent (a later re-opt-in gives the profile a new one)
    handle: Mapped[str] = mapped_column(sa.String(20))
    #: the hiring partner reaching out
    employer_id: Mapped[int] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"))
    #: the hiring need it is about (one of the employer's open needs when sent)
    hiring_need_id: Mapped[int] = mapped_column(sa.ForeignKey("hiring_needs.id", ondelete="CASCADE"), index=True)
    #: the employer login that sent it; NULL once that login is deleted
    sent_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: the employer's short message to the person (up to 1,000 characters)
    message: Mapped[str] = mapped_column(sa.Text)
    #: the training the employer offers to sponsor, in its words; "" = no pledge
    training_pledge: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: sent (awaiting the person) → accepted | declined; withdrawn by the employer; expired on opt-out
    status: Mapped[ReachOutStatus] = mapped_column(enum_column(ReachOutStatus, "reach_out_status"),
                                                   default=ReachOutStatus.sent)
    #: when it was sent (UTC)
    sent_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when it left "sent" (UTC); NULL while awaiting an answer (check decided_when_closed)
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the candidacy of the introduction, once accepted; NULL before, or if the candidacy is deleted
    candidacy_id: Mapped[int | None] = mapped_column(sa.ForeignKey("candidacies.id", ondelete="SET NULL"), index=True)

    profile: Mapped[TalentProfile] = relationship()
    employer: Mapped[Employer] = relationship()
    hiring_need: Mapped[HiringNeed] = relationship()
    sent_by: Mapped[User | None] = relationship()
    candidacy: Mapped[Candidacy | None] = relationship()
