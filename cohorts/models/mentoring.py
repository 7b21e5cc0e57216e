"""Mentors (placed alumni, employer volunteers, staff), their pairings with participants, and conversations.

A mentor is a login with a profile; a pairing joins one mentor to one participant (asked for by the
participant, or made by staff); a conversation is one booked meeting of a pairing, noted and rated
afterwards by both sides (docs/MENTORING.md).
"""

from __future__ import annotations

from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow
from app.models import Skill, User
from cohorts.models.participants import Participant
from employers.models import Employer, new_token


class MentorKind(StrEnum):
    alumni = "alumni"
    employer = "employer"
    staff = "staff"


class MentorStatus(StrEnum):
    invited = "invited"
    active = "active"
    paused = "paused"
    withdrawn = "withdrawn"


class PairingStatus(StrEnum):
    requested = "requested"
    active = "active"
    declined = "declined"
    ended = "ended"


#: what a mentor can help with: stored key → label (MentorProfile.help_with holds the keys, comma-joined)
HELP_WITH = {
    "interview_practice": "Interview practice",
    "sector_insight": "Sector insight",
    "first_months": "First months in work",
    "applications": "CVs and applications",
    "confidence": "Confidence and motivation",
    "career_change": "Changing career",
}
#: pairings that still hold a mentor's place (capacity counts them) and block a second ask
OPEN_PAIRING_STATUSES = (PairingStatus.requested, PairingStatus.active)
#: the conversation rating scale (checks *_rating_range)
MENTOR_RATING_SCALE = (1, 2, 3, 4, 5)


class MentorSkill(Base):
    """A skill (from the vocabulary) a mentor can help with."""

    __tablename__ = "mentor_skills"
    __repr_attr__ = "skill_id"

    #: the mentor; their skills go with the profile
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("mentor_profiles.id", ondelete="CASCADE"), primary_key=True)
    #: the skill; RESTRICT: a skill a mentor lists cannot leave the vocabulary
    skill_id: Mapped[int] = mapped_column(sa.ForeignKey("skills.id", ondelete="RESTRICT"), primary_key=True,
                                          index=True)


