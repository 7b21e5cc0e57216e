"""participant list: a partial index for its keyset pages, a covering index for the coach choices

Reviewed: indexes only (no data change), found by bench/run.py at 50,000 participants.
ix_participants_live_name (last_name, first_name, id WHERE anonymised_at IS NULL) replaces
ix_participants_name: the list only shows records that are not erased, so its keyset pages, its
filtered counts and a page's position ("Showing 26–50 of …") are read from this index without
visiting the rows (the full index had to fetch each row to test anonymised_at). The coach
drop-downs list active staff by name from ix_users_role_active_name instead of reading every
user's row (participant and employer logins outnumber staff at national scale).

Revision ID: c3d5f7b9e1a2
Revises: b2c4e6a8d0f1
Create Date: 2026-11-23 15:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c3d5f7b9e1a2'
down_revision = 'b2c4e6a8d0f1'
branch_labels = None
depends_on = None

LIVE = sa.text("anonymised_at IS NULL")


def upgrade():
    op.drop_index('ix_participants_name', table_name='participants')
    op.create_index('ix_participants_live_name', 'participants', ['last_name', 'first_name', 'id'], unique=False,
                    sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index('ix_users_role_active_name', 'users', ['role', 'active', 'full_name', 'email'], unique=False)


def downgrade():
    op.drop_index('ix_users_role_active_name', table_name='users')
    op.drop_index('ix_participants_live_name', table_name='participants',
                  sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index('ix_participants_name', 'participants', ['last_name', 'first_name', 'id'], unique=False)
