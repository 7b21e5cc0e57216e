"""covering index for attendance tallies by session and status

Reviewed: index-only (no data change), found by bench/run.py at 50,000 participants: the
programme outcomes tally attendance per session and status from this index alone
(cohorts/outcomes.py) instead of joining ~900k rows to sessions and enrolments.

Revision ID: 75c2f7d53533
Revises: 58f6c8fc4085
Create Date: 2026-11-23 12:32:43.464862

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '75c2f7d53533'
down_revision = '58f6c8fc4085'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index('ix_attendance_session_status_participant', ['session_id', 'status', 'participant_id'], unique=False)


def downgrade():
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index('ix_attendance_session_status_participant')
