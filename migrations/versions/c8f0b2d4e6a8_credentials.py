"""verifiable credentials, their status list and the issuer's keys

Revision ID: c8f0b2d4e6a8
Revises: b7e9a1c3d5f7
Create Date: 2026-12-04 21:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'c8f0b2d4e6a8'
down_revision = 'b7e9a1c3d5f7'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('credential_issuer_keys',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kid', sa.String(length=64), nullable=False),
    sa.Column('public_jwk', sa.JSON(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('retired_at', sa.DateTime(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_credential_issuer_keys')),
    sa.UniqueConstraint('kid', name=op.f('uq_credential_issuer_keys_kid'))
    )
    op.create_table('issued_credentials',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('participant_id', sa.Integer(), nullable=False),
    sa.Column('enrolment_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.Enum('completion', 'competency', name='credential_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('skill_id', sa.Integer(), nullable=True),
    sa.Column('jti', sa.String(length=36), nullable=False),
    sa.Column('issued_at', sa.DateTime(), nullable=False),
    sa.Column('expires_at', sa.DateTime(), nullable=True),
    sa.Column('revoked_at', sa.DateTime(), nullable=True),
    sa.Column('revoke_reason', sa.Text(), server_default='', nullable=False),
    sa.Column('status_index', sa.Integer(), nullable=False),
    sa.Column('compact_jwt', sa.Text(), server_default='', nullable=False),
    sa.Column('public_token', sa.String(length=43), nullable=True),
    sa.CheckConstraint("(kind = 'competency') = (skill_id IS NOT NULL)", name=op.f('ck_issued_credentials_competency_has_skill')),
    sa.CheckConstraint('expires_at IS NULL OR expires_at > issued_at', name=op.f('ck_issued_credentials_expires_after_issue')),
    sa.CheckConstraint('status_index >= 0 AND status_index < 131072', name=op.f('ck_issued_credentials_status_index_range')),
    sa.ForeignKeyConstraint(['enrolment_id'], ['enrolments.id'], name=op.f('fk_issued_credentials_enrolment_id_enrolments'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['participant_id'], ['participants.id'], name=op.f('fk_issued_credentials_participant_id_participants'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['skill_id'], ['skills.id'], name=op.f('fk_issued_credentials_skill_id_skills'), ondelete='RESTRICT'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_issued_credentials')),
    sa.UniqueConstraint('enrolment_id', 'skill_id', name=op.f('uq_issued_credentials_enrolment_id_skill_id')),
    sa.UniqueConstraint('jti', name=op.f('uq_issued_credentials_jti')),
    sa.UniqueConstraint('public_token', name=op.f('uq_issued_credentials_public_token')),
    sa.UniqueConstraint('status_index', name=op.f('uq_issued_credentials_status_index'))
    )
    with op.batch_alter_table('issued_credentials', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_issued_credentials_participant_id'), ['participant_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_issued_credentials_skill_id'), ['skill_id'], unique=False)
        batch_op.create_index('uq_issued_credentials_completion', ['enrolment_id'], unique=True, sqlite_where=sa.text("kind = 'completion'"), postgresql_where=sa.text("kind = 'completion'"))



def downgrade():
    with op.batch_alter_table('issued_credentials', schema=None) as batch_op:
        batch_op.drop_index('uq_issued_credentials_completion', sqlite_where=sa.text("kind = 'completion'"), postgresql_where=sa.text("kind = 'completion'"))
        batch_op.drop_index(batch_op.f('ix_issued_credentials_skill_id'))
        batch_op.drop_index(batch_op.f('ix_issued_credentials_participant_id'))

    op.drop_table('issued_credentials')
    op.drop_table('credential_issuer_keys')
