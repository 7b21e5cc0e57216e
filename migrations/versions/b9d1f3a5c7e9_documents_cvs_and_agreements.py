"""documents: participants' CV versions (and signed enrolment papers), the CV shared on an introduction

Reviewed by hand. ``participant_documents`` keeps each uploaded file in the database (bytea on
PostgreSQL) so every server reads it and the 24-hour upload sweep never touches it; a partial
unique index allows one shared CV per participant, and a check keeps signed papers (learning
agreement, consent) on an enrolment and CVs off one. ``candidacies.shared_cv_id`` snapshots the
version an introduction handed the employer; it is nullable (existing rows: no CV) and goes NULL
when the document is deleted (erasure). No data migration.

Revision ID: b9d1f3a5c7e9
Revises: a8c0e2f4b6d8
Create Date: 2026-12-04 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b9d1f3a5c7e9'
down_revision = 'a8c0e2f4b6d8'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        'participant_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('participant_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.Enum('cv', 'learning_agreement', 'consent', name='document_kind', native_enum=False,
                                  create_constraint=True, length=18), nullable=False),
        sa.Column('enrolment_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('filename', sa.String(length=255), nullable=False),
        sa.Column('content_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.Column('shared', sa.Boolean(), server_default=sa.false(), nullable=False),
        sa.Column('created_at', sa.DateTime(), nullable=False),
        sa.CheckConstraint("kind = 'cv' OR NOT shared", name=op.f('ck_participant_documents_only_cvs_shared')),
        sa.CheckConstraint("(kind = 'cv') = (enrolment_id IS NULL)",
                           name=op.f('ck_participant_documents_papers_on_enrolments')),
        sa.CheckConstraint('size > 0', name=op.f('ck_participant_documents_size_positive')),
        sa.CheckConstraint('version >= 1', name=op.f('ck_participant_documents_version_positive')),
        sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'],
                                name=op.f('fk_participant_documents_enrolment_id_enrolments'), ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['participant_id'], ['participants.id'],
                                name=op.f('fk_participant_documents_participant_id_participants'), ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_participant_documents')),
        sa.UniqueConstraint('participant_id', 'kind', 'version',
                            name=op.f('uq_participant_documents_participant_id_kind_version')),
    )
    with op.batch_alter_table('participant_documents', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_participant_documents_enrolment_id'), ['enrolment_id'], unique=False)
        batch_op.create_index('uq_participant_documents_shared_cv', ['participant_id'], unique=True,
                              sqlite_where=sa.text('shared'), postgresql_where=sa.text('shared'))

    with op.batch_alter_table('candidacies', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shared_cv_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_candidacies_shared_cv_id'), ['shared_cv_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_candidacies_shared_cv_id_participant_documents'),
                                    'participant_documents', ['shared_cv_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('candidacies', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_candidacies_shared_cv_id_participant_documents'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_candidacies_shared_cv_id'))
        batch_op.drop_column('shared_cv_id')

    with op.batch_alter_table('participant_documents', schema=None) as batch_op:
        batch_op.drop_index('uq_participant_documents_shared_cv')
        batch_op.drop_index(batch_op.f('ix_participant_documents_enrolment_id'))

    op.drop_table('participant_documents')
