"""referral partners, their contacts and who referred each application

Revision ID: a6d8f0b2c4e8
Revises: f5c7e9a1b3d6
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6d8f0b2c4e8'
down_revision = 'f5c7e9a1b3d6'
branch_labels = None
depends_on = None


def upgrade():
    pass


def downgrade():
    pass
