"""demand version: a token drawn by triggers on every write the demand board reads

Reviewed: a new one-row table `demand_versions` (no data: its row appears with the first write)
and the triggers that draw a new random token in it on every insert, delete and board-relevant
update of hiring_needs, every write to hiring_need_skills and every new skill label
(employers/demand_version.py explains the rule and the lock order). The demand board keeps its
grouped figures per token, so a view at 20,000 hiring needs reads one row instead of grouping
~50,000 need-skill lines; any write, by any path, invalidates them exactly. The trigger SQL is
frozen here as it was written at this revision: later changes to the module need a migration of
their own.

Revision ID: b2c4e6a8d0f1
Revises: e5f7b9d1a3c4
Create Date: 2026-11-23 15:20:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b2c4e6a8d0f1'
down_revision = 'e5f7b9d1a3c4'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER demand_version_hiring_needs_insert AFTER INSERT ON hiring_needs BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER demand_version_hiring_needs_delete AFTER DELETE ON hiring_needs BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER demand_version_hiring_needs_update AFTER UPDATE OF status, submitted_at, role_title, region, openings, needed_by, employer_id ON hiring_needs BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER demand_version_hiring_need_skills_insert AFTER INSERT ON hiring_need_skills BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER demand_version_hiring_need_skills_delete AFTER DELETE ON hiring_need_skills BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER demand_version_hiring_need_skills_update AFTER UPDATE ON hiring_need_skills BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
    """CREATE TRIGGER demand_version_skills_update AFTER UPDATE OF label ON skills BEGIN INSERT INTO demand_versions (id, token) VALUES (1, lower(hex(randomblob(16)))) ON CONFLICT (id) DO UPDATE SET token = excluded.token; END""",
]
SQLITE_TRIGGER_NAMES = [
    'demand_version_hiring_needs_insert',
    'demand_version_hiring_needs_delete',
    'demand_version_hiring_needs_update',
    'demand_version_hiring_need_skills_insert',
    'demand_version_hiring_need_skills_delete',
    'demand_version_hiring_need_skills_update',
    'demand_version_skills_update',
]

POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION demand_version_drawn() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    INSERT INTO demand_versions (id, token) VALUES (1, replace(gen_random_uuid()::text, '-', '')) ON CONFLICT (id) DO UPDATE SET token = excluded.token;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER demand_version_hiring_needs BEFORE INSERT OR DELETE OR UPDATE OF status, submitted_at, role_title, region, openings, needed_by, employer_id OR TRUNCATE
    ON hiring_needs FOR EACH STATEMENT EXECUTE FUNCTION demand_version_drawn()""",
    """CREATE TRIGGER demand_version_hiring_need_skills BEFORE INSERT OR DELETE OR UPDATE OR TRUNCATE
    ON hiring_need_skills FOR EACH STATEMENT EXECUTE FUNCTION demand_version_drawn()""",
    """CREATE TRIGGER demand_version_skills BEFORE UPDATE OF label
    ON skills FOR EACH STATEMENT EXECUTE FUNCTION demand_version_drawn()""",
]
POSTGRESQL_TRIGGER_TABLES = [
    ('demand_version_hiring_needs', 'hiring_needs'),
    ('demand_version_hiring_need_skills', 'hiring_need_skills'),
    ('demand_version_skills', 'skills'),
]


def upgrade():
    op.create_table('demand_versions',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_demand_versions_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_demand_versions'))
    )
    statements = POSTGRESQL_TRIGGERS if op.get_bind().dialect.name == "postgresql" else SQLITE_TRIGGERS
    for statement in statements:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table in POSTGRESQL_TRIGGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS demand_version_drawn()")
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
    op.drop_table('demand_versions')
