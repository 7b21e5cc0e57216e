"""search: FTS5 prefix indexes for begun words of 1 to 12 letters (was 1 to 4)

Reviewed: SQLite only. The FTS5 table `search_fts` is dropped, created again with
prefix='1 2 … 12' and rebuilt from `search_documents` (its external content), in the same
transaction; the triggers that keep it (on search_documents) name it and are left as they are.
Nothing else changes: the words indexed, what a query matches and its bm25 are the same; a begun
word of 5 to 12 letters ("Amara Okafor" is two) is read from a ready list instead of merging the
lists of every word it begins (issue 22: the staff search page at national scale). PostgreSQL has
no FTS5 table: nothing to do there. The statements are written out here as cohorts/search/index.py
wrote them at this revision. Downgrade puts back prefix='1 2 3 4'.

Revision ID: f8b0d2e4a6c9
Revises: 314f993a8a92
Create Date: 2026-12-05 09:30:00.000000

"""
from alembic import op

# revision identifiers, used by Alembic.
revision = 'f8b0d2e4a6c9'
down_revision = '314f993a8a92'
branch_labels = None
depends_on = None

FTS_TABLE = """CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, key, keywords,
    content='search_documents', content_rowid='id',
    tokenize='unicode61 remove_diacritics 2', prefix='{prefix}')"""
PREFIX_BEFORE, PREFIX_AFTER = "1 2 3 4", "1 2 3 4 5 6 7 8 9 10 11 12"


def _recreate(prefix: str) -> None:
    if op.get_bind().dialect.name != "sqlite":
        return
    op.execute("DROP TABLE IF EXISTS search_fts")
    op.execute(FTS_TABLE.format(prefix=prefix))
    op.execute("INSERT INTO search_fts (search_fts) VALUES ('rebuild')")


def upgrade():
    _recreate(PREFIX_AFTER)


def downgrade():
    _recreate(PREFIX_BEFORE)
