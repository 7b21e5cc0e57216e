"""referral partners, their contacts and who referred each application

Reviewed by hand. Two new tables (``referral_partners`` with an unguessable referral token,
``referral_contacts``) and nullable columns on existing ones: the referring partner on ``participants`` and
``enrolments`` (SET NULL when a partner is deleted), the application's ``source`` ("" for existing rows) and
a declined application's ``decline_reason``. On SQLite the foreign keys need a table copy, so the
attendance-tally triggers are set aside and recreated from their own SQL; PostgreSQL alters in place.

Revision ID: a6d8f0b2c4e8
Revises: f5c7e9a1b3d6
Create Date: 2026-12-04 20:30:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a6d8f0b2c4e8'
down_revision = 'f5c7e9a1b3d6'
branch_labels = None
depends_on = None


def _without_sqlite_triggers(alter):
    """SQLite's batch mode copies a table to add a foreign key; triggers that name that table (the
    attendance tallies') would break the rename, so they are set aside and put back as they were."""
    bind = op.get_bind()
    if bind.dialect.name != "sqlite":
        alter()
        return
    triggers = bind.exec_driver_sql("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'").fetchall()
    for name, _ in triggers:
        op.execute(sa.text(f'DROP TRIGGER "{name}"'))
    alter()
    for _, sql in triggers:
        op.execute(sa.text(sql))


def upgrade():
    op.create_table('referral_partners',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('kind', sa.Enum('jobcentre', 'charity', 'nhs_trust', 'college', 'local_authority', 'housing', 'employer', 'other', name='partner_kind', native_enum=False, create_constraint=True, length=15), nullable=False),
    sa.Column('region', sa.String(length=120), server_default='', nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('referral_token', sa.String(length=64), nullable=False),
    sa.Column('active', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_partners')),
    sa.UniqueConstraint('name', name=op.f('uq_referral_partners_name')),
    sa.UniqueConstraint('referral_token', name=op.f('uq_referral_partners_referral_token'))
    )
    op.create_table('referral_contacts',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('partner_id', sa.Integer(), nullable=False),
    sa.Column('name', sa.String(length=160), nullable=False),
    sa.Column('role', sa.String(length=120), server_default='', nullable=False),
    sa.Column('email', sa.String(length=254), server_default='', nullable=False),
    sa.Column('phone', sa.String(length=50), server_default='', nullable=False),
    sa.Column('archived_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['partner_id'], ['referral_partners.id'], name=op.f('fk_referral_contacts_partner_id_referral_partners'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_referral_contacts'))
    )
    with op.batch_alter_table('referral_contacts', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_referral_contacts_partner_id'), ['partner_id'], unique=False)

    _without_sqlite_triggers(_add_columns)


def _add_columns():
    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referral_partner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_participants_referral_partner_id'), ['referral_partner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_participants_referral_partner_id_referral_partners'), 'referral_partners', ['referral_partner_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.add_column(sa.Column('referral_partner_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('source', sa.String(length=60), server_default='', nullable=False))
        batch_op.add_column(sa.Column('decline_reason', sa.Enum('wrong_provision', 'not_eligible', 'not_ready', 'no_response', 'cohort_full', 'other', name='decline_reason', native_enum=False, create_constraint=True, length=15), nullable=True))
        batch_op.create_index(batch_op.f('ix_enrolments_referral_partner_id'), ['referral_partner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_enrolments_referral_partner_id_referral_partners'), 'referral_partners', ['referral_partner_id'], ['id'], ondelete='SET NULL')


def downgrade():
    _without_sqlite_triggers(_drop_columns)

    with op.batch_alter_table('referral_contacts', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_referral_contacts_partner_id'))

    op.drop_table('referral_contacts')
    op.drop_table('referral_partners')


def _drop_columns():
    with op.batch_alter_table('enrolments', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_enrolments_referral_partner_id_referral_partners'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_enrolments_referral_partner_id'))
        batch_op.drop_constraint(batch_op.f('ck_enrolments_decline_reason'), type_='check')
        batch_op.drop_column('decline_reason')
        batch_op.drop_column('source')
        batch_op.drop_column('referral_partner_id')

    with op.batch_alter_table('participants', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_participants_referral_partner_id_referral_partners'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_participants_referral_partner_id'))
        batch_op.drop_column('referral_partner_id')

