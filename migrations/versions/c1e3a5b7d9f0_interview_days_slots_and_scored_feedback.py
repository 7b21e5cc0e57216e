"""interview days, slots and scored feedback

Reviewed by hand. Four new tables, nothing existing changes, no data migration.
``interview_days`` belong to an employer and name a hiring need or a cohort (check); the cut-off
must fall before the first slot. ``interview_slots`` are cut from the day when it is created; a slot
is booked when it names a candidacy (one booking per candidacy and day: unique key), and its
``version`` lets two people racing for one slot fail cleanly. ``interview_feedback`` (one per slot)
and ``interview_scores`` (1-4 per competency, as hiring needs use) hold the employer's scored view.

Revision ID: c1e3a5b7d9f0
Revises: b9d1f3a5c7e9
Create Date: 2026-12-04 19:49:20.911224

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c1e3a5b7d9f0'
down_revision = 'b9d1f3a5c7e9'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('interview_days',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('hiring_need_id', sa.Integer(), nullable=True),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('slot_minutes', sa.Integer(), nullable=False),
    sa.Column('gap_minutes', sa.Integer(), server_default='0', nullable=False),
    sa.Column('break_starts_at', sa.DateTime(), nullable=True),
    sa.Column('break_ends_at', sa.DateTime(), nullable=True),
    sa.Column('location', sa.String(length=300), server_default='', nullable=False),
    sa.Column('meeting_url', sa.String(length=500), server_default='', nullable=False),
    sa.Column('interviewers', sa.Text(), server_default='', nullable=False),
    sa.Column('booking_closes_at', sa.DateTime(), nullable=False),
    sa.Column('status', sa.Enum('scheduled', 'cancelled', name='interview_day_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('booking_closes_at <= starts_at', name=op.f('ck_interview_days_cut_off_before_start')),
    sa.CheckConstraint('break_starts_at IS NULL OR (break_ends_at > break_starts_at)', name=op.f('ck_interview_days_break_ordered')),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_interview_days_ends_after_start')),
    sa.CheckConstraint('gap_minutes BETWEEN 0 AND 120', name=op.f('ck_interview_days_gap_length')),
    sa.CheckConstraint('hiring_need_id IS NOT NULL OR cohort_id IS NOT NULL', name=op.f('ck_interview_days_for_need_or_cohort')),
    sa.CheckConstraint('slot_minutes BETWEEN 5 AND 240', name=op.f('ck_interview_days_slot_length')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_interview_days_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_interview_days_created_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_interview_days_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hiring_need_id'], ['hiring_needs.id'], name=op.f('fk_interview_days_hiring_need_id_hiring_needs'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_days'))
    )
    with op.batch_alter_table('interview_days', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_days_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_days_created_by_id'), ['created_by_id'], unique=False)
        batch_op.create_index('ix_interview_days_employer_starts', ['employer_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_days_hiring_need_id'), ['hiring_need_id'], unique=False)

    op.create_table('interview_slots',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('interview_day_id', sa.Integer(), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=False),
    sa.Column('candidacy_id', sa.Integer(), nullable=True),
    sa.Column('booked_at', sa.DateTime(), nullable=True),
    sa.Column('attendance', sa.Enum('attended', 'no_show', 'cancelled_late', name='interview_attendance', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('reminded_at', sa.DateTime(), nullable=True),
    sa.Column('feedback_reminded_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.CheckConstraint('ends_at > starts_at', name=op.f('ck_interview_slots_ends_after_start')),
    sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'], name=op.f('fk_interview_slots_candidacy_id_candidacies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['interview_day_id'], ['interview_days.id'], name=op.f('fk_interview_slots_interview_day_id_interview_days'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_slots')),
    sa.UniqueConstraint('interview_day_id', 'candidacy_id', name=op.f('uq_interview_slots_interview_day_id_candidacy_id')),
    sa.UniqueConstraint('interview_day_id', 'starts_at', name=op.f('uq_interview_slots_interview_day_id_starts_at'))
    )
    with op.batch_alter_table('interview_slots', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_slots_candidacy_id'), ['candidacy_id'], unique=False)

    op.create_table('interview_feedback',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('slot_id', sa.Integer(), nullable=False),
    sa.Column('candidacy_id', sa.Integer(), nullable=False),
    sa.Column('decision', sa.Enum('advance', 'not_now', 'no', name='interview_decision', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('strengths', sa.Text(), server_default='', nullable=False),
    sa.Column('concerns', sa.Text(), server_default='', nullable=False),
    sa.Column('message_to_candidate', sa.Text(), server_default='', nullable=False),
    sa.Column('share_scores', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('share_decision', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('given_by_id', sa.Integer(), nullable=True),
    sa.Column('interviewed_at', sa.DateTime(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'], name=op.f('fk_interview_feedback_candidacy_id_candidacies'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['given_by_id'], ['users.id'], name=op.f('fk_interview_feedback_given_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['slot_id'], ['interview_slots.id'], name=op.f('fk_interview_feedback_slot_id_interview_slots'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_interview_feedback')),
    sa.UniqueConstraint('slot_id', name=op.f('uq_interview_feedback_slot_id'))
    )
    with op.batch_alter_table('interview_feedback', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_feedback_candidacy_id'), ['candidacy_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_interview_feedback_given_by_id'), ['given_by_id'], unique=False)

    op.create_table('interview_scores',
    sa.Column('feedback_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 4', name=op.f('ck_interview_scores_level_range')),
    sa.ForeignKeyConstraint(['feedback_id'], ['interview_feedback.id'], name=op.f('fk_interview_scores_feedback_id_interview_feedback'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_interview_scores_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('feedback_id', 'skill_id', name=op.f('pk_interview_scores'))
    )
    with op.batch_alter_table('interview_scores', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_scores_skill_id'), ['skill_id'], unique=False)



def downgrade():
    with op.batch_alter_table('interview_scores', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_scores_skill_id'))

    op.drop_table('interview_scores')
    with op.batch_alter_table('interview_feedback', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_feedback_given_by_id'))
        batch_op.drop_index(batch_op.f('ix_interview_feedback_candidacy_id'))

    op.drop_table('interview_feedback')
    with op.batch_alter_table('interview_slots', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_slots_candidacy_id'))

    op.drop_table('interview_slots')
    with op.batch_alter_table('interview_days', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_days_hiring_need_id'))
        batch_op.drop_index('ix_interview_days_employer_starts')
        batch_op.drop_index(batch_op.f('ix_interview_days_created_by_id'))
        batch_op.drop_index(batch_op.f('ix_interview_days_cohort_id'))

    op.drop_table('interview_days')
