"""indexes for every foreign key, filter and sort at national scale

Reviewed: index-only (no data change), found by bench/run.py at 50,000 participants:
the remaining foreign keys, the participants list order (last, first, id), the open
openings sum (status, openings) and the live-records filter (anonymised_at).

Revision ID: 58f6c8fc4085
Revises: 832bd1a3abd8
Create Date: 2026-11-23 12:25:04.262300

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '58f6c8fc4085'
down_revision = '832bd1a3abd8'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_attendance_recorded_by_id'), ['recorded_by_id'], unique=False)

    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_case_notes_author_id'), ['author_id'], unique=False)

    with op.batch_alter_table('discovery_interviews', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_discovery_interviews_interviewer_id'), ['interviewer_id'], unique=False)

    with op.batch_alter_table('hiring_needs', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_hiring_needs_esco_occupation_id'), ['esco_occupation_id'], unique=False)
        batch_op.create_index('ix_hiring_needs_status_openings', ['status', 'openings'], unique=False)

    with op.batch_alter_table('interview_answers', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_interview_answers_question_id'), ['question_id'], unique=False)

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participants_anonymised_at'), ['anonymised_at'], unique=False)
        batch_op.create_index('ix_participants_name', ['last_name', 'first_name', 'id'], unique=False)

    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_retention_checks_recorded_by_id'), ['recorded_by_id'], unique=False)

    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_skill_assessments_assessor_id'), ['assessor_id'], unique=False)



def downgrade():
    with op.batch_alter_table('skill_assessments', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_skill_assessments_assessor_id'))

    with op.batch_alter_table('retention_checks', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_retention_checks_recorded_by_id'))

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_index('ix_participants_name')
        batch_op.drop_index(batch_op.f('ix_participants_anonymised_at'))

    with op.batch_alter_table('interview_answers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_interview_answers_question_id'))

    with op.batch_alter_table('hiring_needs', schema=None) as batch_op:
        batch_op.drop_index('ix_hiring_needs_status_openings')
        batch_op.drop_index(batch_op.f('ix_hiring_needs_esco_occupation_id'))

    with op.batch_alter_table('discovery_interviews', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_discovery_interviews_interviewer_id'))

    with op.batch_alter_table('case_notes', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_case_notes_author_id'))

    with op.batch_alter_table('attendance', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_attendance_recorded_by_id'))

