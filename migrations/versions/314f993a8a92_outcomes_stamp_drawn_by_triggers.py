"""outcomes stamp: one row drawn anew by triggers on every write the programme figures depend on

Reviewed: a new one-row table `outcome_stamps` (id 1, a counter and a random token), seeded here
with its one row, and the triggers that draw a new value (counter + 1, a new random token) in
the same transaction as every insert, delete and update of a cohort's outcome data version
(cohort_outcome_versions), every insert and delete of a cohort and every update of its id, code,
end date or programme, and every delete of a programme and update of its id or currency
(cohorts/models/outcome_stamp.py explains the rule; issue 22). The programme dashboard and
cohort_outcomes keep their results per app under this value, so a warm view reads this one row
instead of one per cohort. No existing data changes. The trigger SQL is frozen here as it was
written at this revision: later changes to the module need a migration of their own.

Revision ID: 314f993a8a92
Revises: e7f9a1b3c5d8
Create Date: 2026-12-05 10:00:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '314f993a8a92'
down_revision = 'e7f9a1b3c5d8'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    """CREATE TRIGGER outcome_stamp_cohort_outcome_versions_insert AFTER INSERT ON cohort_outcome_versions BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_cohort_outcome_versions_delete AFTER DELETE ON cohort_outcome_versions BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_cohort_outcome_versions_update AFTER UPDATE OF cohort_id, version ON cohort_outcome_versions BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_cohorts_insert AFTER INSERT ON cohorts BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_cohorts_delete AFTER DELETE ON cohorts BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_cohorts_update AFTER UPDATE OF id, code, ends_on, programme_id ON cohorts BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_programmes_delete AFTER DELETE ON programmes BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
    """CREATE TRIGGER outcome_stamp_programmes_update AFTER UPDATE OF id, currency ON programmes BEGIN UPDATE outcome_stamps SET counter = counter + 1, token = lower(hex(randomblob(16))) WHERE id = 1; END""",
]
SQLITE_SEED = "INSERT INTO outcome_stamps (id, counter, token) VALUES (1, 0, lower(hex(randomblob(16))))"

POSTGRESQL_TRIGGERS = [
    """CREATE OR REPLACE FUNCTION outcome_stamp_drawn() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    UPDATE outcome_stamps SET counter = counter + 1, token = replace(gen_random_uuid()::text, '-', '') WHERE id = 1;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER outcome_stamp_cohort_outcome_versions BEFORE INSERT OR DELETE OR UPDATE OF cohort_id, version OR TRUNCATE
    ON cohort_outcome_versions FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_cohorts BEFORE INSERT OR DELETE OR UPDATE OF id, code, ends_on, programme_id OR TRUNCATE
    ON cohorts FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
    """CREATE TRIGGER outcome_stamp_programmes BEFORE DELETE OR UPDATE OF id, currency OR TRUNCATE
    ON programmes FOR EACH STATEMENT EXECUTE FUNCTION outcome_stamp_drawn()""",
]
POSTGRESQL_TRIGGER_TABLES = [
    ('outcome_stamp_cohort_outcome_versions', 'cohort_outcome_versions'),
    ('outcome_stamp_cohorts', 'cohorts'),
    ('outcome_stamp_programmes', 'programmes'),
]
POSTGRESQL_SEED = ("INSERT INTO outcome_stamps (id, counter, token) "
                   "VALUES (1, 0, replace(gen_random_uuid()::text, '-', ''))")


def upgrade():
    op.create_table('outcome_stamps',
    sa.Column('id', sa.Integer(), autoincrement=False, nullable=False),
    sa.Column('counter', sa.BigInteger(), nullable=False),
    sa.Column('token', sa.String(length=32), nullable=False),
    sa.CheckConstraint('id = 1', name=op.f('ck_outcome_stamps_one_row')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_outcome_stamps'))
    )
    postgresql = op.get_bind().dialect.name == "postgresql"
    for statement in (POSTGRESQL_TRIGGERS + [POSTGRESQL_SEED]) if postgresql else (SQLITE_TRIGGERS + [SQLITE_SEED]):
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == "postgresql":
        for name, table in POSTGRESQL_TRIGGER_TABLES:
            op.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        op.execute("DROP FUNCTION IF EXISTS outcome_stamp_drawn()")
    else:
        for statement in SQLITE_TRIGGERS:
            op.execute(f"DROP TRIGGER IF EXISTS {statement.split()[2]}")
    op.drop_table('outcome_stamps')
