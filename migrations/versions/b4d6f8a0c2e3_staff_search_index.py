"""staff search index

Reviewed: a new table `search_documents` (kind, object_id → title, key, subtitle, keywords), one
row per participant not erased, employer, hiring need and cohort, filled here from the existing
rows and kept in step by triggers on those four tables (cohorts/search/index.py explains them).
Over it, SQLite gets the FTS5 table `search_fts` (external content) and PostgreSQL a generated
tsvector column under GIN plus a pg_trgm GIN index on lower(title) (the extension is created if
missing). Those are left out of autogenerate by migrations/env.py. The DDL is frozen here as it
was written at this revision: later changes to the module need a migration of their own.

Revision ID: b4d6f8a0c2e3
Revises: a2c4e6f8b0d1
Create Date: 2026-12-04 23:40:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b4d6f8a0c2e3'
down_revision = 'a2c4e6f8b0d1'
branch_labels = None
depends_on = None

SQLITE_DDL = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, key, keywords,
    content='search_documents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='1 2 3 4')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents BEGIN
    INSERT INTO search_fts (rowid, title, key, keywords) VALUES (NEW.id, NEW.title, NEW.key, NEW.keywords); END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, key, keywords)
    VALUES ('delete', OLD.id, OLD.title, OLD.key, OLD.keywords); END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_documents BEGIN
    INSERT INTO search_fts (search_fts, rowid, title, key, keywords)
    VALUES ('delete', OLD.id, OLD.title, OLD.key, OLD.keywords);
    INSERT INTO search_fts (rowid, title, key, keywords) VALUES (NEW.id, NEW.title, NEW.key, NEW.keywords); END""",
    """CREATE TRIGGER search_participant_insert AFTER INSERT ON participants BEGIN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'participant', NEW.id, NEW.first_name || ' ' || NEW.last_name, NEW.email, NEW.email, ''  WHERE NEW.anonymised_at IS NULL; END""",
    """CREATE TRIGGER search_participant_update AFTER UPDATE OF first_name, last_name, email, anonymised_at ON participants BEGIN
    DELETE FROM search_documents WHERE kind = 'participant' AND object_id = OLD.id; INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'participant', NEW.id, NEW.first_name || ' ' || NEW.last_name, NEW.email, NEW.email, ''  WHERE NEW.anonymised_at IS NULL;  END""",
    """CREATE TRIGGER search_participant_delete AFTER DELETE ON participants BEGIN DELETE FROM search_documents WHERE kind = 'participant' AND object_id = OLD.id; END""",
    """CREATE TRIGGER search_employer_insert AFTER INSERT ON employers BEGIN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'employer', NEW.id, NEW.name, NEW.name, trim(NEW.sector || ' · ' || NEW.region, ' ·'), NEW.sector || ' ' || NEW.region  WHERE 1 = 1; END""",
    """CREATE TRIGGER search_employer_update AFTER UPDATE OF name, sector, region ON employers BEGIN
    DELETE FROM search_documents WHERE kind = 'employer' AND object_id = OLD.id; INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'employer', NEW.id, NEW.name, NEW.name, trim(NEW.sector || ' · ' || NEW.region, ' ·'), NEW.sector || ' ' || NEW.region  WHERE 1 = 1; UPDATE search_documents SET subtitle = NEW.name,
    keywords = NEW.name || ' ' || (SELECT region FROM hiring_needs WHERE id = search_documents.object_id)
    WHERE kind = 'hiring_need' AND object_id IN (SELECT id FROM hiring_needs WHERE employer_id = NEW.id); END""",
    """CREATE TRIGGER search_employer_delete AFTER DELETE ON employers BEGIN DELETE FROM search_documents WHERE kind = 'employer' AND object_id = OLD.id; END""",
    """CREATE TRIGGER search_hiring_need_insert AFTER INSERT ON hiring_needs BEGIN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'hiring_need', NEW.id, NEW.role_title, NEW.ref, coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), ''), coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), '') || ' ' || NEW.region  WHERE 1 = 1; END""",
    """CREATE TRIGGER search_hiring_need_update AFTER UPDATE OF ref, role_title, region, employer_id ON hiring_needs BEGIN
    DELETE FROM search_documents WHERE kind = 'hiring_need' AND object_id = OLD.id; INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'hiring_need', NEW.id, NEW.role_title, NEW.ref, coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), ''), coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), '') || ' ' || NEW.region  WHERE 1 = 1;  END""",
    """CREATE TRIGGER search_hiring_need_delete AFTER DELETE ON hiring_needs BEGIN DELETE FROM search_documents WHERE kind = 'hiring_need' AND object_id = OLD.id; END""",
    """CREATE TRIGGER search_cohort_insert AFTER INSERT ON cohorts BEGIN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'cohort', NEW.id, CASE WHEN NEW.name = '' THEN NEW.code ELSE NEW.code || ' — ' || NEW.name END, NEW.code, NEW.region, NEW.name || ' ' || NEW.region  WHERE 1 = 1; END""",
    """CREATE TRIGGER search_cohort_update AFTER UPDATE OF code, name, region ON cohorts BEGIN
    DELETE FROM search_documents WHERE kind = 'cohort' AND object_id = OLD.id; INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'cohort', NEW.id, CASE WHEN NEW.name = '' THEN NEW.code ELSE NEW.code || ' — ' || NEW.name END, NEW.code, NEW.region, NEW.name || ' ' || NEW.region  WHERE 1 = 1;  END""",
    """CREATE TRIGGER search_cohort_delete AFTER DELETE ON cohorts BEGIN DELETE FROM search_documents WHERE kind = 'cohort' AND object_id = OLD.id; END""",
]

