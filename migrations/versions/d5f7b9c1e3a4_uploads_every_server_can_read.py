"""uploads: workbooks waiting for their check and import jobs, readable by every server (issue 17, item 6)

Reviewed: one new table, nothing existing changes. A row per uploaded file: a random unique token
(what jobs and sessions carry), the client's file name (shown only), MIME type, size (CHECK >= 0), the
bytes (LargeBinary: BLOB on SQLite, bytea on PostgreSQL; NULL when UPLOAD_DIR keeps them in a shared
folder), when and by whom (SET NULL when the user goes: the sweep still removes the row). No data to
migrate: workbooks left in instance/uploads/ by the earlier version are no longer read (re-upload them).
The created_at index serves the 24-hour sweep.

Revision ID: d5f7b9c1e3a4
Revises: c4e6a8b0d2f3
Create Date: 2026-12-04 17:57:16.694897

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'd5f7b9c1e3a4'
down_revision = 'c4e6a8b0d2f3'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('uploads',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('token', sa.String(length=80), nullable=False),
    sa.Column('filename', sa.String(length=255), nullable=False),
    sa.Column('content_type', sa.String(length=100), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by_id', sa.Integer(), nullable=True),
    sa.CheckConstraint('size >= 0', name=op.f('ck_uploads_size_not_negative')),
    sa.ForeignKeyConstraint(['created_by_id'], ['users.id'], name=op.f('fk_uploads_created_by_id_users'), ondelete='SET NULL'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_uploads')),
    sa.UniqueConstraint('token', name=op.f('uq_uploads_token'))
    )
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.create_index('ix_uploads_created_at', ['created_at'], unique=False)



def downgrade():
    with op.batch_alter_table('uploads', schema=None) as batch_op:
        batch_op.drop_index('ix_uploads_created_at')

    op.drop_table('uploads')
