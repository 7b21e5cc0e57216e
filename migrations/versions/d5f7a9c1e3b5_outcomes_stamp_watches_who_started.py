"""outcomes stamp: also drawn by a change to who counts as a cohort's starter

Reviewed: no table or data changes. A cohort's learnability figures (its starters' median, mean and
bands: cohorts/learnability/queries.py) are now kept per app under the outcomes stamp, as the
programme figures and the caseload are. They read who started, which an enrolment's start date and
exclusion reason decide (cohorts/models/tallies.py starter_clause); until now a write to those two
columns drew a new stamp only through the cohort's outcome data version, which the ORM and the bulk
writers bump but raw SQL does not. The enrolments trigger now watches them itself, on SQLite (a row
trigger) and PostgreSQL (a statement trigger taking the stamp's lock before the rows, as the others
do). The trigger SQL is frozen here as written at this revision; the downgrade restores
c4e6a8b0d2f1's.

Revision ID: d5f7a9c1e3b5
Revises: c4e6a8b0d2f1
Create Date: 2026-12-05 22:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'd5f7a9c1e3b5'
down_revision = 'c4e6a8b0d2f1'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER outcome_stamp_enrolments_update AFTER UPDATE OF participant_id, cohort_id, status, enrolled_on, exclusion_reason ON enrolments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
]
SQLITE_OLD = """CREATE TRIGGER outcome_stamp_enrolments_update AFTER UPDATE OF participant_id, cohort_id, status ON enrolments BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END"""

POSTGRESQL_TRIGGERS = [
    """CREATE TRIGGER outcome_stamp_enrolments BEFORE INSERT OR DELETE OR UPDATE OF participant_id, cohort_id, status, enrolled_on, exclusion_reason OR TRUNCATE
        ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
]
POSTGRESQL_OLD = """CREATE TRIGGER outcome_stamp_enrolments BEFORE INSERT OR DELETE OR UPDATE OF participant_id, cohort_id, status OR TRUNCATE
        ON enrolments FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()"""


def _replace(statement: str) -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TRIGGER IF EXISTS outcome_stamp_enrolments ON enrolments")
    else:
        op.execute("DROP TRIGGER IF EXISTS outcome_stamp_enrolments_update")
    op.execute(statement)


def upgrade():
    postgresql = op.get_bind().dialect.name == "postgresql"
    (statement,) = POSTGRESQL_TRIGGERS if postgresql else SQLITE_TRIGGERS
    _replace(statement)


def downgrade():
    _replace(POSTGRESQL_OLD if op.get_bind().dialect.name == "postgresql" else SQLITE_OLD)
