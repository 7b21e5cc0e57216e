"""covering indexes for the outcome measures

Reviewed: indexes only (no data change), found by bench/run.py at 51,000 enrolments and 60,000
retention checks. The outcome measures sum each cohort's enrolment flags and look up, for every
placement, its participant's enrolment and its 90- and 180-day checks; with these the database
answers both from the indexes alone instead of fetching a table row per lookup.

Revision ID: 3e3167fdb2aa
Revises: c3d5f7b9e1a2
Create Date: 2026-12-03 07:24:27.342826

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3e3167fdb2aa'
down_revision = 'c3d5f7b9e1a2'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_outcomes', ['cohort_id', 'participant_id', 'status', 'enrolled_on', 'exclusion_reason', 'job_seeking'], unique=False)

    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.create_index('ix_retention_checks_outcomes', ['placement_id', 'day_mark', 'still_employed', 'checked_on'], unique=False)


def downgrade():
    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_retention_checks_outcomes')

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_outcomes')
