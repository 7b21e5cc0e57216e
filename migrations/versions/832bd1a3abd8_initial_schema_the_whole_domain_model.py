"""initial schema: the whole domain model

Every table of DESIGN.md at once. Reviewed: statuses are VARCHAR + named CHECK
(portable enums), booleans default with sa.true()/sa.false() so PostgreSQL accepts them.

Revision ID: 832bd1a3abd8
Revises: 
Create Date: 2026-11-23 11:06:45.927012

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '832bd1a3abd8'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('discovery_questions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('bank_version', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('section', sa.Enum('context', 'talent', name='question_section', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('key', sa.String(length=60), nullable=False),
    sa.Column('text', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discovery_questions')),
    sa.UniqueConstraint('bank_version', 'key', name=op.f('uq_discovery_questions_bank_version_key')),
    sa.UniqueConstraint('bank_version', 'position', name=op.f('uq_discovery_questions_bank_version_position'))
    )
    op.create_table('employers',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('sector', sa.String(length=120), server_default='', nullable=False),
    sa.Column('size_band', sa.Enum('1-9', '10-49', '50-249', '250+', name='size_band', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('region', sa.String(length=120), server_default='', nullable=False),
    sa.Column('website', sa.String(length=300), server_default='', nullable=False),
    sa.Column('status', sa.Enum('prospect', 'in_discovery', 'hiring_partner', 'inactive', name='employer_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('feed_token', sa.String(length=64), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employers')),
    sa.UniqueConstraint('feed_token', name=op.f('uq_employers_feed_token')),
    sa.UniqueConstraint('name', name=op.f('uq_employers_name'))
    )
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employers_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_employers_sector'), ['sector'], unique=False)
        batch_op.create_index(batch_op.f('ix_employers_status'), ['status'], unique=False)

    op.create_table('esco_occupations',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('esco_uri', sa.String(length=255), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('isco_group', sa.String(length=10), server_default='', nullable=False),
    sa.Column('code', sa.String(length=40), server_default='', nullable=False),
    sa.Column('alt_labels', sa.Text(), server_default='', nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_esco_occupations')),
    sa.UniqueConstraint('esco_uri', name=op.f('uq_esco_occupations_esco_uri'))
    )
    with op.batch_alter_table('esco_occupations', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_esco_occupations_label'), ['label'], unique=False)

    op.create_table('outbox_messages',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('recipient', sa.String(length=254), nullable=False),
    sa.Column('subject', sa.String(length=300), nullable=False),
    sa.Column('body_text', sa.Text(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('sent_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outbox_messages')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_outbox_messages_dedupe_key'))
    )
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_outbox_messages_created_at'), ['created_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_outbox_messages_recipient'), ['recipient'], unique=False)

    op.create_table('programmes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('target_occupation', sa.String(length=200), server_default='', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_programmes')),
    sa.UniqueConstraint('name', name=op.f('uq_programmes_name'))
    )
    op.create_table('skills',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('label', sa.String(length=300), nullable=False),
    sa.Column('label_key', sa.String(length=300), nullable=False),
    sa.Column('kind', sa.Enum('skill', 'knowledge', 'foundational', name='skill_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('esco_uri', sa.String(length=255), nullable=True),
    sa.Column('alt_labels', sa.Text(), server_default='', nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skills')),
    sa.UniqueConstraint('esco_uri', name=op.f('uq_skills_esco_uri')),
    sa.UniqueConstraint('label_key', name=op.f('uq_skills_label_key'))
    )
    op.create_table('cohorts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('code', sa.String(length=40), nullable=False),
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), server_default='', nullable=False),
    sa.Column('region', sa.String(length=120), server_default='', nullable=False),
    sa.Column('starts_on', sa.Date(), nullable=False),
    sa.Column('ends_on', sa.Date(), nullable=False),
    sa.Column('capacity', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('design', 'recruiting', 'training', 'placement', 'closed', name='cohort_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('feed_token', sa.String(length=64), nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('capacity IS NULL OR capacity >= 1', name=op.f('ck_cohorts_capacity_positive')),
    sa.CheckConstraint('ends_on >= starts_on', name=op.f('ck_cohorts_dates_ordered')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_cohorts_programme_id_programmes'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_cohorts')),
    sa.UniqueConstraint('code', name=op.f('uq_cohorts_code')),
    sa.UniqueConstraint('feed_token', name=op.f('uq_cohorts_feed_token'))
    )
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohorts_programme_id'), ['programme_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_cohorts_status'), ['status'], unique=False)

    op.create_table('contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('email', sa.String(length=254), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=50), server_default='', nullable=False),
    sa.Column('job_title', sa.String(length=200), server_default='', nullable=False),
    sa.Column('is_primary', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_contacts_employer_id_employers'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contacts')),
    sa.UniqueConstraint('employer_id', 'email', name=op.f('uq_contacts_employer_id_email'))
    )
    op.create_table('esco_occupation_skills',
    sa.Column('occupation_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('relation', sa.Enum('essential', 'optional', name='esco_relation', native_enum=False, create_constraint=True), nullable=False),
    sa.ForeignKeyConstraint(['occupation_id'], ['esco_occupations.id'], name=op.f('fk_esco_occupation_skills_occupation_id_esco_occupations'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_esco_occupation_skills_skill_id_skills'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('occupation_id', 'skill_id', name=op.f('pk_esco_occupation_skills'))
    )
    with op.batch_alter_table('esco_occupation_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_esco_occupation_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('users',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('full_name', sa.String(length=200), nullable=False),
    sa.Column('password_hash', sa.String(length=255), nullable=True),
    sa.Column('role', sa.Enum('admin', 'staff', 'employer', 'participant', name='user_role', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('last_login_at', sa.DateTime(), nullable=True),
    sa.Column('security_stamp', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint("role != 'employer' OR employer_id IS NOT NULL", name=op.f('ck_users_employer_link')),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_users_email_lower_case')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_users_employer_id_employers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_users')),
    sa.UniqueConstraint('email', name=op.f('uq_users_email'))
    )
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_users_employer_id'), ['employer_id'], unique=False)

    op.create_table('audit_events',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('actor_id', sa.Integer(), nullable=True),
    sa.Column('actor_label', sa.String(length=254), nullable=False),
    sa.Column('entity', sa.String(length=50), nullable=False),
    sa.Column('entity_id', sa.String(length=50), nullable=False),
    sa.Column('action', sa.String(length=50), nullable=False),
    sa.Column('changes', sa.JSON(), nullable=False),
    sa.ForeignKeyConstraint(['actor_id'], ['users.id'], name=op.f('fk_audit_events_actor_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_events'))
    )
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_events_actor_id'), ['actor_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_events_at'), ['at'], unique=False)
        batch_op.create_index('ix_audit_events_entity', ['entity', 'entity_id'], unique=False)

    op.create_table('consortium_members',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('co_delivery_sessions', sa.Integer(), server_default='0', nullable=False),
    sa.Column('interviews_guaranteed', sa.Integer(), server_default='0', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.CheckConstraint('co_delivery_sessions >= 0', name=op.f('ck_consortium_members_co_delivery_non_negative')),
    sa.CheckConstraint('interviews_guaranteed >= 0', name=op.f('ck_consortium_members_interviews_non_negative')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_consortium_members_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_consortium_members_employer_id_employers'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('cohort_id', 'employer_id', name=op.f('pk_consortium_members'))
    )
    with op.batch_alter_table('consortium_members', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_consortium_members_employer_id'), ['employer_id'], unique=False)

    op.create_table('discovery_interviews',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('bank_version', sa.Integer(), nullable=False),
    sa.Column('held_on', sa.Date(), nullable=True),
    sa.Column('interviewer_id', sa.Integer(), nullable=True),
    sa.Column('attendees', sa.Text(), server_default='', nullable=False),
    sa.Column('format', sa.Enum('in_person', 'video', 'phone', 'questionnaire', name='interview_format', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('summary', sa.Text(), server_default='', nullable=False),
    sa.Column('pain_points', sa.JSON(), nullable=False),
    sa.Column('status', sa.Enum('draft', 'complete', name='interview_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('questionnaire_submitted_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_discovery_interviews_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['interviewer_id'], ['users.id'], name=op.f('fk_discovery_interviews_interviewer_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_discovery_interviews'))
    )
    with op.batch_alter_table('discovery_interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discovery_interviews_employer_id'), ['employer_id'], unique=False)

    op.create_table('modules',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('position', sa.Integer(), nullable=False),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('hours', sa.Integer(), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('hours > 0', name=op.f('ck_modules_hours_positive')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_modules_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_modules'))
    )
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_modules_cohort_id'), ['cohort_id'], unique=False)

    op.create_table('participants',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('first_name', sa.String(length=100), nullable=False),
    sa.Column('last_name', sa.String(length=100), nullable=False),
    sa.Column('email', sa.String(length=254), nullable=False),
    sa.Column('phone', sa.String(length=50), server_default='', nullable=False),
    sa.Column('region', sa.String(length=120), server_default='', nullable=False),
    sa.Column('referral_source', sa.String(length=120), server_default='', nullable=False),
    sa.Column('needs', sa.Text(), server_default='', nullable=False),
    sa.Column('barriers', sa.Text(), server_default='', nullable=False),
    sa.Column('strengths', sa.Text(), server_default='', nullable=False),
    sa.Column('interests', sa.Text(), server_default='', nullable=False),
    sa.Column('goals', sa.Text(), server_default='', nullable=False),
    sa.Column('key_life_areas', sa.JSON(), nullable=False),
    sa.Column('coach_id', sa.Integer(), nullable=True),
    sa.Column('user_id', sa.Integer(), nullable=True),
    sa.Column('consent_to_share', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('consent_changed_at', sa.DateTime(), nullable=True),
    sa.Column('nudges_opt_out', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('feed_token', sa.String(length=64), nullable=False),
    sa.Column('anonymised_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('email = lower(email)', name=op.f('ck_participants_email_lower_case')),
    sa.ForeignKeyConstraint(['coach_id'], ['users.id'], name=op.f('fk_participants_coach_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_participants_user_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_participants')),
    sa.UniqueConstraint('email', name=op.f('uq_participants_email')),
    sa.UniqueConstraint('feed_token', name=op.f('uq_participants_feed_token')),
    sa.UniqueConstraint('user_id', name=op.f('uq_participants_user_id'))
    )
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_coach_id'), ['coach_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_participants_last_name'), ['last_name'], unique=False)

    op.create_table('case_notes',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('written_at', sa.DateTime(), nullable=False),
    sa.Column('body', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['author_id'], ['users.id'], name=op.f('fk_case_notes_author_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_case_notes_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_case_notes'))
    )
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_notes_participant_id'), ['participant_id'], unique=False)

    op.create_table('enrolments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('applied', 'accepted', 'enrolled', 'completed', 'withdrawn', 'not_accepted', name='enrolment_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('enrolled_on', sa.Date(), nullable=True),
    sa.Column('exited_on', sa.Date(), nullable=True),
    sa.Column('withdrawal_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('job_seeking', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('exclusion_reason', sa.Enum('death', 'incarceration', 'military_duty', 'serious_illness', name='exclusion_reason', native_enum=False, create_constraint=True), nullable=True),
    sa.Column('waitlist_position', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('exited_on IS NULL OR enrolled_on IS NULL OR exited_on >= enrolled_on', name=op.f('ck_enrolments_exit_after_enrolment')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_enrolments_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_enrolments_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_enrolments')),
    sa.UniqueConstraint('participant_id', 'cohort_id', name=op.f('uq_enrolments_participant_id_cohort_id'))
    )
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.create_index('ix_enrolments_cohort_status', ['cohort_id', 'status'], unique=False)

    op.create_table('hiring_needs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('openings', sa.Integer(), nullable=False),
    sa.Column('region', sa.String(length=120), server_default='', nullable=False),
    sa.Column('salary_min', sa.Integer(), nullable=True),
    sa.Column('salary_max', sa.Integer(), nullable=True),
    sa.Column('needed_by', sa.Date(), nullable=True),
    sa.Column('status', sa.Enum('draft', 'open', 'filled', 'closed', name='hiring_need_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('stated_requirements', sa.Text(), server_default='', nullable=False),
    sa.Column('non_negotiables', sa.Text(), server_default='', nullable=False),
    sa.Column('source_interview_id', sa.Integer(), nullable=True),
    sa.Column('esco_occupation_id', sa.Integer(), nullable=True),
    sa.Column('submitted_at', sa.DateTime(), nullable=True),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('openings >= 1', name=op.f('ck_hiring_needs_openings_positive')),
    sa.CheckConstraint('salary_min IS NULL OR salary_max IS NULL OR salary_min <= salary_max', name=op.f('ck_hiring_needs_salary_range_ordered')),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_hiring_needs_employer_id_employers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['esco_occupation_id'], ['esco_occupations.id'], name=op.f('fk_hiring_needs_esco_occupation_id_esco_occupations'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['source_interview_id'], ['discovery_interviews.id'], name=op.f('fk_hiring_needs_source_interview_id_discovery_interviews'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_hiring_needs')),
    sa.UniqueConstraint('ref', name=op.f('uq_hiring_needs_ref'))
    )
    with op.batch_alter_table('hiring_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hiring_needs_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_hiring_needs_region'), ['region'], unique=False)
        batch_op.create_index(batch_op.f('ix_hiring_needs_role_title'), ['role_title'], unique=False)
        batch_op.create_index(batch_op.f('ix_hiring_needs_source_interview_id'), ['source_interview_id'], unique=False)
        batch_op.create_index('ix_hiring_needs_status_needed_by', ['status', 'needed_by'], unique=False)

    op.create_table('interview_answers',
    sa.Column('interview_id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.Integer(), nullable=False),
    sa.Column('answer', sa.Text(), nullable=False),
    sa.ForeignKeyConstraint(['interview_id'], ['discovery_interviews.id'], name=op.f('fk_interview_answers_interview_id_discovery_interviews'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['question_id'], ['discovery_questions.id'], name=op.f('fk_interview_answers_question_id_discovery_questions'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('interview_id', 'question_id', name=op.f('pk_interview_answers'))
    )
    op.create_table('module_skills',
    sa.Column('module_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 4', name=op.f('ck_module_skills_level_range')),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_module_skills_module_id_modules'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_module_skills_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('module_id', 'skill_id', name=op.f('pk_module_skills'))
    )
    with op.batch_alter_table('module_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_module_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('sessions',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('module_id', sa.Integer(), nullable=True),
    sa.Column('title', sa.String(length=200), nullable=False),
    sa.Column('kind', sa.Enum('training', 'employer_session', 'workshop', 'mock_interview', 'networking', 'assessment', name='session_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('starts_at', sa.DateTime(), nullable=False),
    sa.Column('ends_at', sa.DateTime(), nullable=True),
    sa.Column('location', sa.String(length=300), server_default='', nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=True),
    sa.Column('facilitator_id', sa.Integer(), nullable=True),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('series_id', sa.String(length=40), nullable=True),
    sa.Column('sequence', sa.Integer(), server_default='0', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('ends_at IS NULL OR ends_at > starts_at', name=op.f('ck_sessions_times_ordered')),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_sessions_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_sessions_employer_id_employers'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['facilitator_id'], ['users.id'], name=op.f('fk_sessions_facilitator_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['module_id'], ['modules.id'], name=op.f('fk_sessions_module_id_modules'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sessions')),
    sa.UniqueConstraint('ref', name=op.f('uq_sessions_ref'))
    )
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.create_index('ix_sessions_cohort_starts_at', ['cohort_id', 'starts_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_facilitator_id'), ['facilitator_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_module_id'), ['module_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sessions_series_id'), ['series_id'], unique=False)

    op.create_table('skill_assessments',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('baseline', 'exit', name='assessment_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('assessor_id', sa.Integer(), nullable=True),
    sa.Column('assessed_on', sa.Date(), nullable=True),
    sa.CheckConstraint('level BETWEEN 0 AND 4', name=op.f('ck_skill_assessments_level_range')),
    sa.ForeignKeyConstraint(['assessor_id'], ['users.id'], name=op.f('fk_skill_assessments_assessor_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_skill_assessments_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_skill_assessments_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_skill_assessments')),
    sa.UniqueConstraint('participant_id', 'skill_id', 'stage', name=op.f('uq_skill_assessments_participant_id_skill_id_stage'))
    )
    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_assessments_skill_id'), ['skill_id'], unique=False)

    op.create_table('attendance',
    sa.Column('session_id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('status', sa.Enum('present', 'late', 'absent', 'excused', name='attendance_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('recorded_at', sa.DateTime(), nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_attendance_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_attendance_recorded_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['session_id'], ['sessions.id'], name=op.f('fk_attendance_session_id_sessions'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('session_id', 'participant_id', name=op.f('pk_attendance'))
    )
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_participant_id'), ['participant_id'], unique=False)

    op.create_table('candidacies',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('hiring_need_id', sa.Integer(), nullable=False),
    sa.Column('cohort_id', sa.Integer(), nullable=True),
    sa.Column('stage', sa.Enum('shortlisted', 'introduced', 'interviewing', 'offer', 'hired', 'not_selected', 'withdrawn', name='candidacy_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('shortlisted_at', sa.DateTime(), nullable=True),
    sa.Column('introduced_at', sa.DateTime(), nullable=True),
    sa.Column('interviewing_at', sa.DateTime(), nullable=True),
    sa.Column('offer_at', sa.DateTime(), nullable=True),
    sa.Column('closed_at', sa.DateTime(), nullable=True),
    sa.Column('stage_changed_at', sa.DateTime(), nullable=False),
    sa.Column('employer_feedback', sa.Text(), server_default='', nullable=False),
    sa.Column('version', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_candidacies_cohort_id_cohorts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['hiring_need_id'], ['hiring_needs.id'], name=op.f('fk_candidacies_hiring_need_id_hiring_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_candidacies_participant_id_participants'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_candidacies')),
    sa.UniqueConstraint('participant_id', 'hiring_need_id', name=op.f('uq_candidacies_participant_id_hiring_need_id'))
    )
    with op.batch_alter_table('candidacies', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_candidacies_cohort_id'), ['cohort_id'], unique=False)
        batch_op.create_index('ix_candidacies_need_stage', ['hiring_need_id', 'stage'], unique=False)
        batch_op.create_index(batch_op.f('ix_candidacies_participant_id'), ['participant_id'], unique=False)

    op.create_table('cohort_hiring_needs',
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('hiring_need_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_cohort_hiring_needs_cohort_id_cohorts'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['hiring_need_id'], ['hiring_needs.id'], name=op.f('fk_cohort_hiring_needs_hiring_need_id_hiring_needs'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('cohort_id', 'hiring_need_id', name=op.f('pk_cohort_hiring_needs'))
    )
    with op.batch_alter_table('cohort_hiring_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_cohort_hiring_needs_hiring_need_id'), ['hiring_need_id'], unique=False)

    op.create_table('hiring_need_skills',
    sa.Column('hiring_need_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('level', sa.Integer(), nullable=False),
    sa.Column('importance', sa.Enum('must', 'nice', name='importance', native_enum=False, create_constraint=True), nullable=False),
    sa.CheckConstraint('level BETWEEN 1 AND 4', name=op.f('ck_hiring_need_skills_level_range')),
    sa.ForeignKeyConstraint(['hiring_need_id'], ['hiring_needs.id'], name=op.f('fk_hiring_need_skills_hiring_need_id_hiring_needs'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_hiring_need_skills_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('hiring_need_id', 'skill_id', name=op.f('pk_hiring_need_skills'))
    )
    with op.batch_alter_table('hiring_need_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hiring_need_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('placements',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ref', sa.String(length=40), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('hiring_need_id', sa.Integer(), nullable=True),
    sa.Column('cohort_id', sa.Integer(), nullable=False),
    sa.Column('candidacy_id', sa.Integer(), nullable=True),
    sa.Column('role_title', sa.String(length=200), nullable=False),
    sa.Column('offer_accepted_on', sa.Date(), nullable=True),
    sa.Column('start_date', sa.Date(), nullable=False),
    sa.Column('annual_salary', sa.Integer(), nullable=True),
    sa.Column('hours_per_week', sa.Numeric(precision=5, scale=2), nullable=True),
    sa.Column('employment_type', sa.Enum('permanent', 'fixed_term', 'apprenticeship', 'contract', 'self_employed', name='employment_type', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('in_field', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('annual_salary IS NULL OR annual_salary >= 0', name=op.f('ck_placements_salary_non_negative')),
    sa.CheckConstraint('hours_per_week IS NULL OR (hours_per_week > 0 AND hours_per_week <= 168)', name=op.f('ck_placements_hours_in_week')),
    sa.ForeignKeyConstraint(['candidacy_id'], ['candidacies.id'], name=op.f('fk_placements_candidacy_id_candidacies'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['cohort_id'], ['cohorts.id'], name=op.f('fk_placements_cohort_id_cohorts'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_placements_employer_id_employers'), ondelete='RESTRICT'),
    sa.ForeignKeyConstraint(['hiring_need_id'], ['hiring_needs.id'], name=op.f('fk_placements_hiring_need_id_hiring_needs'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_placements_participant_id_participants'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_placements')),
    sa.UniqueConstraint('candidacy_id', name=op.f('uq_placements_candidacy_id')),
    sa.UniqueConstraint('ref', name=op.f('uq_placements_ref'))
    )
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.create_index('ix_placements_cohort_participant', ['cohort_id', 'participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_hiring_need_id'), ['hiring_need_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_placements_participant_id'), ['participant_id'], unique=False)

    op.create_table('retention_checks',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=False),
    sa.Column('day_mark', sa.Integer(), nullable=False),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('checked_on', sa.Date(), nullable=True),
    sa.Column('still_employed', sa.Enum('yes', 'no', 'unknown', name='still_employed', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('same_employer', sa.Boolean(), nullable=True),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('recorded_by_id', sa.Integer(), nullable=True),
    sa.Column('confirmed_by_participant', sa.Boolean(), server_default=sa.false(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('day_mark IN (90, 180)', name=op.f('ck_retention_checks_day_mark_known')),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_retention_checks_placement_id_placements'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['recorded_by_id'], ['users.id'], name=op.f('fk_retention_checks_recorded_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_retention_checks')),
    sa.UniqueConstraint('placement_id', 'day_mark', name=op.f('uq_retention_checks_placement_id_day_mark'))
    )
    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.create_index('ix_retention_checks_due', ['checked_on', 'due_on'], unique=False)



def downgrade():
    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.drop_index('ix_retention_checks_due')

    op.drop_table('retention_checks')
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_placements_participant_id'))
        batch_op.drop_index(batch_op.f('ix_placements_hiring_need_id'))
        batch_op.drop_index(batch_op.f('ix_placements_employer_id'))
        batch_op.drop_index('ix_placements_cohort_participant')

    op.drop_table('placements')
    with op.batch_alter_table('hiring_need_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_hiring_need_skills_skill_id'))

    op.drop_table('hiring_need_skills')
    with op.batch_alter_table('cohort_hiring_needs', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohort_hiring_needs_hiring_need_id'))

    op.drop_table('cohort_hiring_needs')
    with op.batch_alter_table('candidacies', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_candidacies_participant_id'))
        batch_op.drop_index('ix_candidacies_need_stage')
        batch_op.drop_index(batch_op.f('ix_candidacies_cohort_id'))

    op.drop_table('candidacies')
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_participant_id'))

    op.drop_table('attendance')
    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skill_assessments_skill_id'))

    op.drop_table('skill_assessments')
    with op.batch_alter_table('sessions', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sessions_series_id'))
        batch_op.drop_index(batch_op.f('ix_sessions_module_id'))
        batch_op.drop_index(batch_op.f('ix_sessions_facilitator_id'))
        batch_op.drop_index(batch_op.f('ix_sessions_employer_id'))
        batch_op.drop_index('ix_sessions_cohort_starts_at')

    op.drop_table('sessions')
    with op.batch_alter_table('module_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_module_skills_skill_id'))

    op.drop_table('module_skills')
    op.drop_table('interview_answers')
    with op.batch_alter_table('hiring_needs', schema=None) as batch_op:
        batch_op.drop_index('ix_hiring_needs_status_needed_by')
        batch_op.drop_index(batch_op.f('ix_hiring_needs_source_interview_id'))
        batch_op.drop_index(batch_op.f('ix_hiring_needs_role_title'))
        batch_op.drop_index(batch_op.f('ix_hiring_needs_region'))
        batch_op.drop_index(batch_op.f('ix_hiring_needs_employer_id'))

    op.drop_table('hiring_needs')
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_index('ix_enrolments_cohort_status')

    op.drop_table('enrolments')
    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_notes_participant_id'))

    op.drop_table('case_notes')
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_participants_last_name'))
        batch_op.drop_index(batch_op.f('ix_participants_coach_id'))

    op.drop_table('participants')
    with op.batch_alter_table('modules', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_modules_cohort_id'))

    op.drop_table('modules')
    with op.batch_alter_table('discovery_interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discovery_interviews_employer_id'))

    op.drop_table('discovery_interviews')
    with op.batch_alter_table('consortium_members', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_consortium_members_employer_id'))

    op.drop_table('consortium_members')
    with op.batch_alter_table('audit_events', schema=None) as batch_op:
        batch_op.drop_index('ix_audit_events_entity')
        batch_op.drop_index(batch_op.f('ix_audit_events_at'))
        batch_op.drop_index(batch_op.f('ix_audit_events_actor_id'))

    op.drop_table('audit_events')
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_users_employer_id'))

    op.drop_table('users')
    with op.batch_alter_table('esco_occupation_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_esco_occupation_skills_skill_id'))

    op.drop_table('esco_occupation_skills')
    op.drop_table('contacts')
    with op.batch_alter_table('cohorts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_cohorts_status'))
        batch_op.drop_index(batch_op.f('ix_cohorts_programme_id'))

    op.drop_table('cohorts')
    op.drop_table('skills')
    op.drop_table('programmes')
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_outbox_messages_recipient'))
        batch_op.drop_index(batch_op.f('ix_outbox_messages_created_at'))

    op.drop_table('outbox_messages')
    with op.batch_alter_table('esco_occupations', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_esco_occupations_label'))

    op.drop_table('esco_occupations')
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employers_status'))
        batch_op.drop_index(batch_op.f('ix_employers_sector'))
        batch_op.drop_index(batch_op.f('ix_employers_region'))

    op.drop_table('employers')
    op.drop_table('discovery_questions')
