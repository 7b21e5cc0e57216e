"""anonymous talent profiles and reach-outs

Revision ID: b7e9a1c3d5f7
Revises: a6d8f0b2c4e8
Create Date: 2026-12-04 21:00:00

"""
import sqlalchemy as sa
from alembic import op

# revision identifiers, used by Alembic.
revision = 'b7e9a1c3d5f7'
down_revision = 'a6d8f0b2c4e8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'talent_profiles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('handle', sa.String(length=20), nullable=False),
        sa.Column('opted_in_at', sa.DateTime(), nullable=False),
        sa.Column('opted_out_at', sa.DateTime(), nullable=True),
        sa.Column('available_from', sa.Date(), nullable=True),
        sa.Column('region', sa.String(length=120), server_default='', nullable=False),
        sa.Column('learnability_band', sa.String(length=10), server_default='', nullable=False),
        sa.CheckConstraint('opted_out_at IS NULL OR opted_out_at >= opted_in_at',
                           name=op.f('ck_talent_profiles_out_after_in')),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_talent_profiles_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_profiles')),
        sa.UniqueConstraint('handle', name=op.f('uq_talent_profiles_handle')),
        sa.UniqueConstraint('participant_id', name=op.f('uq_talent_profiles_participant_id')),
    )
    with op.batch_alter_table('talent_profiles', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_profiles_opted_out_at'), ['opted_out_at'], unique=False)

    op.create_table(
        'talent_reach_outs',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('profile_id', sa.Integer(), nullable=False),
        sa.Column('handle', sa.String(length=20), nullable=False),
        sa.Column('employer_id', sa.Integer(), nullable=False),
        sa.Column('hiring_need_id', sa.Integer(), nullable=False),
        sa.Column('sent_by_id', sa.Integer(), nullable=True),
        sa.Column('message', sa.Text(), nullable=False),
        sa.Column('training_pledge', sa.Text(), server_default='', nullable=False),
        sa.Column('status', sa.Enum('sent', 'accepted', 'declined', 'withdrawn', 'expired', name='reach_out_status',
                                    native_enum=False, create_constraint=True, length=9), nullable=False),
        sa.Column('sent_at', sa.DateTime(), nullable=False),
        sa.Column('decided_at', sa.DateTime(), nullable=True),
        sa.Column('candidacy_id', sa.Integer(), nullable=True),
        sa.CheckConstraint("status = 'sent' OR decided_at IS NOT NULL",
                           name=op.f('ck_talent_reach_outs_decided_when_closed')),
        sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'],
                                name=op.f('fk_talent_reach_outs_candidacy_id_candidacies'), ondelete='SET NULL'),
        sa.ForeignKeyConstraint(['employer_id'], ['employers.id'],
                                name=op.f('fk_talent_reach_outs_employer_id_employers'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['hiring_need_id'], ['hiring_needs.id'],
                                name=op.f('fk_talent_reach_outs_hiring_need_id_hiring_needs'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['profile_id'], ['talent_profiles.id'],
                                name=op.f('fk_talent_reach_outs_profile_id_talent_profiles'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['sent_by_id'], ['users.id'],
                                name=op.f('fk_talent_reach_outs_sent_by_id_users'), ondelete='SET NULL'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_talent_reach_outs')),
    )
    with op.batch_alter_table('talent_reach_outs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_talent_reach_outs_candidacy_id'), ['candidacy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_reach_outs_hiring_need_id'), ['hiring_need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_talent_reach_outs_sent_by_id'), ['sent_by_id'], unique=False)
        batch_op.create_index('ix_talent_reach_outs_profile_status', ['profile_id', 'status'], unique=False)
        batch_op.create_index('ix_talent_reach_outs_employer_sent', ['employer_id', 'sent_at'], unique=False)


def downgrade():
    op.drop_table('talent_reach_outs')
    op.drop_table('talent_profiles')
