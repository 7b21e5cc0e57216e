"""attendance carries its session's start, kept by triggers

Reviewed: a nullable column `attendance.session_starts_at`, filled from `sessions.starts_at` for
every existing mark, and the triggers that keep it equal on every write of a mark or of a session's
start (cohorts/models/participants.py explains them and PostgreSQL's lock). The index
`ix_attendance_participant_latest` (participant_id, session_starts_at, status) replaces
`ix_attendance_participant_id`, whose lookups it serves with the same leading column. A coach's
caseload reads each person's two latest marks from that index instead of joining every mark to its
session (issue 22: a national coach's 1,000 people). On PostgreSQL the backfill runs with the tally
trigger on attendance updates switched off: it changes no session, person or status, so no tally.
The trigger SQL is written out as the module wrote it at this revision.

Revision ID: a9c1e3f5b7d0
Revises: f8b0d2e4a6c9
Create Date: 2026-12-05 15:40:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a9c1e3f5b7d0'
down_revision = 'f8b0d2e4a6c9'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER attendance_session_start_insert AFTER INSERT ON attendance BEGIN
        UPDATE attendance SET session_starts_at = (SELECT starts_at FROM sessions WHERE id = NEW.session_id)
        WHERE session_id = NEW.session_id AND participant_id = NEW.participant_id; END""",
    """CREATE TRIGGER attendance_session_start_move AFTER UPDATE OF session_id, session_starts_at ON attendance
        WHEN NEW.session_starts_at IS NOT (SELECT starts_at FROM sessions WHERE id = NEW.session_id) BEGIN
        UPDATE attendance SET session_starts_at = (SELECT starts_at FROM sessions WHERE id = NEW.session_id)
        WHERE session_id = NEW.session_id AND participant_id = NEW.participant_id; END""",
    """CREATE TRIGGER session_start_to_attendance AFTER UPDATE OF starts_at ON sessions BEGIN
        UPDATE attendance SET session_starts_at = NEW.starts_at WHERE session_id = NEW.id; END""",
]
SQLITE_TRIGGER_NAMES = ("attendance_session_start_insert", "attendance_session_start_move",
                        "session_start_to_attendance")

POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION attendance_take_session_start() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        NEW.session_starts_at := (SELECT starts_at FROM sessions WHERE id = NEW.session_id FOR SHARE);
        RETURN NEW;
        END $body$""",
    """CREATE OR REPLACE FUNCTION session_start_to_attendance() RETURNS trigger LANGUAGE plpgsql AS $body$
        BEGIN
        UPDATE attendance SET session_starts_at = NEW.starts_at WHERE session_id = NEW.id;
        RETURN NULL;
        END $body$""",
    """CREATE TRIGGER attendance_session_start BEFORE INSERT OR UPDATE OF session_id, session_starts_at
        ON attendance FOR EACH ROW EXECUTE FUNCTION attendance_take_session_start()""",
    """CREATE TRIGGER session_start_to_attendance AFTER UPDATE OF starts_at ON sessions
        FOR EACH ROW WHEN (OLD.starts_at IS DISTINCT FROM NEW.starts_at)
        EXECUTE FUNCTION session_start_to_attendance()""",
]
POSTGRESQL_TRIGGER_TABLES = (("attendance_session_start", "attendance"), ("session_start_to_attendance", "sessions"))
POSTGRESQL_FUNCTIONS = ("attendance_take_session_start", "session_start_to_attendance")

BACKFILL = {
    "postgresql": """UPDATE attendance SET session_starts_at = sessions.starts_at
        FROM sessions WHERE sessions.id = attendance.session_id""",
    "sqlite": """UPDATE attendance SET session_starts_at =
        (SELECT starts_at FROM sessions WHERE sessions.id = attendance.session_id)""",
}


def upgrade():
    dialect = op.get_bind().dialect.name
    op.add_column('attendance', sa.Column('session_starts_at', sa.DateTime(), nullable=True))
    if dialect == "postgresql":
        op.execute("ALTER TABLE attendance DISABLE TRIGGER tally_attendance_update")
    op.execute(BACKFILL[dialect])
    if dialect == "postgresql":
        op.execute("ALTER TABLE attendance ENABLE TRIGGER tally_attendance_update")
    op.create_index('ix_attendance_participant_latest', 'attendance',
                    ['participant_id', 'session_starts_at', 'status'], unique=False)
    op.drop_index('ix_attendance_participant_id', table_name='attendance')
    for statement in POSTGRESQL_TRIGGERS if dialect == "postgresql" else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        for name, table in POSTGRESQL_TRIGGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.create_index('ix_attendance_participant_id', 'attendance', ['participant_id'], unique=False)
    op.drop_index('ix_attendance_participant_latest', table_name='attendance')
    # SQLite drops a column in place (3.35+) once nothing names it; a batch copy would lose attendance's triggers
    op.execute("ALTER TABLE attendance DROP COLUMN session_starts_at")
