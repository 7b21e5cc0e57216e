"""mentors, pairings and conversations

Revision ID: e4b6d8f0a2c4
Revises: d3a5c7e9b1f2
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e4b6d8f0a2c4'
down_revision = 'd3a5c7e9b1f2'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
