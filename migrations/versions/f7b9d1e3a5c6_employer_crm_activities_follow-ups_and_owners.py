"""employer CRM (issue 18, item 4): activities, follow-ups, an owner per employer, archived contacts

Two new tables and two nullable columns; no data is moved, so nothing to backfill:

- employer_activities: a call, email, meeting, event or note with an employer (optionally one of its
  contacts), when it happened (UTC) and the staff user who logged it. Goes with its employer
  (CASCADE); a deleted contact or user leaves the activity (SET NULL).
- employer_follow_ups: something a staff owner plans to do by a day; done_at NULL = open.
- employers.owner_id: the relationship manager (users, SET NULL). users.employer_id already points
  at employers, so this key closes a cycle: the model marks it use_alter.
- contacts.archived_at: NULL = current contact; archived ones are hidden by default.

Date-times are plain DateTime holding naive UTC, as app.db.UTCDateTime stores them.
Reviewed: batch_alter_table throughout so SQLite rebuilds the altered tables; names come from the
metadata's naming convention; `flask db check` reports no difference after upgrade.

Revision ID: f7b9d1e3a5c6
Revises: d5f7b9c1e3a4
Create Date: 2026-12-04 18:45:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'f7b9d1e3a5c6'
down_revision = 'd5f7b9c1e3a4'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('employer_activities',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=True),
    sa.Column('kind', sa.Enum('call', 'email', 'meeting', 'event', 'note', name='activity_kind', native_enum=False, create_constraint=True), nullable=False),
    sa.Column('occurred_at', sa.DateTime(), nullable=False),
    sa.Column('notes', sa.Text(), server_default='', nullable=False),
    sa.Column('staff_id', sa.Integer(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contacts.id'], name=op.f('fk_employer_activities_contact_id_contacts'), ondelete='SET NULL'),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_activities_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['staff_id'], ['users.id'], name=op.f('fk_employer_activities_staff_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_activities'))
    )
    with op.batch_alter_table('employer_activities', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_activities_contact_id'), ['contact_id'], unique=False)
        batch_op.create_index('ix_employer_activities_employer_occurred', ['employer_id', 'occurred_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_employer_activities_staff_id'), ['staff_id'], unique=False)

    op.create_table('employer_follow_ups',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('employer_id', sa.Integer(), nullable=False),
    sa.Column('owner_id', sa.Integer(), nullable=True),
    sa.Column('due_on', sa.Date(), nullable=False),
    sa.Column('text', sa.String(length=500), nullable=False),
    sa.Column('done_at', sa.DateTime(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['employer_id'], ['employers.id'], name=op.f('fk_employer_follow_ups_employer_id_employers'), ondelete='CASCADE'),
    sa.ForeignKeyConstraint(['owner_id'], ['users.id'], name=op.f('fk_employer_follow_ups_owner_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_employer_follow_ups'))
    )
    with op.batch_alter_table('employer_follow_ups', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_employer_follow_ups_employer_id'), ['employer_id'], unique=False)
        batch_op.create_index('ix_employer_follow_ups_owner_open', ['owner_id', 'done_at', 'due_on'], unique=False)

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.add_column(sa.Column('archived_at', sa.DateTime(), nullable=True))

    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f('ix_employers_owner_id'), ['owner_id'], unique=False)
        batch_op.create_foreign_key(batch_op.f('fk_employers_owner_id_users'), 'users', ['owner_id'], ['id'], ondelete='SET NULL')


def downgrade():
    with op.batch_alter_table('employers', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_employers_owner_id_users'), type_='foreignkey')
        batch_op.drop_index(batch_op.f('ix_employers_owner_id'))
        batch_op.drop_column('owner_id')

    with op.batch_alter_table('contacts', schema=None) as batch_op:
        batch_op.drop_column('archived_at')

    with op.batch_alter_table('employer_follow_ups', schema=None) as batch_op:
        batch_op.drop_index('ix_employer_follow_ups_owner_open')
        batch_op.drop_index(batch_op.f('ix_employer_follow_ups_employer_id'))

    op.drop_table('employer_follow_ups')

    with op.batch_alter_table('employer_activities', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_employer_activities_staff_id'))
        batch_op.drop_index('ix_employer_activities_employer_occurred')
        batch_op.drop_index(batch_op.f('ix_employer_activities_contact_id'))

    op.drop_table('employer_activities')
