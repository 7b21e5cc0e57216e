"""Core models every feature stands on: users, the skills vocabulary, audit and mail."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import sqlalchemy as sa
from flask_login import UserMixin
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from app.db import Base, StrEnum, TimestampMixin, UTCDateTime, enum_column, utcnow


class Role(StrEnum):
    admin = "admin"
    staff = "staff"
    employer = "employer"
    participant = "participant"


#: roles that use the staff portal
STAFF_ROLES = frozenset({Role.admin, Role.staff})


class User(UserMixin, TimestampMixin, Base):
    __tablename__ = "users"
    __repr_attr__ = "email"
    __table_args__ = (
        sa.CheckConstraint("email = lower(email)", name="email_lower_case"),
        sa.CheckConstraint("role != 'employer' OR employer_id IS NOT NULL", name="employer_link"),
        #: the coach drop-downs (active staff by name) from the index alone, not every login's row
        sa.Index("ix_users_role_active_name", "role", "active", "full_name", "email"),
    )

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: login name, stored lower-case
    email: Mapped[str] = mapped_column(sa.String(254), unique=True)
    #: optional; display_name falls back to the email; erasure blanks it
    full_name: Mapped[str] = mapped_column(sa.String(200), default="")
    #: None until the invited user sets a password
    password_hash: Mapped[str | None] = mapped_column(sa.String(255))
    #: admin, staff, employer or participant; an employer user needs employer_id (check employer_link)
    role: Mapped[Role] = mapped_column(enum_column(Role, "user_role"))
    #: deactivated users cannot log in; their history stays
    active: Mapped[bool] = mapped_column(default=True, server_default=sa.true())
    #: the hiring partner an employer contact speaks for
    employer_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("employers.id", ondelete="RESTRICT"), index=True
    )
    #: when the user last logged in with their password (UTC); NULL = never
    last_login_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: bumped to invalidate every outstanding reset link and session
    security_stamp: Mapped[int] = mapped_column(default=0, server_default="0")

    employer: Mapped[Any] = relationship("Employer", back_populates="users", foreign_keys=[employer_id])
    #: the participant record a participant user owns (linked from participants.user_id)
    participant: Mapped[Any] = relationship(
        "Participant", back_populates="user", uselist=False, foreign_keys="Participant.user_id"
    )

    def set_password(self, password: str) -> None:
        self.password_hash = generate_password_hash(password)
        self.security_stamp = (self.security_stamp or 0) + 1

    def check_password(self, password: str) -> bool:
        return bool(self.password_hash) and check_password_hash(self.password_hash, password)

    def get_id(self) -> str:
        return f"{self.id}:{self.security_stamp}"

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive users
        return bool(self.active)

    @property
    def is_staff(self) -> bool:
        return self.role in STAFF_ROLES

    @property
    def display_name(self) -> str:
        return self.full_name or self.email


class SkillKind(StrEnum):
    skill = "skill"
    knowledge = "knowledge"
    foundational = "foundational"


class Skill(TimestampMixin, Base):
    """A competency in the vocabulary: what employers demand and the curriculum teaches."""

    __tablename__ = "skills"
    __repr_attr__ = "label"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: the name shown; ESCO imports suffix a clashing label with "(ESCO <id>)"
    label: Mapped[str] = mapped_column(sa.String(300))
    #: lower-cased label: labels are matched case-insensitively and must be unique that way
    label_key: Mapped[str] = mapped_column(sa.String(300), unique=True)
    #: skill, knowledge or foundational (ESCO transversal skills); a proposed module teaches one kind
    kind: Mapped[SkillKind] = mapped_column(
        enum_column(SkillKind, "skill_kind"), default=SkillKind.skill
    )
    #: the ESCO concept URI when the skill came from ESCO
    esco_uri: Mapped[str | None] = mapped_column(sa.String(255), unique=True)
    #: other names, one a line (ESCO's altLabels)
    alt_labels: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: ESCO's description for imported skills; "" for hand-made ones
    description: Mapped[str] = mapped_column(sa.Text, default="", server_default="")

    @staticmethod
    def key_for(label: str) -> str:
        return " ".join(label.split()).lower()


class EscoOccupation(Base):
    """An ESCO occupation, so a hiring need can start from its essential skills."""

    __tablename__ = "esco_occupations"
    __repr_attr__ = "label"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: ESCO concept URI: the key the import upserts on
    esco_uri: Mapped[str] = mapped_column(sa.String(255), unique=True)
    #: ESCO's preferred label, whitespace collapsed; the occupation search matches it
    label: Mapped[str] = mapped_column(sa.String(300), index=True)
    #: ESCO's iscoGroup code, first 10 characters; "" when none
    isco_group: Mapped[str] = mapped_column(sa.String(10), default="", server_default="")
    #: ESCO's occupation code, first 40 characters; "" when none
    code: Mapped[str] = mapped_column(sa.String(40), default="", server_default="")
    #: other names, one a line (ESCO's altLabels)
    alt_labels: Mapped[str] = mapped_column(sa.Text, default="", server_default="")


class EscoRelation(StrEnum):
    essential = "essential"
    optional = "optional"


class EscoOccupationSkill(Base):
    __tablename__ = "esco_occupation_skills"
    __repr_attr__ = "occupation_id"

    #: the ESCO occupation; its relations go with it
    occupation_id: Mapped[int] = mapped_column(
        sa.ForeignKey("esco_occupations.id", ondelete="CASCADE"), primary_key=True
    )
    #: the skill ESCO relates to the occupation
    skill_id: Mapped[int] = mapped_column(
        sa.ForeignKey("skills.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    #: essential or optional; a hiring need can add its occupation's essential skills
    relation: Mapped[EscoRelation] = mapped_column(enum_column(EscoRelation, "esco_relation"))


class AuditEvent(Base):
    """Who changed what, when: placements, consent, enrolment status, users, stages."""

    __tablename__ = "audit_events"
    __repr_attr__ = "action"
    __table_args__ = (sa.Index("ix_audit_events_entity", "entity", "entity_id"),)

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: when the change was recorded (UTC)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: who made the change; NULL = the system (e.g. a public application) or a deleted user
    actor_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("users.id", ondelete="SET NULL"), index=True
    )
    #: the actor's email at the time (kept if the user is later removed)
    actor_label: Mapped[str] = mapped_column(sa.String(254), default="system")
    #: table-like name of the record: "placement", "enrolment", "user" …
    entity: Mapped[str] = mapped_column(sa.String(50))
    #: the record's id as text (attendance: "<session id>:<participant id>")
    entity_id: Mapped[str] = mapped_column(sa.String(50))
    #: verb: created, updated, stage_changed, consent_given …
    action: Mapped[str] = mapped_column(sa.String(50))
    #: {field: [old, new]} for what changed
    changes: Mapped[dict] = mapped_column(sa.JSON, default=dict)

    actor: Mapped[User | None] = relationship()


class OutboxMessage(Base):
    """Every mail the app sends; without SMTP it is the development outbox admins can read."""

    __tablename__ = "outbox_messages"
    __repr_attr__ = "subject"

    #: primary key
    id: Mapped[int] = mapped_column(primary_key=True)
    #: when the message was queued (UTC)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: the address it goes to; erasure deletes a participant's messages by it
    recipient: Mapped[str] = mapped_column(sa.String(254), index=True)
    #: the subject line
    subject: Mapped[str] = mapped_column(sa.String(300))
    #: the plain-text body
    body_text: Mapped[str] = mapped_column(sa.Text)
    #: an HTML alternative of the same message; NULL = text only
    body_html: Mapped[str | None] = mapped_column(sa.Text)
    #: the one-click unsubscribe URL sent as List-Unsubscribe (RFC 8058); NULL = no such header
    list_unsubscribe: Mapped[str | None] = mapped_column(sa.String(500))
    #: invitation, password_reset, nudge:<kind> …
    kind: Mapped[str] = mapped_column(sa.String(60), default="general")
    #: a unique key for mail that must never go twice (e.g. a nudge for one session)
    dedupe_key: Mapped[str | None] = mapped_column(sa.String(200), unique=True)
    #: set once SMTP accepted the message; None in the development outbox
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: SMTP attempts made so far (each failure waits longer before the next, app/mail.py)
    attempts: Mapped[int] = mapped_column(default=0, server_default="0")
    #: the last SMTP error, shown in the admin outbox; "" when none
    last_error: Mapped[str] = mapped_column(sa.Text, default="", server_default="")
    #: when the next attempt is due (UTC); NULL = not waiting for a retry
    next_attempt_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    #: when a delivery claimed it (UTC): a claim without sent_at means "may have gone", never resent
    #: by itself (a worker that died after sending must not send it twice)
    sending_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: when delivery was given up (retries used up, or state unknown); an admin may resend it
    failed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def delivery_state(self) -> str:
        """sent, failed, sending, retrying (an attempt failed, the next is due) or unsent."""
        if self.sent_at is not None:
            return "sent"
        if self.failed_at is not None:
            return "failed"
        if self.sending_at is not None:
            return "sending"
        return "retrying" if self.next_attempt_at is not None else "unsent"