class MentorProfile(TimestampMixin, Base):
    """A login who mentors: what they do, what they can help with, how many mentees they take, what others see."""

    __tablename__ = "mentor_profiles"
    __repr_attr__ = "kind"
    __table_args__ = (
        sa.CheckConstraint("capacity BETWEEN 0 AND 20", name="capacity_range"),
        sa.CheckConstraint("kind != 'alumni' OR participant_id IS NOT NULL", name="alumni_has_participant"),
        sa.CheckConstraint("kind != 'employer' OR employer_id IS NOT NULL", name="volunteer_has_employer"),
        sa.Index("ix_mentor_profiles_status_visible", "status", "visible_in_directory"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the mentor's own login (any role: participant, employer or staff); one profile per login
    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id", ondelete="CASCADE"), unique=True)
    #: alumni (a placed participant), employer (a volunteer from a hiring partner) or staff
    kind: Mapped[MentorKind] = mapped_column(enum_column(MentorKind, "mentor_kind"))
    #: for alumni: their participant record (check alumni_has_participant); NULL for others
    participant_id: Mapped[int | None] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"),
                                                       unique=True)
    #: for employer volunteers: their employer (check volunteer_has_employer); NULL for others
    employer_id: Mapped[int | None] = mapped_column(sa.ForeignKey("employers.id", ondelete="CASCADE"), index=True)
    #: current job title as the mentor writes it; "" when not given; erasure blanks it
    role_title: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: current employer as the mentor writes it (optional); "" when not given; erasure blanks it
    employer_name: Mapped[str] = mapped_column(sa.String(200), default="", server_default="")
    #: sectors they know, comma-separated as typed ("Technology, Retail"); matched case-insensitively
    sectors: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: what they can help with: keys of HELP_WITH, comma-joined; "" = not said yet
    help_with: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: when they are free, free text ("Tuesday evenings, online"); "" when not given
    availability: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: a phone number shared with a mentee once a pairing is accepted; "" when none
    contact_phone: Mapped[str] = mapped_column(sa.String(50), default="", server_default="")
    #: mentees at once, 0–20 (check capacity_range); requested and active pairings count against it
    capacity: Mapped[int] = mapped_column(default=2, server_default="2")
    #: listed in the participants' alumni directory (only the fields switched on below)
    visible_in_directory: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: the directory shows the role title
    show_role: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: the directory shows the employer name
    show_employer: Mapped[bool] = mapped_column(default=False, server_default=sa.false())
    #: the directory shows sectors and skills
    show_skills: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: the directory shows what they help with and their availability
    show_help: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: invited (not yet opted in) → active ⇄ paused → withdrawn; only active mentors are suggested
    status: Mapped[MentorStatus] = mapped_column(enum_column(MentorStatus, "mentor_status"),
                                                 default=MentorStatus.invited)
    #: when the invitation was made (UTC): by staff, or automatically at day 90 in work
    invited_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: the staff user who invited them; NULL for the automatic day-90 invitation
    invited_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: secret part of the mentor's iCalendar feed URL (their conversations)
    feed_token: Mapped[str] = mapped_column(sa.String(64), unique=True, default=new_token)

    user: Mapped[User] = relationship(foreign_keys=[user_id])
    participant: Mapped[Participant | None] = relationship()
    employer: Mapped[Employer | None] = relationship()
    skills: Mapped[list[Skill]] = relationship(secondary="mentor_skills", order_by="Skill.label")

    @property
    def display_name(self) -> str:
        return self.user.display_name

    @property
    def help_with_keys(self) -> list[str]:
        return [key for key in self.help_with.split(",") if key in HELP_WITH]

    @property
    def help_with_labels(self) -> list[str]:
        return [HELP_WITH[key] for key in self.help_with_keys]

    @property
    def sector_list(self) -> list[str]:
        return [s.strip() for s in self.sectors.split(",") if s.strip()]


class MentorPairing(TimestampMixin, Base):
    """A mentor and a participant: asked for, accepted or declined, and ended with a reason."""

    __tablename__ = "mentor_pairings"
    __repr_attr__ = "status"
    __table_args__ = (
        #: at most one open (requested or active) pairing of a participant with the same mentor
        sa.Index("uq_mentor_pairings_open", "mentor_id", "participant_id", unique=True,
                 sqlite_where=sa.text("status IN ('requested', 'active')"),
                 postgresql_where=sa.text("status IN ('requested', 'active')")),
        sa.Index("ix_mentor_pairings_participant_status", "participant_id", "status"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the mentor; their pairings go with the profile
    mentor_id: Mapped[int] = mapped_column(sa.ForeignKey("mentor_profiles.id", ondelete="CASCADE"), index=True)
    #: the participant mentored; pairings go with the person
    participant_id: Mapped[int] = mapped_column(sa.ForeignKey("participants.id", ondelete="CASCADE"))
    #: requested (the participant asked) → active | declined; active → ended
    status: Mapped[PairingStatus] = mapped_column(enum_column(PairingStatus, "pairing_status"),
                                                  default=PairingStatus.requested)
    #: who made it: the participant's login (an ask) or a staff user (a direct pairing); NULL if deleted
    requested_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: the participant's words to the mentor with the ask; "" when none; erasure blanks it
    message: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: when it was asked for or made (UTC)
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: when the mentor accepted or declined, or staff paired directly (UTC); NULL while requested
    decided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when either side (or staff) ended it (UTC); NULL while open
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: why it ended (or why the mentor declined); "" while open; erasure blanks it
    end_reason: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    mentor: Mapped[MentorProfile] = relationship()
    participant: Mapped[Participant] = relationship()
    requested_by: Mapped[User | None] = relationship()
    conversations: Mapped[list[MentorConversation]] = relationship(
        back_populates="pairing", order_by="MentorConversation.starts_at", cascade="all, delete-orphan")

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_PAIRING_STATUSES


class MentorConversation(TimestampMixin, Base):
    """One booked conversation of a pairing: when and where, then a note and each side's rating."""

    __tablename__ = "mentor_conversations"
    __repr_attr__ = "starts_at"
    __table_args__ = (
        sa.CheckConstraint("ends_at > starts_at", name="ends_after_start"),
        sa.CheckConstraint("participant_rating IS NULL OR participant_rating BETWEEN 1 AND 5",
                           name="participant_rating_range"),
        sa.CheckConstraint("mentor_rating IS NULL OR mentor_rating BETWEEN 1 AND 5", name="mentor_rating_range"),
        sa.Index("ix_mentor_conversations_pairing_starts", "pairing_id", "starts_at"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the pairing that meets; conversations go with it
    pairing_id: Mapped[int] = mapped_column(sa.ForeignKey("mentor_pairings.id", ondelete="CASCADE"))
    #: when it starts (UTC); typed on the participant's programme clock
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: when it ends (UTC), after starts_at (check ends_after_start)
    ends_at: Mapped[datetime] = mapped_column(UTCDateTime)
    #: the place, or "" for an online conversation; erasure blanks it
    location: Mapped[str] = mapped_column(sa.String(300), default="", server_default="")
    #: the video link, or "" for an in-person one; erasure blanks it
    meeting_url: Mapped[str] = mapped_column(sa.String(500), default="", server_default="")
    #: a short note after it, written by either side (the last one saved); "" until then; erasure blanks it
    note: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: the participant's rating 1–5 (check participant_rating_range); NULL until given; feeds suggestions
    participant_rating: Mapped[int | None]
    #: the mentor's rating 1–5 (check mentor_rating_range); NULL until given
    mentor_rating: Mapped[int | None]
    #: who booked it: either side's login; NULL if deleted
    booked_by_id: Mapped[int | None] = mapped_column(sa.ForeignKey("users.id", ondelete="SET NULL"), index=True)
    #: set when either side cancels it (UTC); the feeds then mark it cancelled
    cancelled_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: bumped by every change calendar programs should see (the feeds' SEQUENCE)
    sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    pairing: Mapped[MentorPairing] = relationship(back_populates="conversations")
    booked_by: Mapped[User | None] = relationship()
