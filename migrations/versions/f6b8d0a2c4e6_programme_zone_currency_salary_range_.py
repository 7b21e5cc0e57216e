"""each programme's time zone, currency and salary range; placements can be corrected and voided

Reviewed: adds columns only, with server defaults so existing rows stay valid: programmes take
Europe/London and GBP (the defaults the app used before; staff set each programme's own on its
edit page) and a 5,000–500,000 salary range, checked as an upper-case three-letter code and an
ordered range. Placements gain a void stamp (time, reason, who) and an optimistic-lock version.

Revision ID: f6b8d0a2c4e6
Revises: 3e3167fdb2aa
Create Date: 2026-12-04 17:07:17.750405

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f6b8d0a2c4e6'
down_revision = '3e3167fdb2aa'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.add_column(sa.Column('voided_at', sa.DateTime(), nullable=True))
        batch_op.add_column(sa.Column('void_reason', sa.Text(), server_default='', nullable=False))
        batch_op.add_column(sa.Column('voided_by_id', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('version', sa.Integer(), server_default='1', nullable=False))
        batch_op.create_index(batch_op.f('ix_placements_voided_by_id'), ['voided_by_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_placements_voided_by_id_users'), 'users', ['voided_by_id'], ['id'], ondelete='SET NULL')

    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.add_column(sa.Column('time_zone', sa.String(length=64), server_default='Europe/London', nullable=False))
        batch_op.add_column(sa.Column('currency', sa.String(length=3), server_default='GBP', nullable=False))
        batch_op.add_column(sa.Column('salary_min', sa.Integer(), server_default='5000', nullable=False))
        batch_op.add_column(sa.Column('salary_max', sa.Integer(), server_default='500000', nullable=False))
        batch_op.create_check_constraint(
            op.f('ck_programmes_currency_iso_code'), 'length(currency) = 3 AND currency = upper(currency)')
        batch_op.create_check_constraint(
            op.f('ck_programmes_salary_range_ordered'), 'salary_min >= 0 AND salary_max > salary_min')


def downgrade():
    with op.batch_alter_table('programmes', schema=None) as batch_op:
        batch_op.drop_constraint(op.f('ck_programmes_salary_range_ordered'), type_='check')
        batch_op.drop_constraint(op.f('ck_programmes_currency_iso_code'), type_='check')
        batch_op.drop_column('salary_max')
        batch_op.drop_column('salary_min')
        batch_op.drop_column('currency')
        batch_op.drop_column('time_zone')

    with op.batch_alter_table('placements', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_placements_voided_by_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_placements_voided_by_id'))
        batch_op.drop_column('version')
        batch_op.drop_column('voided_by_id')
        batch_op.drop_column('void_reason')
        batch_op.drop_column('voided_at')
