"""in-work check-ins, risk flags, later jobs, placement end, coach matching, equality monitoring, programme sector

Revision ID: a2c4e6f8b0d1
Revises: f1c3e5a7b9d2
Create Date: 2026-12-04 22:49:32.578268

Issue 21: check_ins and risk_flags (in-work support), later_jobs and the placement's end (the
work history beyond 180 days), coach_profiles, coach_match_models and equality_monitoring (coach
matching; equality data kept apart), and programmes.sector. On SQLite the placements change is a
batch table copy, which also writes the two new CHECK constraints.

"""
from alembic import op
import sqlalchemy as sa

import app.db


# revision identifiers, used by Alembic.
revision = 'a2c4e6f8b0d1'
down_revision = 'f1c3e5a7b9d2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('coach_match_models',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('version', sa.Integer(), nullable=False),
    sa.Column('trained_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('trained_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('ready', 'refused', name='coach_model_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('message', sa.Text(), server_default='', nullable=False),
    sa.Column('samples', sa.Integer(), nullable=False),
    sa.Column('placements', sa.Integer(), nullable=False),
    sa.Column('features', sa.JSON(), nullable=False),
    sa.Column('metrics', sa.JSON(), nullable=False),
    sa.Column('fairness', sa.JSON(), nullable=False),
    sa.Column('artifact', sa.LargeBinary(), nullable=True),
    sa.Column('library_version', sa.String(length=40), server_default='', nullable=False),
    sa.CheckConstraint("(status = 'ready') = (artifact IS NOT NULL)", name=op.f('ck_coach_match_models_ready_has_artifact')),
    sa.CheckConstraint('samples >= 0 AND placements >= 0', name=op.f('ck_coach_match_models_counts_not_negative')),
    sa.ForeignKeyConstraint(['trained_by_id'], ['users.id'], name=op.f('fk_coach_match_models_trained_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_match_models')),
    sa.UniqueConstraint('version', name=op.f('uq_coach_match_models_version'))
    )
    with op.batch_alter_table('coach_match_models', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coach_match_models_trained_at'), ['trained_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_coach_match_models_trained_by_id'), ['trained_by_id'], unique=False)

    op.create_table('coach_profiles',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('sectors', sa.String(length=300), server_default='', nullable=False),
    sa.Column('capacity', sa.Integer(), server_default='40', nullable=False),
    sa.Column('accepting', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.CheckConstraint('capacity > 0', name=op.f('ck_coach_profiles_capacity_positive')),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_coach_profiles_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coach_profiles')),
    sa.UniqueConstraint('user_id', name=op.f('uq_coach_profiles_user_id'))
    )
    op.create_table('equality_monitoring',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('age_band', sa.Enum('under_25', '25_34', '35_49', '50_plus', 'prefer_not_to_say', name='age_band', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('gender', sa.Enum('woman', 'man', 'non_binary', 'self_described', 'prefer_not_to_say', name='gender', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('disability', sa.Enum('yes', 'no', 'prefer_not_to_say', name='yes_no_prefer_not', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('ethnicity', sa.String(length=80), server_default='', nullable=False),
    sa.Column('recorded_at', app.db.UTCDateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_equality_monitoring_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_equality_monitoring')),
    sa.UniqueConstraint('participant_id', name=op.f('uq_equality_monitoring_participant_id'))
    )
    op.create_table('check_ins',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('week', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('sent_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('answered_at', app.db.UTCDateTime(), nullable=True),
    sa.Column('channel', sa.Enum('email_link', 'portal', 'call', name='check_in_channel', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('rating', sa.Integer(), nullable=True),
    sa.Column('text', sa.Text(), server_default='', nullable=False),
    sa.Column('worries', sa.JSON(), nullable=False),
    sa.Column('work_status', sa.Enum('same_job', 'new_job', 'not_working', name='work_status', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('annual_salary', sa.Integer(), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('risk_score', sa.Double(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(answered_at IS NULL) = (channel IS NULL)', name=op.f('ck_check_ins_answered_has_channel')),
    sa.CheckConstraint('annual_salary IS NULL OR annual_salary >= 0', name=op.f('ck_check_ins_salary_non_negative')),
    sa.CheckConstraint('rating IS NULL OR rating BETWEEN 1 AND 5', name=op.f('ck_check_ins_rating_range')),
    sa.CheckConstraint('week > 0', name=op.f('ck_check_ins_week_positive')),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_check_ins_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_check_ins_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_check_ins_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_check_ins')),
    sa.UniqueConstraint('placement_id', 'week', name=op.f('uq_check_ins_placement_id_week'))
    )
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.create_index('ix_check_ins_due', ['answered_at', 'due_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_ins_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_check_ins_recorded_by_id'), ['recorded_by_id'], unique=False)

    op.create_table('later_jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('employer_name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('started_on', sa.Date(), nullable=False),
    sa.Column('ended_on', sa.Date(), nullable=True),
    sa.Column('end_reason', sa.Enum('resigned', 'dismissed', 'contract_ended', 'redundancy', 'moved_job', 'health', 'caring', 'other', name='job_end_reason', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('annual_salary', sa.Integer(), nullable=True),
    sa.Column('hours_per_week', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('created_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('updated_at', app.db.UTCDateTime(), nullable=False),
    sa.CheckConstraint('(ended_on IS NULL) = (end_reason IS NULL)', name=op.f('ck_later_jobs_end_has_reason')),
    sa.CheckConstraint('annual_salary IS NULL OR annual_salary >= 0', name=op.f('ck_later_jobs_salary_non_negative')),
    sa.CheckConstraint('ended_on IS NULL OR ended_on >= started_on', name=op.f('ck_later_jobs_ends_after_start')),
    sa.CheckConstraint('hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 168)', name=op.f('ck_later_jobs_hours_in_week')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_later_jobs_employer_id_employers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_later_jobs_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_later_jobs_placement_id_placements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_later_jobs_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_later_jobs'))
    )
    with op.batch_alter_table('later_jobs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_later_jobs_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index('ix_later_jobs_participant_started', ['participant_id', 'started_on'], unique=False)
        batch_op.create_index(batch_op.f('ix_later_jobs_placement_id'), ['placement_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_later_jobs_recorded_by_id'), ['recorded_by_id'], unique=False)

    op.create_table('risk_flags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('check_in_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('raised_at', app.db.UTCDateTime(), nullable=False),
    sa.Column('score', sa.Double(), nullable=False),
    sa.Column('threshold', sa.Double(), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('scorer_version', sa.String(length=40), nullable=False),
    sa.Column('status', sa.Enum('open', 'handled', 'false_alarm', name='risk_flag_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('resolution_note', sa.Text(), server_default='', nullable=False),
    sa.Column('resolved_by_id', sa.Integer(), nullable=True),
    sa.Column('resolved_at', app.db.UTCDateTime(), nullable=True),
    sa.CheckConstraint("(status = 'open') = (resolved_at IS NULL)", name=op.f('ck_risk_flags_resolved_when_closed')),
    sa.ForeignKeyConstraint(['check_in_id'], ['check_ins.id'], name=op.f('fk_risk_flags_check_in_id_check_ins'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_risk_flags_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['resolved_by_id'], ['users.id'], name=op.f('fk_risk_flags_resolved_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_risk_flags')),
    sa.UniqueConstraint('check_in_id', name=op.f('uq_risk_flags_check_in_id'))
    )
    with op.batch_alter_table('risk_flags', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_risk_flags_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_risk_flags_resolved_by_id'), ['resolved_by_id'], unique=False)
        batch_op.create_index('ix_risk_flags_status_raised', ['status', 'raised_at'], unique=False)

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('ended_on', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('end_reason', sa.Enum('resigned', 'dismissed', 'contract_ended', 'redundancy', 'moved_job', 'health', 'caring', 'other', name='job_end_reason', native_enum=False, create_constraint=True), nullable=True))
        batch_op.add_column(sa.Column('end_note', sa.Text(), server_default='', nullable=False))
        batch_op.create_check_constraint(op.f('ck_placements_ends_after_start'), 'ended_on IS NULL OR ended_on >= start_date')
        batch_op.create_check_constraint(op.f('ck_placements_end_has_reason'), '(ended_on IS NULL) = (end_reason IS NULL)')

    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('sector', sa.String(length=120), server_default='', nullable=False))



def downgrade():
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_column('sector')

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_placements_end_has_reason'), type_='check')
        batch_op.drop_constraint(op.f('ck_placements_ends_after_start'), type_='check')
        batch_op.drop_constraint(op.f('ck_placements_job_end_reason'), type_='check')
        batch_op.drop_column('end_note')
        batch_op.drop_column('end_reason')
        batch_op.drop_column('ended_on')

    with op.batch_alter_table('risk_flags', schema=None) as batch_op:
        batch_op.drop_index('ix_risk_flags_status_raised')
        batch_op.drop_index(batch_op.f('ix_risk_flags_resolved_by_id'))
        batch_op.drop_index(batch_op.f('ix_risk_flags_participant_id'))

    op.drop_table('risk_flags')
    with op.batch_alter_table('later_jobs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_later_jobs_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_later_jobs_placement_id'))
        batch_op.drop_index('ix_later_jobs_participant_started')
        batch_op.drop_index(batch_op.f('ix_later_jobs_employer_id'))

    op.drop_table('later_jobs')
    with op.batch_alter_table('check_ins', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_check_ins_recorded_by_id'))
        batch_op.drop_index(batch_op.f('ix_check_ins_participant_id'))
        batch_op.drop_index('ix_check_ins_due')

    op.drop_table('check_ins')
    op.drop_table('equality_monitoring')
    op.drop_table('coach_profiles')
    with op.batch_alter_table('coach_match_models', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_coach_match_models_trained_by_id'))
        batch_op.drop_index(batch_op.f('ix_coach_match_models_trained_at'))

    op.drop_table('coach_match_models')
