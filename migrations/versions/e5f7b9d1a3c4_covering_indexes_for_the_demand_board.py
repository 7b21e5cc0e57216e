"""covering indexes for the demand board

Reviewed: indexes only (no data change), found by bench/run.py at 20,000 hiring needs. The demand
board's role × region groups and its employers per role are answered from
ix_hiring_needs_demand alone (the employers count now counts distinct ids, no join), its months
from (status, needed_by, openings), which replaces (status, needed_by) as a longer prefix of it.

Revision ID: e5f7b9d1a3c4
Revises: d4e6a8c0f2b3
Create Date: 2026-11-23 14:17:25.466954

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e5f7b9d1a3c4'
down_revision = 'd4e6a8c0f2b3'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('hiring_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hiring_needs_status_needed_by'))
        batch_op.create_index('ix_hiring_needs_demand', ['status', 'role_title', 'region', 'openings', 'employer_id'], unique=False)
        batch_op.create_index('ix_hiring_needs_status_needed_by_openings', ['status', 'needed_by', 'openings'], unique=False)


def downgrade():
    with op.batch_alter_table('hiring_needs', schema=None) as batch_op:
        batch_op.drop_index('ix_hiring_needs_status_needed_by_openings')
        batch_op.drop_index('ix_hiring_needs_demand')
        batch_op.create_index(batch_op.f('ix_hiring_needs_status_needed_by'), ['status', 'needed_by'], unique=False)
