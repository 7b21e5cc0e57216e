"""outcomes stamp: also drawn by every write a coach's caseload reads

Reviewed: no table or data changes. The outcomes stamp (one row, outcome_stamps) gains triggers
on the tables a coach's caseload and its starter bands read, so the caseload can be kept per app
under it as the programme figures are (cohorts/participants/caseload_kept.py; issue 22):
participants (names, email, consent, coach, erasure), enrolments, sessions, attendance, skill
assessments, candidacies, placements, retention checks, in-work check-ins, employers (name),
saved postings and job postings (title, employer name); the cohorts trigger also fires on a
change of status or start date. On PostgreSQL each is a statement trigger taking the stamp's row
lock before the statement's rows, as the existing ones do (cohorts/models/outcome_stamp.py
explains the rule); SQLite's are row triggers. The trigger SQL is frozen here as written at this
revision; the downgrade restores the cohorts trigger of 314f993a8a92.

Revision ID: c4e6a8b0d2f1
Revises: a9c1e3f5b7d0
Create Date: 2026-12-05 19:00:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f1'
down_revision = 'a9c1e3f5b7d0'
branch_labels = None
depends_on = None

#: the triggers this revision creates (the cohorts update trigger replaces 314f993a8a92's)
SQLITE_TRIGGERS = [
    """CREATE TRIGGER outcome_stamp_cohorts_update AFTER UPDATE OF id, code, ends_on, programme_id, status, starts_on ON cohorts BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_participants_insert AFTER INSERT ON participants BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_participants_delete AFTER DELETE ON participants BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_participants_update AFTER UPDATE OF id, first_name, last_name, email, consent_to_share, created_at, coach_id, anonymised_at ON participants BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_enrolments_insert AFTER INSERT ON enrolments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_enrolments_delete AFTER DELETE ON enrolments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_enrolments_update AFTER UPDATE OF participant_id, cohort_id, status ON enrolments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_sessions_insert AFTER INSERT ON sessions BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_sessions_delete AFTER DELETE ON sessions BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_sessions_update AFTER UPDATE OF id, cohort_id, title, starts_at, ends_at ON sessions BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_attendance_insert AFTER INSERT ON attendance BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_attendance_delete AFTER DELETE ON attendance BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_attendance_update AFTER UPDATE OF participant_id, session_id, status, session_starts_at ON attendance BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_skill_assessments_insert AFTER INSERT ON skill_assessments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_skill_assessments_delete AFTER DELETE ON skill_assessments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_skill_assessments_update AFTER UPDATE OF participant_id, skill_id, stage, level, assessed_on ON skill_assessments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_candidacies_insert AFTER INSERT ON candidacies BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_candidacies_delete AFTER DELETE ON candidacies BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_candidacies_update AFTER UPDATE OF participant_id, stage_changed_at ON candidacies BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_placements_insert AFTER INSERT ON placements BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_placements_delete AFTER DELETE ON placements BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_placements_update AFTER UPDATE OF id, participant_id, employer_id, voided_at, ended_on ON placements BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_retention_checks_insert AFTER INSERT ON retention_checks BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_retention_checks_delete AFTER DELETE ON retention_checks BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_retention_checks_update AFTER UPDATE OF placement_id, day_mark, due_on, checked_on ON retention_checks BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_check_ins_insert AFTER INSERT ON check_ins BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_check_ins_delete AFTER DELETE ON check_ins BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_check_ins_update AFTER UPDATE OF participant_id, placement_id, week, due_on, answered_at ON check_ins BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_employers_delete AFTER DELETE ON employers BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_employers_update AFTER UPDATE OF id, name ON employers BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_saved_postings_insert AFTER INSERT ON saved_postings BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_saved_postings_delete AFTER DELETE ON saved_postings BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_saved_postings_update AFTER UPDATE OF participant_id, posting_id, stage, stage_changed_at ON saved_postings BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_job_postings_delete AFTER DELETE ON job_postings BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_job_postings_update AFTER UPDATE OF id, title, employer_name ON job_postings BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
]
#: 314f993a8a92's cohorts update trigger, restored by the downgrade
SQLITE_OLD_COHORTS = """CREATE TRIGGER outcome_stamp_cohorts_update AFTER UPDATE OF id, code, ends_on, programme_id ON cohorts BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END"""

