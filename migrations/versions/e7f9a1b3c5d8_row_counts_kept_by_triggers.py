"""counts of growing tables kept by triggers (participants, placements, employers, hiring needs)

Reviewed: a new table row_counts (name, value ≥ 0) and the triggers that keep it, on SQLite
(row triggers) and PostgreSQL (statement triggers over transition tables for inserts and
updates, row triggers for deletes); the starting counts are computed from the tables in the
same transaction. Found by issue 22 ("no page runs a count over a table that grows with history
unless the count is maintained"): the staff home counted all participants and live placements,
the participants list its live people and the employers and hiring-needs lists their rows, on
every unfiltered view (app/models.py, count_rows). The statements are written out here, as
generated from app/models.py and the counts registered by cohorts/models and employers/models at this
revision, so this migration does not change if that module does.

Revision ID: e7f9a1b3c5d8
Revises: d6f8b0c2e4a6
Create Date: 2026-12-05 02:50:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'e7f9a1b3c5d8'
down_revision = 'd6f8b0c2e4a6'
branch_labels = None
depends_on = None

SQLITE_TRIGGERS = [
    "CREATE TRIGGER count_employers_insert AFTER INSERT ON employers WHEN TRUE BEGIN UPDATE row_counts SET value = value + (1) WHERE name = 'employers'; END",
    "CREATE TRIGGER count_employers_delete AFTER DELETE ON employers WHEN TRUE BEGIN UPDATE row_counts SET value = value + (-1) WHERE name = 'employers'; END",
    "CREATE TRIGGER count_hiring_needs_insert AFTER INSERT ON hiring_needs WHEN TRUE BEGIN UPDATE row_counts SET value = value + (1) WHERE name = 'hiring_needs'; END",
    "CREATE TRIGGER count_hiring_needs_delete AFTER DELETE ON hiring_needs WHEN TRUE BEGIN UPDATE row_counts SET value = value + (-1) WHERE name = 'hiring_needs'; END",
    "CREATE TRIGGER count_live_participants_insert AFTER INSERT ON participants WHEN NEW.anonymised_at IS NULL BEGIN UPDATE row_counts SET value = value + (1) WHERE name = 'live_participants'; END",
    "CREATE TRIGGER count_live_participants_delete AFTER DELETE ON participants WHEN OLD.anonymised_at IS NULL BEGIN UPDATE row_counts SET value = value + (-1) WHERE name = 'live_participants'; END",
    "CREATE TRIGGER count_live_participants_update AFTER UPDATE OF anonymised_at ON participants WHEN (NEW.anonymised_at IS NULL) <> (OLD.anonymised_at IS NULL) BEGIN UPDATE row_counts SET value = value + ((NEW.anonymised_at IS NULL) - (OLD.anonymised_at IS NULL)) WHERE name = 'live_participants'; END",
    "CREATE TRIGGER count_participants_insert AFTER INSERT ON participants WHEN TRUE BEGIN UPDATE row_counts SET value = value + (1) WHERE name = 'participants'; END",
    "CREATE TRIGGER count_participants_delete AFTER DELETE ON participants WHEN TRUE BEGIN UPDATE row_counts SET value = value + (-1) WHERE name = 'participants'; END",
    "CREATE TRIGGER count_live_placements_insert AFTER INSERT ON placements WHEN NEW.voided_at IS NULL BEGIN UPDATE row_counts SET value = value + (1) WHERE name = 'live_placements'; END",
    "CREATE TRIGGER count_live_placements_delete AFTER DELETE ON placements WHEN OLD.voided_at IS NULL BEGIN UPDATE row_counts SET value = value + (-1) WHERE name = 'live_placements'; END",
    "CREATE TRIGGER count_live_placements_update AFTER UPDATE OF voided_at ON placements WHEN (NEW.voided_at IS NULL) <> (OLD.voided_at IS NULL) BEGIN UPDATE row_counts SET value = value + ((NEW.voided_at IS NULL) - (OLD.voided_at IS NULL)) WHERE name = 'live_placements'; END",
]

POSTGRESQL_TRIGGERS = [
    "CREATE OR REPLACE FUNCTION count_employers_added() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN UPDATE row_counts SET value = value + (SELECT count(*) FROM new_rows AS r WHERE TRUE) WHERE name = 'employers'; RETURN NULL; END $body$",
    "CREATE OR REPLACE FUNCTION count_employers_removed() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN IF TRUE THEN UPDATE row_counts SET value = value + (-1) WHERE name = 'employers'; END IF; RETURN OLD; END $body$",
    'CREATE TRIGGER count_employers_insert AFTER INSERT ON employers REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_employers_added()',
    'CREATE TRIGGER count_employers_delete AFTER DELETE ON employers FOR EACH ROW EXECUTE FUNCTION count_employers_removed()',
    "CREATE OR REPLACE FUNCTION count_hiring_needs_added() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN UPDATE row_counts SET value = value + (SELECT count(*) FROM new_rows AS r WHERE TRUE) WHERE name = 'hiring_needs'; RETURN NULL; END $body$",
    "CREATE OR REPLACE FUNCTION count_hiring_needs_removed() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN IF TRUE THEN UPDATE row_counts SET value = value + (-1) WHERE name = 'hiring_needs'; END IF; RETURN OLD; END $body$",
    'CREATE TRIGGER count_hiring_needs_insert AFTER INSERT ON hiring_needs REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_hiring_needs_added()',
    'CREATE TRIGGER count_hiring_needs_delete AFTER DELETE ON hiring_needs FOR EACH ROW EXECUTE FUNCTION count_hiring_needs_removed()',
    "CREATE OR REPLACE FUNCTION count_participants_added() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN UPDATE row_counts SET value = value + (SELECT count(*) FROM new_rows AS r WHERE r.anonymised_at IS NULL) WHERE name = 'live_participants'; UPDATE row_counts SET value = value + (SELECT count(*) FROM new_rows AS r WHERE TRUE) WHERE name = 'participants'; RETURN NULL; END $body$",
    "CREATE OR REPLACE FUNCTION count_participants_removed() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN IF OLD.anonymised_at IS NULL THEN UPDATE row_counts SET value = value + (-1) WHERE name = 'live_participants'; END IF; IF TRUE THEN UPDATE row_counts SET value = value + (-1) WHERE name = 'participants'; END IF; RETURN OLD; END $body$",
    'CREATE TRIGGER count_participants_insert AFTER INSERT ON participants REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_participants_added()',
    'CREATE TRIGGER count_participants_delete AFTER DELETE ON participants FOR EACH ROW EXECUTE FUNCTION count_participants_removed()',
    "CREATE OR REPLACE FUNCTION count_participants_changed() RETURNS trigger LANGUAGE plpgsql AS $body$ DECLARE delta bigint; BEGIN delta := (SELECT count(*) FROM new_rows AS r WHERE r.anonymised_at IS NULL) - (SELECT count(*) FROM old_rows AS r WHERE r.anonymised_at IS NULL); IF delta <> 0 THEN UPDATE row_counts SET value = value + (delta) WHERE name = 'live_participants'; END IF; RETURN NULL; END $body$",
    'CREATE TRIGGER count_participants_update AFTER UPDATE ON participants REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_participants_changed()',
    "CREATE OR REPLACE FUNCTION count_placements_added() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN UPDATE row_counts SET value = value + (SELECT count(*) FROM new_rows AS r WHERE r.voided_at IS NULL) WHERE name = 'live_placements'; RETURN NULL; END $body$",
    "CREATE OR REPLACE FUNCTION count_placements_removed() RETURNS trigger LANGUAGE plpgsql AS $body$ BEGIN IF OLD.voided_at IS NULL THEN UPDATE row_counts SET value = value + (-1) WHERE name = 'live_placements'; END IF; RETURN OLD; END $body$",
    'CREATE TRIGGER count_placements_insert AFTER INSERT ON placements REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_placements_added()',
    'CREATE TRIGGER count_placements_delete AFTER DELETE ON placements FOR EACH ROW EXECUTE FUNCTION count_placements_removed()',
    "CREATE OR REPLACE FUNCTION count_placements_changed() RETURNS trigger LANGUAGE plpgsql AS $body$ DECLARE delta bigint; BEGIN delta := (SELECT count(*) FROM new_rows AS r WHERE r.voided_at IS NULL) - (SELECT count(*) FROM old_rows AS r WHERE r.voided_at IS NULL); IF delta <> 0 THEN UPDATE row_counts SET value = value + (delta) WHERE name = 'live_placements'; END IF; RETURN NULL; END $body$",
    'CREATE TRIGGER count_placements_update AFTER UPDATE ON placements REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION count_placements_changed()',
]

RECOUNT = [
    "DELETE FROM row_counts WHERE name = 'employers'",
    "DELETE FROM row_counts WHERE name = 'hiring_needs'",
    "DELETE FROM row_counts WHERE name = 'live_participants'",
    "DELETE FROM row_counts WHERE name = 'live_placements'",
    "DELETE FROM row_counts WHERE name = 'participants'",
    "INSERT INTO row_counts (name, value) SELECT 'employers', count(*) FROM employers AS r WHERE TRUE",
    "INSERT INTO row_counts (name, value) SELECT 'hiring_needs', count(*) FROM hiring_needs AS r WHERE TRUE",
    "INSERT INTO row_counts (name, value) SELECT 'live_participants', count(*) FROM participants AS r WHERE r.anonymised_at IS NULL",
    "INSERT INTO row_counts (name, value) SELECT 'live_placements', count(*) FROM placements AS r WHERE r.voided_at IS NULL",
    "INSERT INTO row_counts (name, value) SELECT 'participants', count(*) FROM participants AS r WHERE TRUE",
]

SQLITE_TRIGGER_NAMES = ['count_employers_insert', 'count_employers_delete', 'count_hiring_needs_insert', 'count_hiring_needs_delete', 'count_live_participants_insert', 'count_live_participants_delete', 'count_live_participants_update', 'count_participants_insert', 'count_participants_delete', 'count_live_placements_insert', 'count_live_placements_delete', 'count_live_placements_update']
POSTGRESQL_TRIGGER_NAMES = [('count_employers_insert', 'employers'), ('count_employers_delete', 'employers'), ('count_hiring_needs_insert', 'hiring_needs'), ('count_hiring_needs_delete', 'hiring_needs'), ('count_participants_insert', 'participants'), ('count_participants_delete', 'participants'), ('count_participants_update', 'participants'), ('count_placements_insert', 'placements'), ('count_placements_delete', 'placements'), ('count_placements_update', 'placements')]
POSTGRESQL_FUNCTIONS = ['count_employers_added', 'count_employers_removed', 'count_employers_changed', 'count_hiring_needs_added', 'count_hiring_needs_removed', 'count_hiring_needs_changed', 'count_participants_added', 'count_participants_removed', 'count_participants_changed', 'count_placements_added', 'count_placements_removed', 'count_placements_changed']


def upgrade():
    op.create_table('row_counts',
                    sa.Column('name', sa.String(length=40), nullable=False),
                    sa.Column('value', sa.BigInteger(), nullable=False),
                    sa.CheckConstraint('value >= 0', name=op.f('ck_row_counts_value_not_negative')),
                    sa.PrimaryKeyConstraint('name', name=op.f('pk_row_counts')))
    dialect = op.get_bind().dialect.name
    for statement in (POSTGRESQL_TRIGGERS if dialect == 'postgresql' else SQLITE_TRIGGERS) + RECOUNT:
        op.execute(statement)


def downgrade():
    if op.get_bind().dialect.name == 'postgresql':
        for name, table in POSTGRESQL_TRIGGER_NAMES:
            op.execute(f'DROP TRIGGER IF EXISTS {name} ON {table}')
        for name in POSTGRESQL_FUNCTIONS:
            op.execute(f'DROP FUNCTION IF EXISTS {name}()')
    else:
        for name in SQLITE_TRIGGER_NAMES:
            op.execute(f'DROP TRIGGER IF EXISTS {name}')
    op.drop_table('row_counts')
