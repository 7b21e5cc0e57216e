"""learning resources, their competencies and participants' progress

Reviewed by hand. New tables only, no data migration. ``learning_resources`` (the library: suggested,
approved, rejected or retired; the weekly link check and the poor-rating review flag stamp it),
``resource_skills`` (the competencies a resource teaches, to a level 1–4) and ``resource_progress``
(a participant's started/done mark and 1–5 rating of a resource, one per person and resource).

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
    op.create_table('learning_resources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=2000), nullable=False),
    sa.Column('provider', sa.String(length=200), server_default='', nullable=False),
    sa.Column('format', sa.Enum('course', 'video', 'article', 'book', 'workshop', 'other', name='resource_format', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('cost', sa.Numeric(precision=10, scale=2), server_default='0', nullable=False),
    sa.Column('currency', sa.String(length=3), server_default='CAD', nullable=False),
    sa.Column('hours', sa.Numeric(precision=6, scale=1), nullable=True),
    sa.Column('language', sa.String(length=10), server_default='en', nullable=False),
    sa.Column('status', sa.Enum('suggested', 'approved', 'rejected', 'retired', name='resource_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('suggested_by_id', sa.Integer(), nullable=True),
    sa.Column('approved_by_id', sa.Integer(), nullable=True),
    sa.Column('link_checked_at', sa.DateTime(), nullable=True),
    sa.Column('link_broken_since', sa.DateTime(), nullable=True),
    sa.Column('review_flagged_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('cost >= 0', name=op.f('ck_learning_resources_cost_not_negative')),
    sa.CheckConstraint('hours IS NULL OR hours > 0', name=op.f('ck_learning_resources_hours_positive')),
    sa.ForeignKeyConstraint(['approved_by_id'], ['users.id'], name=op.f('fk_learning_resources_approved_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['suggested_by_id'], ['users.id'], name=op.f('fk_learning_resources_suggested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_learning_resources'))
    )
    with op.batch_alter_table('learning_resources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_learning_resources_approved_by_id'), ['approved_by_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_resources_status'), ['status'], unique=False)
        batch_op.create_index('ix_learning_resources_status_title', ['status', 'title'], unique=False)
        batch_op.create_index(batch_op.f('ix_learning_resources_suggested_by_id'), ['suggested_by_id'], unique=False)

    op.create_table('resource_skills',
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 4', name=op.f('ck_resource_skills_level_range')),
    sa.ForeignKeyConstraint(['resource_id'], ['learning_resources.id'], name=op.f('fk_resource_skills_resource_id_learning_resources'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_resource_skills_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('resource_id', 'skill_id', name=op.f('pk_resource_skills'))
    )
    with op.batch_alter_table('resource_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('resource_progress',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('started', 'done', name='progress_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=True),
    sa.Column('done_on', sa.Date(), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('comment', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('done_on IS NULL OR started_on IS NULL OR done_on >= started_on', name=op.f('ck_resource_progress_done_after_start')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_resource_progress_rating_range')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_resource_progress_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resource_id'], ['learning_resources.id'], name=op.f('fk_resource_progress_resource_id_learning_resources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_resource_progress')),
    sa.UniqueConstraint('participant_id', 'resource_id', name=op.f('uq_resource_progress_participant_id_resource_id'))
    )
    with op.batch_alter_table('resource_progress', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_resource_progress_resource_id'), ['resource_id'], unique=False)


def downgrade():
    op.drop_table('resource_progress')
    op.drop_table('resource_skills')
    op.drop_table('learning_resources')
