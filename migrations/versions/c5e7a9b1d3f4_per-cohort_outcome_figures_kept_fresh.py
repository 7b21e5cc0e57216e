"""per-cohort outcome figures kept fresh

Reviewed: two new tables, no change to existing data. `cohort_outcome_versions` holds each
cohort's outcome data version (no row: version 0), drawn anew by the application in the same
transaction as every write that can change the cohort's figures (cohorts/models/tallies.py);
`cohort_outcome_parts` keeps the parts of a cohort's figures per as-of date at the version they
were computed at, read only while that version is current (cohorts/outcomes/stored.py). Both
start empty: every cohort is at version 0 with no parts, so the first view computes them. Both
cascade with their cohort. Downgrade drops them (the parts are derived data).

Revision ID: c5e7a9b1d3f4
Revises: b4d6f8a0c2e3
Create Date: 2026-12-04 23:40:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = 'c5e7a9b1d3f4'
down_revision = 'b4d6f8a0c2e3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('cohort_outcome_versions',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_outcome_versions_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cohort_id', name=op.f('pk_cohort_outcome_versions'))
    )
    op.create_table('cohort_outcome_parts',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('as_of', sa.Date(), nullable=False),
    sa.Column('data_version', sa.Integer(), nullable=False),
    sa.Column('parts', sa.JSON(), nullable=False),
    sa.Column('computed_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_outcome_parts_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('cohort_id', 'as_of', name=op.f('pk_cohort_outcome_parts'))
    )


def downgrade():
    op.drop_table('cohort_outcome_parts')
    op.drop_table('cohort_outcome_versions')
