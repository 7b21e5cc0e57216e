"""learning resources, their competencies and participants' progress

Revision ID: f5c7e9a1b3d6
Revises: e4b6d8f0a2c4
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f5c7e9a1b3d6'
down_revision = 'e4b6d8f0a2c4'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