POSTGRESQL_DDL = [
    """CREATE EXTENSION IF NOT EXISTS pg_trgm""",
    """ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, regexp_replace(title || ' ' || key || ' ' || keywords, '[^[:alnum:]]+', ' ', 'g'))) STORED""",
    """CREATE INDEX ix_search_documents_vector ON search_documents USING gin (search_vector)""",
    """CREATE INDEX ix_search_documents_title_trgm ON search_documents USING gin (lower(title) gin_trgm_ops)""",
    """CREATE OR REPLACE FUNCTION search_participant_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    IF TG_OP <> 'INSERT' THEN DELETE FROM search_documents WHERE kind = 'participant' AND object_id = OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'participant', NEW.id, NEW.first_name || ' ' || NEW.last_name, NEW.email, NEW.email, ''  WHERE NEW.anonymised_at IS NULL;  END IF;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER search_participant_change AFTER INSERT OR DELETE OR UPDATE OF first_name, last_name, email, anonymised_at ON participants
    FOR EACH ROW EXECUTE FUNCTION search_participant_changed()""",
    """CREATE OR REPLACE FUNCTION search_employer_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    IF TG_OP <> 'INSERT' THEN DELETE FROM search_documents WHERE kind = 'employer' AND object_id = OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'employer', NEW.id, NEW.name, NEW.name, trim(NEW.sector || ' · ' || NEW.region, ' ·'), NEW.sector || ' ' || NEW.region  WHERE 1 = 1; UPDATE search_documents SET subtitle = NEW.name,
    keywords = NEW.name || ' ' || (SELECT region FROM hiring_needs WHERE id = search_documents.object_id)
    WHERE kind = 'hiring_need' AND object_id IN (SELECT id FROM hiring_needs WHERE employer_id = NEW.id); END IF;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER search_employer_change AFTER INSERT OR DELETE OR UPDATE OF name, sector, region ON employers
    FOR EACH ROW EXECUTE FUNCTION search_employer_changed()""",
    """CREATE OR REPLACE FUNCTION search_hiring_need_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    IF TG_OP <> 'INSERT' THEN DELETE FROM search_documents WHERE kind = 'hiring_need' AND object_id = OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'hiring_need', NEW.id, NEW.role_title, NEW.ref, coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), ''), coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), '') || ' ' || NEW.region  WHERE 1 = 1;  END IF;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER search_hiring_need_change AFTER INSERT OR DELETE OR UPDATE OF ref, role_title, region, employer_id ON hiring_needs
    FOR EACH ROW EXECUTE FUNCTION search_hiring_need_changed()""",
    """CREATE OR REPLACE FUNCTION search_cohort_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
    BEGIN
    IF TG_OP <> 'INSERT' THEN DELETE FROM search_documents WHERE kind = 'cohort' AND object_id = OLD.id; END IF;
    IF TG_OP <> 'DELETE' THEN INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'cohort', NEW.id, CASE WHEN NEW.name = '' THEN NEW.code ELSE NEW.code || ' — ' || NEW.name END, NEW.code, NEW.region, NEW.name || ' ' || NEW.region  WHERE 1 = 1;  END IF;
    RETURN NULL;
    END $body$""",
    """CREATE TRIGGER search_cohort_change AFTER INSERT OR DELETE OR UPDATE OF code, name, region ON cohorts
    FOR EACH ROW EXECUTE FUNCTION search_cohort_changed()""",
]

