"""Core models every feature stands on: users, the skills vocabulary, audit and mail, and counts kept by triggers."""

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


# --- counts of growing tables kept by the database --------------------------------------------
# So that no page counts a whole table to show a total (the staff home's participants and
# placements, the lists' totals), triggers keep row_counts(name) = the rows of a table that meet
# a condition, in the same statement as every write, whichever path wrote it (pages, the workbook
# import, seed-scale's COPY, cascading deletes, erasure). Features say what they count with
# count_rows() when their models load (cohorts/models/__init__.py, employers/models.py). On
# PostgreSQL inserts and updates are counted once per statement over its transition tables (an
# update that moves no row in or out of a count leaves it alone), deletes per row (a delete that
# cascades from another table runs its own statements); SQLite fires per row. A write that
# changes a count holds that count's row until it commits, so two transactions adding rows to one
# table queue there for the moment of their commit: such rows are written one at a time by staff,
# or in one bulk statement. recount_statements() recomputes every count from its table.

#: name → (table, the column whose change can move a row in or out or None, the rows counted as a
#: condition on a row alias {r}); filled by count_rows()
COUNTED: dict[str, tuple[str, str | None, str]] = {}


def count_rows(name: str, table: str, column: str | None = None, condition: str = "TRUE") -> None:
    """Keep row_counts(name): the rows of table meeting condition ({r} is the row); column names
    the one column whose change can move a row in or out of it."""
    COUNTED[name] = (table, column, condition)


def _counted_tables() -> tuple[str, ...]:
    return tuple(dict.fromkeys(COUNTED[name][0] for name in sorted(COUNTED)))


class RowCount(Base):
    __tablename__ = "row_counts"
    __repr_attr__ = "value"
    __table_args__ = (sa.CheckConstraint("value >= 0", name="value_not_negative"),)

    """A count kept by triggers (count_rows): read it instead of counting the table."""

    #: what is counted (a key of COUNTED)
    name: Mapped[str] = mapped_column(sa.String(40), primary_key=True)
    #: written by triggers only
    value: Mapped[int] = mapped_column(sa.BigInteger, default=0)


def recount_statements() -> list[str]:
    """Set every count from its table (the migration, after create_all, and a repair)."""
    return [f"DELETE FROM row_counts WHERE name = '{name}'" for name in sorted(COUNTED)] + [
        f"INSERT INTO row_counts (name, value) SELECT '{name}', count(*) FROM {COUNTED[name][0]} AS r "
        f"WHERE {COUNTED[name][2].format(r='r')}" for name in sorted(COUNTED)]


def _change(name: str, amount: str) -> str:
    return f"UPDATE row_counts SET value = value + ({amount}) WHERE name = '{name}'"


def _counted(table: str) -> list[tuple[str, str | None, str]]:
    return [(name, COUNTED[name][1], COUNTED[name][2]) for name in sorted(COUNTED) if COUNTED[name][0] == table]


def _sqlite_ddl() -> list[str]:
    ddl = []
    for table in _counted_tables():
        for name, column, condition in _counted(table):
            new, old = condition.format(r="NEW"), condition.format(r="OLD")
            ddl += [f"CREATE TRIGGER count_{name}_insert AFTER INSERT ON {table} WHEN {new} BEGIN {_change(name, '1')}; END",
                    f"CREATE TRIGGER count_{name}_delete AFTER DELETE ON {table} WHEN {old} BEGIN {_change(name, '-1')}; END"]
            if column:
                ddl.append(f"""CREATE TRIGGER count_{name}_update AFTER UPDATE OF {column} ON {table}
                    WHEN ({new}) <> ({old}) BEGIN {_change(name, f'({new}) - ({old})')}; END""")
    return ddl


def _pg_function(name: str, body: str, returns: str = "NULL", declare: str = "") -> str:
    return f"""CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $body$
        {declare} BEGIN {body} RETURN {returns}; END $body$"""


def _pg_ddl() -> list[str]:
    ddl = []
    for table in _counted_tables():
        counted = _counted(table)
        added = " ".join(_change(name, f"SELECT count(*) FROM new_rows AS r WHERE {condition.format(r='r')}") + ";"
                         for name, _, condition in counted)
        removed = " ".join(f"IF {condition.format(r='OLD')} THEN {_change(name, '-1')}; END IF;"
                           for name, _, condition in counted)
        # a statement that moves no row in or out (most updates) leaves the count's row alone
        changed = " ".join(
            f"""delta := (SELECT count(*) FROM new_rows AS r WHERE {condition.format(r='r')})
                       - (SELECT count(*) FROM old_rows AS r WHERE {condition.format(r='r')});
                IF delta <> 0 THEN {_change(name, 'delta')}; END IF;""" for name, column, condition in counted if column)
        ddl += [_pg_function(f"count_{table}_added", added), _pg_function(f"count_{table}_removed", removed, "OLD"),
                f"""CREATE TRIGGER count_{table}_insert AFTER INSERT ON {table} REFERENCING NEW TABLE AS new_rows
                    FOR EACH STATEMENT EXECUTE FUNCTION count_{table}_added()""",
                f"""CREATE TRIGGER count_{table}_delete AFTER DELETE ON {table}
                    FOR EACH ROW EXECUTE FUNCTION count_{table}_removed()"""]
        if changed:
            ddl += [_pg_function(f"count_{table}_changed", changed, declare="DECLARE delta bigint;"),
                    f"""CREATE TRIGGER count_{table}_update AFTER UPDATE ON {table}
                        REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
                        FOR EACH STATEMENT EXECUTE FUNCTION count_{table}_changed()"""]
    return ddl


def count_pg_functions() -> list[str]:
    """PostgreSQL's trigger functions: they outlive their tables, so they are dropped with the schema."""
    return [f"count_{table}_{kind}" for table in _counted_tables() for kind in ("added", "removed", "changed")]


def count_trigger_ddl(dialect: str) -> list[str]:
    """The statements that create the counting triggers (and PostgreSQL's functions) on dialect."""
    if dialect == "postgresql":
        return _pg_ddl()
    if dialect == "sqlite":
        return _sqlite_ddl()
    raise NotImplementedError(f"the row counts need triggers written for {dialect}")


@sa.event.listens_for(Base.metadata, "after_create")
def _create_count_triggers(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same triggers and starting counts as the migrations."""
    if RowCount.__table__ in kw.get("tables", ()):
        for statement in count_trigger_ddl(connection.dialect.name) + recount_statements():
            connection.exec_driver_sql(statement)


@sa.event.listens_for(Base.metadata, "after_drop")
def _drop_count_functions(target, connection, **kw) -> None:
    if connection.dialect.name == "postgresql":
        for name in count_pg_functions():
            connection.exec_driver_sql(f"DROP FUNCTION IF EXISTS {name}() CASCADE")
