"""starters' attendance tallies kept by triggers

Reviewed: a new table `starter_attendance_tallies` (session, status → rows of starters), filled
from the existing attendance, and the triggers that keep it exact on every write to attendance,
enrolments and sessions (cohorts/models/tallies.py explains the rule and the locking). The
programme outcomes read ~1,200 tally rows instead of tallying ~1,000,000 attendance rows per view.
The trigger SQL is frozen here as it was written at this revision: later changes to the module
need a migration of their own.

Revision ID: d4e6a8c0f2b3
Revises: 75c2f7d53533
Create Date: 2026-11-23 13:42:36.026123

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd4e6a8c0f2b3'
down_revision = '75c2f7d53533'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance BEGIN
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT r.session_id, r.status, count(*) AS n
    FROM (SELECT NEW.session_id AS session_id, NEW.status AS status, NEW.participant_id AS participant_id) r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally; END""",
    """CREATE TRIGGER tally_attendance_delete AFTER DELETE ON attendance BEGIN
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT r.session_id, r.status, count(*) AS n
    FROM (SELECT OLD.session_id AS session_id, OLD.status AS status, OLD.participant_id AS participant_id) r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status; END""",
    """CREATE TRIGGER tally_attendance_update AFTER UPDATE OF session_id, participant_id, status
    ON attendance BEGIN
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT r.session_id, r.status, count(*) AS n
    FROM (SELECT OLD.session_id AS session_id, OLD.status AS status, OLD.participant_id AS participant_id) r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT r.session_id, r.status, count(*) AS n
    FROM (SELECT NEW.session_id AS session_id, NEW.status AS status, NEW.participant_id AS participant_id) r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally; END""",
    """CREATE TRIGGER tally_enrolment_insert AFTER INSERT ON enrolments BEGIN
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = NEW.participant_id AND s.cohort_id = NEW.cohort_id
    AND NEW.status IN ('enrolled', 'completed', 'withdrawn') AND NEW.enrolled_on IS NOT NULL AND NEW.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally; END""",
    """CREATE TRIGGER tally_enrolment_delete AFTER DELETE ON enrolments BEGIN
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = OLD.participant_id AND s.cohort_id = OLD.cohort_id
    AND OLD.status IN ('enrolled', 'completed', 'withdrawn') AND OLD.enrolled_on IS NOT NULL AND OLD.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status; END""",
    """CREATE TRIGGER tally_enrolment_update AFTER UPDATE OF participant_id, cohort_id, status, enrolled_on, exclusion_reason ON enrolments BEGIN
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = OLD.participant_id AND s.cohort_id = OLD.cohort_id
    AND OLD.status IN ('enrolled', 'completed', 'withdrawn') AND OLD.enrolled_on IS NOT NULL AND OLD.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = NEW.participant_id AND s.cohort_id = NEW.cohort_id
    AND NEW.status IN ('enrolled', 'completed', 'withdrawn') AND NEW.enrolled_on IS NOT NULL AND NEW.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally; END""",
    """CREATE TRIGGER tally_session_move AFTER UPDATE OF cohort_id ON sessions BEGIN
    DELETE FROM starter_attendance_tallies WHERE session_id = OLD.id;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN enrolments e ON e.participant_id = a.participant_id AND e.cohort_id = NEW.cohort_id
    WHERE a.session_id = NEW.id AND e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally; END""",
]

POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION tally_attendance_added() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    PERFORM 1 FROM sessions WHERE id IN (SELECT session_id FROM new_rows) FOR KEY SHARE;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT r.session_id, r.status, count(*) AS n
    FROM new_rows r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally;
    RETURN NULL;
    END $body$""",
    """CREATE OR REPLACE FUNCTION tally_attendance_removed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    PERFORM 1 FROM sessions WHERE id = OLD.session_id FOR KEY SHARE;
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT r.session_id, r.status, count(*) AS n
    FROM (SELECT OLD.session_id AS session_id, OLD.status AS status, OLD.participant_id AS participant_id) r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status;
    RETURN OLD;
    END $body$""",
    """CREATE OR REPLACE FUNCTION tally_attendance_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    PERFORM 1 FROM sessions WHERE id IN (SELECT session_id FROM old_rows) FOR KEY SHARE;
    PERFORM 1 FROM sessions WHERE id IN (SELECT session_id FROM new_rows) FOR KEY SHARE;
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT r.session_id, r.status, count(*) AS n
    FROM old_rows r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT r.session_id, r.status, count(*) AS n
    FROM new_rows r
    JOIN sessions s ON s.id = r.session_id
    JOIN enrolments e ON e.participant_id = r.participant_id AND e.cohort_id = s.cohort_id
    WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY r.session_id, r.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally;
    RETURN NULL;
    END $body$""",
    """CREATE OR REPLACE FUNCTION tally_enrolment_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    IF TG_OP = 'UPDATE' THEN
    PERFORM 1 FROM sessions WHERE cohort_id = OLD.cohort_id FOR UPDATE;
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = OLD.participant_id AND s.cohort_id = OLD.cohort_id
    AND OLD.status IN ('enrolled', 'completed', 'withdrawn') AND OLD.enrolled_on IS NOT NULL AND OLD.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status;
    END IF;
    PERFORM 1 FROM sessions WHERE cohort_id = NEW.cohort_id FOR UPDATE;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = NEW.participant_id AND s.cohort_id = NEW.cohort_id
    AND NEW.status IN ('enrolled', 'completed', 'withdrawn') AND NEW.enrolled_on IS NOT NULL AND NEW.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally;
    RETURN NULL;
    END $body$""",
    """CREATE OR REPLACE FUNCTION tally_enrolment_removed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    PERFORM 1 FROM sessions WHERE cohort_id = OLD.cohort_id FOR UPDATE;
    UPDATE starter_attendance_tallies SET tally = starter_attendance_tallies.tally - d.n
    FROM (SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN sessions s ON s.id = a.session_id
    WHERE a.participant_id = OLD.participant_id AND s.cohort_id = OLD.cohort_id
    AND OLD.status IN ('enrolled', 'completed', 'withdrawn') AND OLD.enrolled_on IS NOT NULL AND OLD.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status) AS d
    WHERE starter_attendance_tallies.session_id = d.session_id
    AND starter_attendance_tallies.status = d.status;
    RETURN OLD;
    END $body$""",
    """CREATE OR REPLACE FUNCTION tally_session_moved() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    DELETE FROM starter_attendance_tallies WHERE session_id = OLD.id;
    INSERT INTO starter_attendance_tallies (session_id, status, tally)
    SELECT a.session_id, a.status, count(*) AS n
    FROM attendance a
    JOIN enrolments e ON e.participant_id = a.participant_id AND e.cohort_id = NEW.cohort_id
    WHERE a.session_id = NEW.id AND e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
    GROUP BY a.session_id, a.status
    ON CONFLICT (session_id, status) DO UPDATE
    SET tally = starter_attendance_tallies.tally + excluded.tally;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER tally_attendance_insert AFTER INSERT ON attendance
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION tally_attendance_added()""",
    """CREATE TRIGGER tally_attendance_delete BEFORE DELETE ON attendance
    FOR EACH ROW EXECUTE FUNCTION tally_attendance_removed()""",
    """CREATE TRIGGER tally_attendance_update AFTER UPDATE ON attendance
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
    FOR EACH STATEMENT EXECUTE FUNCTION tally_attendance_changed()""",
    """CREATE TRIGGER tally_enrolment_change AFTER INSERT OR UPDATE OF participant_id, cohort_id, status, enrolled_on, exclusion_reason
    ON enrolments FOR EACH ROW EXECUTE FUNCTION tally_enrolment_changed()""",
    """CREATE TRIGGER tally_enrolment_delete BEFORE DELETE ON enrolments
    FOR EACH ROW EXECUTE FUNCTION tally_enrolment_removed()""",
    """CREATE TRIGGER tally_session_move AFTER UPDATE OF cohort_id ON sessions
    FOR EACH ROW WHEN (OLD.cohort_id IS DISTINCT FROM NEW.cohort_id)
    EXECUTE FUNCTION tally_session_moved()""",
]

SQLITE_TRIGGER_NAMES = ('tally_attendance_insert', 'tally_attendance_delete', 'tally_attendance_update', 'tally_enrolment_insert', 'tally_enrolment_delete', 'tally_enrolment_update', 'tally_session_move')

POSTGRESQL_TRIGGER_TABLES = (('tally_attendance_insert', 'attendance'), ('tally_attendance_delete', 'attendance'), ('tally_attendance_update', 'attendance'), ('tally_enrolment_change', 'enrolments'), ('tally_enrolment_delete', 'enrolments'), ('tally_session_move', 'sessions'))

POSTGRESQL_FUNCTIONS = ('tally_attendance_added', 'tally_attendance_removed', 'tally_attendance_changed', 'tally_enrolment_changed', 'tally_enrolment_removed', 'tally_session_moved')

REBUILD = """INSERT INTO starter_attendance_tallies (session_id, status, tally)
SELECT a.session_id, a.status, count(*)
FROM attendance a
JOIN sessions s ON s.id = a.session_id
JOIN enrolments e ON e.participant_id = a.participant_id AND e.cohort_id = s.cohort_id
WHERE e.status IN ('enrolled', 'completed', 'withdrawn') AND e.enrolled_on IS NOT NULL AND e.exclusion_reason IS NULL
GROUP BY a.session_id, a.status"""


def upgrade():
    op.create_table('starter_attendance_tallies',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('present', 'late', 'absent', 'excused', name='starter_attendance_tally_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('tally', sa.Integer(), nullable=False),
    sa.CheckConstraint('tally >= 0', name=op.f('ck_starter_attendance_tallies_tally_not_negative')),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_starter_attendance_tallies_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'status', name=op.f('pk_starter_attendance_tallies'))
    )
    op.execute(REBUILD)
    statements = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table in POSTGRESQL_TRIGGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f"DROP FUNCTION IF EXISTS {name}()")
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('starter_attendance_tallies')
