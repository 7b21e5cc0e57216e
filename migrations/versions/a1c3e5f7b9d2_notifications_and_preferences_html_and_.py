"""notifications and each person's choices per kind; mail gains an HTML part and one-click unsubscribe

Reviewed: two new tables and two nullable columns, nothing rewritten. notifications holds a person's
list (deleted with the user; indexed by user for the newest-first list and the unread count; a
unique dedupe_key so a repeated job adds a notice once; an indexed subject naming the participant a
staff or employer notice is about, so erasing them deletes it). notification_preferences holds one row per
user and kind, only where the person changed a default (primary key user_id + kind; booleans default
with sa.true() so PostgreSQL accepts them). outbox_messages gains body_html and list_unsubscribe,
NULL for every existing message (text only, no unsubscribe header), as before.

Revision ID: a1c3e5f7b9d2
Revises: f6b8d0a2c4e6
Create Date: 2026-12-04 17:14:01.658717

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'a1c3e5f7b9d2'
down_revision = 'f6b8d0a2c4e6'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('notification_preferences',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('email', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.Column('portal', sa.Boolean(), server_default=sa.true(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notification_preferences_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('user_id', 'kind', name=op.f('pk_notification_preferences'))
    )
    op.create_table('notifications',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=40), nullable=False),
    sa.Column('title', sa.String(length=300), nullable=False),
    sa.Column('body', sa.Text(), server_default='', nullable=False),
    sa.Column('link', sa.String(length=500), server_default='', nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('read_at', sa.DateTime(), nullable=True),
    sa.Column('dedupe_key', sa.String(length=200), nullable=True),
    sa.Column('subject', sa.String(length=80), nullable=True),
    sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_notifications_user_id_users'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_notifications')),
    sa.UniqueConstraint('dedupe_key', name=op.f('uq_notifications_dedupe_key'))
    )
    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.create_index('ix_notifications_user_created', ['user_id', 'created_at'], unique=False)
        batch_op.create_index('ix_notifications_user_unread', ['user_id', 'read_at'], unique=False)
        batch_op.create_index(batch_op.f('ix_notifications_subject'), ['subject'], unique=False)

    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.add_column(sa.Column('body_html', sa.Text(), nullable=True))
        batch_op.add_column(sa.Column('list_unsubscribe', sa.String(length=500), nullable=True))



def downgrade():
    with op.batch_alter_table('outbox_messages', schema=None) as batch_op:
        batch_op.drop_column('list_unsubscribe')
        batch_op.drop_column('body_html')

    with op.batch_alter_table('notifications', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_notifications_subject'))
        batch_op.drop_index('ix_notifications_user_unread')
        batch_op.drop_index('ix_notifications_user_created')

    op.drop_table('notifications')
    op.drop_table('notification_preferences')
