"""list pages without full-table work: the needs list's order, the participants' consent filter

Reviewed: indexes only (no data change), found by measuring the staff lists at 50,000
participants (issue 22, docs/PERFORMANCE-NOTES.md "Round two: lists").
ix_hiring_needs_list_order is an expression index on (needed_by IS NULL, needed_by, ref), the
staff needs list's order (soonest needed first, undated last): a page walks it instead of
sorting every hiring need (20–140 ms at 20,000 needs). ix_participants_live_consent
(consent_to_share WHERE anonymised_at IS NULL) answers the participants list's count under the
consent filter from the index (it read all 50,000 rows, ~23 ms).

Revision ID: d6f8b0c2e4a6
Revises: c5e7a9b1d3f4
Create Date: 2026-12-05 00:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd6f8b0c2e4a6'
down_revision = 'c5e7a9b1d3f4'
branch_labels = None
depends_on = None

LIVE = sa.text("anonymised_at IS NULL")


def upgrade():
    op.create_index('ix_hiring_needs_list_order', 'hiring_needs',
                    [sa.text('(needed_by IS NULL)'), 'needed_by', 'ref'], unique=False)
    op.create_index('ix_participants_live_consent', 'participants', ['consent_to_share'], unique=False,
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade():
    op.drop_index('ix_participants_live_consent', table_name='participants',
                  sqlite_where=LIVE, postgresql_where=LIVE)
    op.drop_index('ix_hiring_needs_list_order', table_name='hiring_needs')
