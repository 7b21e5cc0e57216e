"""mentors, pairings and conversations

Reviewed by hand. New tables only, no data migration: ``mentor_profiles`` (one per login; alumni,
employer volunteers or staff; a feed token for the mentor's calendar), the mentors' skills, ``mentor_pairings``
(a partial unique index allows one open pairing per mentor and participant) and ``mentor_conversations``
(ratings 1-5 checked by the database).

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

OPEN = "status IN ('requested', 'active')"


def upgrade():
    op.create_table('mentor_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('alumni', 'employer', 'staff', name='mentor_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('role_title', sa.String(length=200), server_default='', nullable=False),
    sa.Column('employer_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('sectors', sa.String(length=300), server_default='', nullable=False),
    sa.Column('help_with', sa.String(length=300), server_default='', nullable=False),
    sa.Column('availability', sa.Text(), server_default='', nullable=False),
    sa.Column('contact_phone', sa.String(length=50), server_default='', nullable=False),
    sa.Column('capacity', sa.Integer(), server_default='2', nullable=False),
    sa.Column('visible_in_directory', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('show_role', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('show_employer', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('show_skills', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('show_help', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('status', sa.Enum('invited', 'active', 'paused', 'withdrawn', name='mentor_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('invited_at', sa.DateTime(), nullable=False),
    sa.Column('invited_by_id', sa.Integer(), nullable=True),
    sa.Column('feed_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity BETWEEN 0 AND 20', name=op.f('ck_mentor_profiles_capacity_range')),
    sa.CheckConstraint("kind != 'alumni' OR participant_id IS NOT NULL", name=op.f('ck_mentor_profiles_alumni_has_participant')),
    sa.CheckConstraint("kind != 'employer' OR employer_id IS NOT NULL", name=op.f('ck_mentor_profiles_volunteer_has_employer')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_mentor_profiles_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['invited_by_id'], ['users.id'], name=op.f('fk_mentor_profiles_invited_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_mentor_profiles_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_mentor_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_profiles')),
    sa.UniqueConstraint('feed_token', name=op.f('uq_mentor_profiles_feed_token')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_mentor_profiles_participant_id')),
    sa.UniqueConstraint('user_id', name=op.f('uq_mentor_profiles_user_id'))
    )
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_profiles_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_profiles_invited_by_id'), ['invited_by_id'], unique=False)
        batch_op.create_index('ix_mentor_profiles_status_visible', ['status', 'visible_in_directory'], unique=False)

    op.create_table('mentor_skills',
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentor_profiles.id'], name=op.f('fk_mentor_skills_mentor_id_mentor_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_mentor_skills_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('mentor_id', 'skill_id', name=op.f('pk_mentor_skills'))
    )
    with op.batch_alter_table('mentor_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('mentor_pairings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('mentor_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('requested', 'active', 'declined', 'ended', name='pairing_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('requested_by_id', sa.Integer(), nullable=True),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('requested_at', sa.DateTime(), nullable=False),
    sa.Column('decided_at', sa.DateTime(), nullable=True),
    sa.Column('ended_at', sa.DateTime(), nullable=True),
    sa.Column('end_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['mentor_id'], ['mentor_profiles.id'], name=op.f('fk_mentor_pairings_mentor_id_mentor_profiles'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_mentor_pairings_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['requested_by_id'], ['users.id'], name=op.f('fk_mentor_pairings_requested_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_pairings'))
    )
    with op.batch_alter_table('mentor_pairings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_pairings_mentor_id'), ['mentor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_mentor_pairings_requested_by_id'), ['requested_by_id'], unique=False)
        batch_op.create_index('ix_mentor_pairings_participant_status', ['participant_id', 'status'], unique=False)
        batch_op.create_index('uq_mentor_pairings_open', ['mentor_id', 'participant_id'], unique=True,
                              sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))

    op.create_table('mentor_conversations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('pairing_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('location', sa.String(length=300), server_default='', nullable=False),
    sa.Column('meeting_url', sa.String(length=500), server_default='', nullable=False),
    sa.Column('note', sa.Text(), server_default='', nullable=False),
    sa.Column('participant_rating', sa.Integer(), nullable=True),
    sa.Column('mentor_rating', sa.Integer(), nullable=True),
    sa.Column('booked_by_id', sa.Integer(), nullable=True),
    sa.Column('cancelled_at', sa.DateTime(), nullable=True),
    sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_mentor_conversations_ends_after_start')),
    sa.CheckConstraint('mentor_rating IS NULL OR mentor_rating BETWEEN 1 AND 5', name=op.f('ck_mentor_conversations_mentor_rating_range')),
    sa.CheckConstraint('participant_rating IS NULL OR participant_rating BETWEEN 1 AND 5', name=op.f('ck_mentor_conversations_participant_rating_range')),
    sa.ForeignKeyConstraint(['booked_by_id'], ['users.id'], name=op.f('fk_mentor_conversations_booked_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['pairing_id'], ['mentor_pairings.id'], name=op.f('fk_mentor_conversations_pairing_id_mentor_pairings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_mentor_conversations'))
    )
    with op.batch_alter_table('mentor_conversations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_mentor_conversations_booked_by_id'), ['booked_by_id'], unique=False)
        batch_op.create_index('ix_mentor_conversations_pairing_starts', ['pairing_id', 'starts_at'], unique=False)


def downgrade():
    with op.batch_alter_table('mentor_conversations', schema=None) as batch_op:
        batch_op.drop_index('ix_mentor_conversations_pairing_starts')
        batch_op.drop_index(batch_op.f('ix_mentor_conversations_booked_by_id'))
    op.drop_table('mentor_conversations')
    with op.batch_alter_table('mentor_pairings', schema=None) as batch_op:
        batch_op.drop_index('uq_mentor_pairings_open', sqlite_where=sa.text(OPEN), postgresql_where=sa.text(OPEN))
        batch_op.drop_index('ix_mentor_pairings_participant_status')
        batch_op.drop_index(batch_op.f('ix_mentor_pairings_requested_by_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_pairings_mentor_id'))
    op.drop_table('mentor_pairings')
    with op.batch_alter_table('mentor_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_mentor_skills_skill_id'))
    op.drop_table('mentor_skills')
    with op.batch_alter_table('mentor_profiles', schema=None) as batch_op:
        batch_op.drop_index('ix_mentor_profiles_status_visible')
        batch_op.drop_index(batch_op.f('ix_mentor_profiles_invited_by_id'))
        batch_op.drop_index(batch_op.f('ix_mentor_profiles_employer_id'))
    op.drop_table('mentor_profiles')