BACKFILL = [
    """DELETE FROM search_documents""",
    """INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'participant', NEW.id, NEW.first_name || ' ' || NEW.last_name, NEW.email, NEW.email, '' FROM participants AS NEW WHERE NEW.anonymised_at IS NULL""",
    """INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'employer', NEW.id, NEW.name, NEW.name, trim(NEW.sector || ' · ' || NEW.region, ' ·'), NEW.sector || ' ' || NEW.region FROM employers AS NEW WHERE 1 = 1""",
    """INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'hiring_need', NEW.id, NEW.role_title, NEW.ref, coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), ''), coalesce((SELECT name FROM employers WHERE id = NEW.employer_id), '') || ' ' || NEW.region FROM hiring_needs AS NEW WHERE 1 = 1""",
    """INSERT INTO search_documents (kind, object_id, title, key, subtitle, keywords) SELECT 'cohort', NEW.id, CASE WHEN NEW.name = '' THEN NEW.code ELSE NEW.code || ' — ' || NEW.name END, NEW.code, NEW.region, NEW.name || ' ' || NEW.region FROM cohorts AS NEW WHERE 1 = 1""",
]

SQLITE_DROP = [
    "DROP TABLE IF EXISTS search_fts",
    "DROP TRIGGER IF EXISTS search_participant_insert",
    "DROP TRIGGER IF EXISTS search_participant_update",
    "DROP TRIGGER IF EXISTS search_participant_delete",
    "DROP TRIGGER IF EXISTS search_employer_insert",
    "DROP TRIGGER IF EXISTS search_employer_update",
    "DROP TRIGGER IF EXISTS search_employer_delete",
    "DROP TRIGGER IF EXISTS search_hiring_need_insert",
    "DROP TRIGGER IF EXISTS search_hiring_need_update",
    "DROP TRIGGER IF EXISTS search_hiring_need_delete",
    "DROP TRIGGER IF EXISTS search_cohort_insert",
    "DROP TRIGGER IF EXISTS search_cohort_update",
    "DROP TRIGGER IF EXISTS search_cohort_delete",
]

POSTGRESQL_DROP = [
    """DROP FUNCTION IF EXISTS search_participant_changed() CASCADE""",
    """DROP FUNCTION IF EXISTS search_employer_changed() CASCADE""",
    """DROP FUNCTION IF EXISTS search_hiring_need_changed() CASCADE""",
    """DROP FUNCTION IF EXISTS search_cohort_changed() CASCADE""",
]


def upgrade():
    op.create_table(
        'search_documents',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('object_id', sa.Integer(), nullable=False),
        sa.Column('title', sa.String(length=400), nullable=False),
        sa.Column('key', sa.String(length=254), nullable=False),
        sa.Column('subtitle', sa.String(length=400), server_default='', nullable=False),
        sa.Column('keywords', sa.Text(), server_default='', nullable=False),
        sa.CheckConstraint("kind IN ('participant', 'employer', 'hiring_need', 'cohort')",
                           name=op.f('ck_search_documents_kind_known')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_search_documents')),
        sa.UniqueConstraint('kind', 'object_id', name=op.f('uq_search_documents_kind_object_id')),
    )
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for statement in (POSTGRESQL_DDL if postgresql else SQLITE_DDL) + BACKFILL:
        op.execute(statement)


def downgrade():
    postgresql = op.get_bind().dialect.name == 'postgresql'
    for statement in POSTGRESQL_DROP if postgresql else SQLITE_DROP:
        op.execute(statement)
    op.drop_table('search_documents')
