"""jobs: background work with a record, a state and a progress bar (issue 17)

Reviewed: one new table, nothing existing changes. The queue carries only a job's id; the row holds
its kind, who started it (SET NULL when the user goes: the record stays), parameters, state (a
VARCHAR with a CHECK, as every enum here), progress 0-100 (CHECK), attempts (>= 1, CHECK), times,
the last heartbeat written to the row, the result or error and an output link. The NOT NULL columns
get server defaults, so rows written outside the app are valid. Indexes: a person's jobs newest
first, and the running jobs the lease sweep reads.

Revision ID: c4e6a8b0d2f3
Revises: b3d5f7a9c1e2
Create Date: 2026-12-04 17:45:23.816536

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c4e6a8b0d2f3'
down_revision = 'b3d5f7a9c1e2'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('jobs',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=60), nullable=False),
    sa.Column('started_by_id', sa.Integer(), nullable=True),
    sa.Column('parameters', sa.JSON(), nullable=False),
    sa.Column('state', sa.Enum('queued', 'running', 'done', 'failed', name='job_state', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('progress', sa.Integer(), server_default='0', nullable=False),
    sa.Column('message', sa.String(length=300), server_default='', nullable=False),
    sa.Column('attempts', sa.Integer(), server_default='1', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('started_at', sa.DateTime(), nullable=True),
    sa.Column('finished_at', sa.DateTime(), nullable=True),
    sa.Column('heartbeat_at', sa.DateTime(), nullable=True),
    sa.Column('result', sa.JSON(), nullable=True),
    sa.Column('error', sa.Text(), server_default='', nullable=False),
    sa.Column('output_url', sa.String(length=500), server_default='', nullable=False),
    sa.CheckConstraint('attempts >= 1', name=op.f('ck_jobs_attempts_positive')),
    sa.CheckConstraint('progress BETWEEN 0 AND 100', name=op.f('ck_jobs_progress_percent')),
    sa.ForeignKeyConstraint(['started_by_id'], ['users.id'], name=op.f('fk_jobs_started_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_jobs'))
    )
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.create_index('ix_jobs_started_by_created', ['started_by_id', 'created_at'], unique=False)
        batch_op.create_index('ix_jobs_state', ['state'], unique=False)


def downgrade():
    with op.batch_alter_table('jobs', schema=None) as batch_op:
        batch_op.drop_index('ix_jobs_state')
        batch_op.drop_index('ix_jobs_started_by_created')

    op.drop_table('jobs')