POSTGRESQL_TRIGGERS = [
    """CREATE TRIGGER outcome_stamp_cohorts BEFORE INSERT OR DELETE OR UPDATE OF id, code, ends_on, programme_id, status, starts_on OR TRUNCATE
        ON cohorts FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_participants BEFORE INSERT OR DELETE OR UPDATE OF id, first_name, last_name, email, consent_to_share, created_at, coach_id, anonymised_at OR TRUNCATE
        ON participants FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_enrolments BEFORE INSERT OR DELETE OR UPDATE OF participant_id, cohort_id, status OR TRUNCATE
        ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_sessions BEFORE INSERT OR DELETE OR UPDATE OF id, cohort_id, title, starts_at, ends_at OR TRUNCATE
        ON sessions FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_attendance BEFORE INSERT OR DELETE OR UPDATE OF participant_id, session_id, status, session_starts_at OR TRUNCATE
        ON attendance FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_skill_assessments BEFORE INSERT OR DELETE OR UPDATE OF participant_id, skill_id, stage, level, assessed_on OR TRUNCATE
        ON skill_assessments FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_candidacies BEFORE INSERT OR DELETE OR UPDATE OF participant_id, stage_changed_at OR TRUNCATE
        ON candidacies FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_placements BEFORE INSERT OR DELETE OR UPDATE OF id, participant_id, employer_id, voided_at, ended_on OR TRUNCATE
        ON placements FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_retention_checks BEFORE INSERT OR DELETE OR UPDATE OF placement_id, day_mark, due_on, checked_on OR TRUNCATE
        ON retention_checks FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_check_ins BEFORE INSERT OR DELETE OR UPDATE OF participant_id, placement_id, week, due_on, answered_at OR TRUNCATE
        ON check_ins FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_employers BEFORE DELETE OR UPDATE OF id, name OR TRUNCATE
        ON employers FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_saved_postings BEFORE INSERT OR DELETE OR UPDATE OF participant_id, posting_id, stage, stage_changed_at OR TRUNCATE
        ON saved_postings FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_job_postings BEFORE DELETE OR UPDATE OF id, title, employer_name OR TRUNCATE
        ON job_postings FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
]
POSTGRESQL_TRIGGER_TABLES = [
    ('outcome_stamp_cohorts', 'cohorts'),
    ('outcome_stamp_participants', 'participants'),
    ('outcome_stamp_enrolments', 'enrolments'),
    ('outcome_stamp_sessions', 'sessions'),
    ('outcome_stamp_attendance', 'attendance'),
    ('outcome_stamp_skill_assessments', 'skill_assessments'),
    ('outcome_stamp_candidacies', 'candidacies'),
    ('outcome_stamp_placements', 'placements'),
    ('outcome_stamp_retention_checks', 'retention_checks'),
    ('outcome_stamp_check_ins', 'check_ins'),
    ('outcome_stamp_employers', 'employers'),
    ('outcome_stamp_saved_postings', 'saved_postings'),
    ('outcome_stamp_job_postings', 'job_postings'),
]
POSTGRESQL_OLD_COHORTS = """CREATE TRIGGER outcome_stamp_cohorts BEFORE INSERT OR DELETE OR UPDATE OF id, code, ends_on, programme_id OR TRUNCATE
    ON cohorts FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()"""


def _drop_all() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for name, table in POSTGRESQL_TRIGGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")


def upgrade():
    _drop_all()  # the cohorts trigger of 314f993a8a92, replaced below
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS:
        op.execute(statement)


def downgrade():
    _drop_all()
    op.execute(POSTGRESQL_OLD_COHORTS if op.get_bind().dialect.name == "postgresql" else SQLITE_OLD_COHORTS)
