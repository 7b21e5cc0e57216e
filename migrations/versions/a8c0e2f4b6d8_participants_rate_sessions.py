"""participants rate sessions: session_ratings (issue 18, item 5)

Reviewed: one new table, nothing existing changes, no data to migrate. A row per participant and
session (unique key uq_session_ratings_participant_id_session_id, which also serves "my ratings"):
the rating 1–5 (CHECK rating_range), an optional comment (NOT NULL, server default '' so rows written
without one are valid; erasure blanks it), created/updated instants (UTC). Both foreign keys CASCADE:
a rating goes with its session and with a deleted participant row (erasure keeps the row and blanks
the comment). The session_id index serves the designer's per-module and per-employer averages.

Revision ID: a8c0e2f4b6d8
Revises: f7b9d1e3a5c6
Create Date: 2026-12-04 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a8c0e2f4b6d8'
down_revision = 'f7b9d1e3a5c6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('session_ratings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('rating', sa.Integer(), nullable=False),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('rating BETWEEN 1 AND 5', name=op.f('ck_session_ratings_rating_range')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                            name=op.f('fk_session_ratings_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'],
                            name=op.f('fk_session_ratings_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_session_ratings')),
    sa.UniqueConstraint('participant_id', 'session_id', name=op.f('uq_session_ratings_participant_id_session_id'))
    )
    with op.batch_alter_table('session_ratings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_session_ratings_session_id'), ['session_id'], unique=False)


def downgrade():
    with op.batch_alter_table('session_ratings', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_session_ratings_session_id'))

    op.drop_table('session_ratings')
