"""jobs from any site: sources, postings and saved applications

Reviewed by hand. New tables only, no data migration. ``job_sources`` (a partial unique index keeps
one programme-wide source per address; a person's own sources are unique per owner), ``job_postings``
(deduplicated by ``fingerprint``; expired ones keep their row), the posting↔source link table, the
competencies found in a posting, and ``saved_postings``: a participant's application to a posting
(one per person and posting), which may lead to a placement.

Revision ID: d3a5c7e9b1f2
Revises: c1e3a5b7d9f0
Create Date: 2026-12-04 20:14:52.394356

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd3a5c7e9b1f2'
down_revision = 'c1e3a5b7d9f0'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('job_postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('fingerprint', sa.String(length=64), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('employer_name', sa.String(length=300), server_default='', nullable=False),
    sa.Column('location', sa.String(length=300), server_default='', nullable=False),
    sa.Column('salary_min', sa.Integer(), nullable=True),
    sa.Column('salary_max', sa.Integer(), nullable=True),
    sa.Column('currency', sa.String(length=3), server_default='', nullable=False),
    sa.Column('posted_on', sa.Date(), nullable=True),
    sa.Column('closes_on', sa.Date(), nullable=True),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('description', sa.Text(), server_default='', nullable=False),
    sa.Column('first_seen_at', sa.DateTime(), nullable=False),
    sa.Column('last_seen_at', sa.DateTime(), nullable=False),
    sa.Column('expired_at', sa.DateTime(), nullable=True),
    sa.CheckConstraint('salary_max IS NULL OR salary_min IS NULL OR salary_max >= salary_min', name=op.f('ck_job_postings_salary_ordered')),
    sa.CheckConstraint('salary_min IS NULL OR salary_min >= 0', name=op.f('ck_job_postings_salary_non_negative')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_postings')),
    sa.UniqueConstraint('fingerprint', name=op.f('uq_job_postings_fingerprint'))
    )
    with op.batch_alter_table('job_postings', schema=None) as batch_op:
        batch_op.create_index('ix_job_postings_live', ['expired_at', 'posted_on'], unique=False)

    op.create_table('job_posting_skills',
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=False),
    sa.Column('matched_text', sa.String(length=300), server_default='', nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['job_postings.id'], name=op.f('fk_job_posting_skills_posting_id_job_postings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_job_posting_skills_skill_id_skills'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('posting_id', 'skill_id', name=op.f('pk_job_posting_skills'))
    )
    with op.batch_alter_table('job_posting_skills', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_posting_skills_skill_id'), ['skill_id'], unique=False)

    op.create_table('job_sources',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('url', sa.String(length=1000), nullable=False),
    sa.Column('kind', sa.Enum('feed', 'json_feed', 'web_page', name='job_source_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('added_by_id', sa.Integer(), nullable=True),
    sa.Column('status', sa.Enum('active', 'paused', name='job_source_status', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('poll_minutes', sa.Integer(), server_default='360', nullable=False),
    sa.Column('next_poll_at', sa.DateTime(), nullable=True),
    sa.Column('last_polled_at', sa.DateTime(), nullable=True),
    sa.Column('last_success_at', sa.DateTime(), nullable=True),
    sa.Column('etag', sa.String(length=300), server_default='', nullable=False),
    sa.Column('last_modified', sa.String(length=100), server_default='', nullable=False),
    sa.Column('failure_count', sa.Integer(), server_default='0', nullable=False),
    sa.Column('last_error', sa.Text(), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.CheckConstraint('failure_count >= 0', name=op.f('ck_job_sources_failures_non_negative')),
    sa.CheckConstraint('poll_minutes BETWEEN 15 AND 10080', name=op.f('ck_job_sources_poll_interval')),
    sa.ForeignKeyConstraint(['added_by_id'], ['users.id'], name=op.f('fk_job_sources_added_by_id_users'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_job_sources_owner_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_job_sources')),
    sa.UniqueConstraint('owner_id', 'url', name=op.f('uq_job_sources_owner_id_url'))
    )
    with op.batch_alter_table('job_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_sources_added_by_id'), ['added_by_id'], unique=False)
        batch_op.create_index('ix_job_sources_due', ['status', 'next_poll_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_job_sources_owner_id'), ['owner_id'], unique=False)
        batch_op.create_index('uq_job_sources_shared_url', ['url'], unique=True, sqlite_where=sa.text('owner_id IS NULL'), postgresql_where=sa.text('owner_id IS NULL'))

    op.create_table('job_posting_sources',
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('source_id', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['posting_id'], ['job_postings.id'], name=op.f('fk_job_posting_sources_posting_id_job_postings'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['source_id'], ['job_sources.id'], name=op.f('fk_job_posting_sources_source_id_job_sources'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('posting_id', 'source_id', name=op.f('pk_job_posting_sources'))
    )
    with op.batch_alter_table('job_posting_sources', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_job_posting_sources_source_id'), ['source_id'], unique=False)

    op.create_table('saved_postings',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('posting_id', sa.Integer(), nullable=False),
    sa.Column('stage', sa.Enum('saved', 'applied', 'interviewing', 'offer', 'hired', 'unsuccessful', 'withdrawn', name='application_stage', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('applied_on', sa.Date(), nullable=True),
    sa.Column('stage_changed_at', sa.DateTime(), nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('placement_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_saved_postings_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['placement_id'], ['placements.id'], name=op.f('fk_saved_postings_placement_id_placements'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['posting_id'], ['job_postings.id'], name=op.f('fk_saved_postings_posting_id_job_postings'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_postings')),
    sa.UniqueConstraint('participant_id', 'posting_id', name=op.f('uq_saved_postings_participant_id_posting_id')),
    sa.UniqueConstraint('placement_id', name=op.f('uq_saved_postings_placement_id'))
    )
    with op.batch_alter_table('saved_postings', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_saved_postings_posting_id'), ['posting_id'], unique=False)
        batch_op.create_index('ix_saved_postings_stage_changed', ['stage', 'stage_changed_at'], unique=False)



def downgrade():
    with op.batch_alter_table('saved_postings', schema=None) as batch_op:
        batch_op.drop_index('ix_saved_postings_stage_changed')
        batch_op.drop_index(batch_op.f('ix_saved_postings_posting_id'))

    op.drop_table('saved_postings')
    with op.batch_alter_table('job_posting_sources', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_posting_sources_source_id'))

    op.drop_table('job_posting_sources')
    with op.batch_alter_table('job_sources', schema=None) as batch_op:
        batch_op.drop_index('uq_job_sources_shared_url', sqlite_where=sa.text('owner_id IS NULL'), postgresql_where=sa.text('owner_id IS NULL'))
        batch_op.drop_index(batch_op.f('ix_job_sources_owner_id'))
        batch_op.drop_index('ix_job_sources_due')
        batch_op.drop_index(batch_op.f('ix_job_sources_added_by_id'))

    op.drop_table('job_sources')
    with op.batch_alter_table('job_posting_skills', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_job_posting_skills_skill_id'))

    op.drop_table('job_posting_skills')
    with op.batch_alter_table('job_postings', schema=None) as batch_op:
        batch_op.drop_index('ix_job_postings_live')

    op.drop_table('job_postings')
