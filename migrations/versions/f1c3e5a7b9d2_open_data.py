"""open data packages published

Revision ID: f1c3e5a7b9d2
Revises: e0b2d4f6a8c1
Create Date: 2026-12-04 21:00:00

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = 'f1c3e5a7b9d2'
down_revision = 'e0b2d4f6a8c1'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'open_data_packages',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
        sa.Column('as_of', sa.Date(), nullable=False),
        sa.Column('archive', sa.LargeBinary(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('archive_size', sa.Integer(), nullable=False),
        sa.Column('descriptor', sa.Text(), nullable=False),
        sa.Column('row_counts', sa.JSON(), nullable=False),
        sa.CheckConstraint('archive_size >= 0', name=op.f('ck_open_data_packages_archive_size_not_negative')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_open_data_packages')),
    )
    op.create_index('ix_open_data_packages_created_at', 'open_data_packages', ['created_at'], unique=False)


def downgrade():
    op.drop_index('ix_open_data_packages_created_at', table_name='open_data_packages')
    op.drop_table('open_data_packages')
