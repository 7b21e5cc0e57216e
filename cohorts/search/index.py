"""The staff search index: one row per participant, employer, hiring need and cohort, kept by triggers.

Staff type one word or a whole name into one box (docs/SEARCH.md). Searching four tables with
`ILIKE '%…%'` scans each of them whole for every keystroke, so the database keeps an index of
what staff search by, in the same statement as every write to

    participants (name, email; an erased person leaves the index), employers (name, sector,
    region; a rename reaches its hiring needs' rows), hiring_needs (ref, role, region, employer),
    cohorts (code, name, region)

whichever path wrote it (pages, services, the workbook import's bulk inserts, `seed-scale`,
raw SQL, cascading deletes, erasure). Over `search_documents` each dialect adds its own text index:

- SQLite: the FTS5 table `search_fts` (external content: it holds only the index), with
  diacritics folded, prefix indexes for 1 to 12 letters (PREFIX_LENGTHS), ranked by bm25; triggers
  on `search_documents` keep it in step.
- PostgreSQL: a generated `search_vector` tsvector column (the 'simple' configuration: names are
  not stemmed) under a GIN index, and a pg_trgm GIN index on lower(title) for typos.

Both tokenise on anything that is not a letter or digit, so an email, "HN-0005" or "SC-2026-01"
are runs of words, and the query side (cohorts/search/queries.py) splits what is typed the same way.
The DDL is here once, for `create_all` (tests, benchmark) and the migrations b4d6f8a0c2e3 (the
index and its triggers) and f8b0d2e4a6c9 (the FTS5 table's prefix indexes, 1–4 letters then 1–12).
"""

from __future__ import annotations

import re

import sqlalchemy as sa
from sqlalchemy import event
from sqlalchemy.orm import Mapped, mapped_column

from app.db import Base, StrEnum
from app.extensions import db


class SearchKind(StrEnum):
    participant = "participant"
    employer = "employer"
    hiring_need = "hiring_need"
    cohort = "cohort"


class SearchDocument(Base):
    """What staff can find one record by: written by the database's triggers only, never by the app."""

    __tablename__ = "search_documents"
    __repr_attr__ = "title"
    __table_args__ = (
        sa.UniqueConstraint("kind", "object_id"),
        sa.CheckConstraint("kind IN ('participant', 'employer', 'hiring_need', 'cohort')", name="kind_known"),
    )

    #: primary key (the FTS5 rowid on SQLite)
    id: Mapped[int] = mapped_column(primary_key=True)
    #: which table the record is in: participant | employer | hiring_need | cohort
    kind: Mapped[str] = mapped_column(sa.String(20))
    #: the record's primary key in that table (no foreign key: four tables; triggers delete the row)
    object_id: Mapped[int]
    #: what the result shows first and ranks highest: a person's "first last", an employer's name,
    #: a need's role title, a cohort's "code — name"
    title: Mapped[str] = mapped_column(sa.String(400))
    #: the record's unique key as staff type it: email, employer name, need ref, cohort code
    key: Mapped[str] = mapped_column(sa.String(254))
    #: the line under the title (email; sector · region; employer; region); shown, not searched
    subtitle: Mapped[str] = mapped_column(sa.String(400), default="", server_default="")
    #: more words that find the record (sector, region, a need's employer); searched, ranked low
    keywords: Mapped[str] = mapped_column(sa.Text, default="", server_default="")


#: the objects autogenerate must not compare: the dialects' own text indexes over search_documents
NOT_IN_METADATA = ("search_fts", "search_vector", "ix_search_documents_vector", "ix_search_documents_title_trgm")


def kept_out_of_autogenerate(name: str | None, reflected: bool) -> bool:
    """True for the FTS5 table, its shadow tables, the tsvector column and the GIN indexes."""
    return bool(reflected and name and name.startswith(NOT_IN_METADATA))


# --- what each source table puts in the index ------------------------------------------------
# (kind, table, columns whose update re-indexes, title, key, subtitle, keywords, row is indexed)
# over the trigger row NEW; both dialects read the same expressions.

_EMPLOYER_OF_NEED = "(SELECT name FROM employers WHERE id = NEW.employer_id)"
SOURCES = (
    ("participant", "participants", "first_name, last_name, email, anonymised_at",
     "NEW.first_name || ' ' || NEW.last_name", "NEW.email", "NEW.email", "''", "NEW.anonymised_at IS NULL"),
    ("employer", "employers", "name, sector, region",
     "NEW.name", "NEW.name", "trim(NEW.sector || ' · ' || NEW.region, ' ·')", "NEW.sector || ' ' || NEW.region",
     "1 = 1"),
    ("hiring_need", "hiring_needs", "ref, role_title, region, employer_id",
     "NEW.role_title", "NEW.ref", f"coalesce({_EMPLOYER_OF_NEED}, '')",
     f"coalesce({_EMPLOYER_OF_NEED}, '') || ' ' || NEW.region", "1 = 1"),
    ("cohort", "cohorts", "code, name, region",
     "CASE WHEN NEW.name = '' THEN NEW.code ELSE NEW.code || ' — ' || NEW.name END", "NEW.code", "NEW.region",
     "NEW.name || ' ' || NEW.region", "1 = 1"),
)

_COLUMNS = "kind, object_id, title, key, subtitle, keywords"


def _index_row(kind: str, title: str, key: str, subtitle: str, keywords: str, live: str, source: str = "") -> str:
    """Index the trigger's row NEW; with `source` ("FROM <table> AS NEW"), every row of the table."""
    return (f"INSERT INTO search_documents ({_COLUMNS}) "
            f"SELECT '{kind}', NEW.id, {title}, {key}, {subtitle}, {keywords} {source} WHERE {live}")


def _unindex_row(kind: str) -> str:
    return f"DELETE FROM search_documents WHERE kind = '{kind}' AND object_id = OLD.id"


#: an employer's rename reaches the rows of its hiring needs
_NEEDS_OF_EMPLOYER = """UPDATE search_documents SET subtitle = NEW.name,
    keywords = NEW.name || ' ' || (SELECT region FROM hiring_needs WHERE id = search_documents.object_id)
    WHERE kind = 'hiring_need' AND object_id IN (SELECT id FROM hiring_needs WHERE employer_id = NEW.id)"""


# --- SQLite ----------------------------------------------------------------------------------

_FTS_COLUMNS = "title, key, keywords"
#: the lengths of begun word FTS5 keeps a ready list of rows for. A begun word of another length
#: is looked up by merging the lists of every word it begins, in full before the first row and
#: again for bm25's count: the search for "Amara Okafor" (75,387 rows, 57 found) took 0.51 ms, 0.35 with these.
#: Costs about 45 % more index (few words are long, so 5–12 cost less than 1–4 did).
PREFIX_LENGTHS = " ".join(str(length) for length in range(1, 13))


def fts_table_ddl(prefix_lengths: str = PREFIX_LENGTHS) -> str:
    """The FTS5 table over search_documents, with prefix indexes for `prefix_lengths`."""
    return f"""CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({_FTS_COLUMNS},
            content='search_documents', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2', prefix='{prefix_lengths}')"""


def _sqlite_ddl() -> list[str]:
    statements = [
        fts_table_ddl(),
        f"""CREATE TRIGGER search_fts_insert AFTER INSERT ON search_documents BEGIN
            INSERT INTO search_fts (rowid, {_FTS_COLUMNS}) VALUES (NEW.id, NEW.title, NEW.key, NEW.keywords); END""",
        f"""CREATE TRIGGER search_fts_delete AFTER DELETE ON search_documents BEGIN
            INSERT INTO search_fts (search_fts, rowid, {_FTS_COLUMNS})
            VALUES ('delete', OLD.id, OLD.title, OLD.key, OLD.keywords); END""",
        f"""CREATE TRIGGER search_fts_update AFTER UPDATE ON search_documents BEGIN
            INSERT INTO search_fts (search_fts, rowid, {_FTS_COLUMNS})
            VALUES ('delete', OLD.id, OLD.title, OLD.key, OLD.keywords);
            INSERT INTO search_fts (rowid, {_FTS_COLUMNS}) VALUES (NEW.id, NEW.title, NEW.key, NEW.keywords); END""",
    ]
    for kind, table, watched, *document in SOURCES:
        extra = f"{_NEEDS_OF_EMPLOYER};" if kind == "employer" else ""
        statements += [
            f"CREATE TRIGGER search_{kind}_insert AFTER INSERT ON {table} BEGIN {_index_row(kind, *document)}; END",
            f"""CREATE TRIGGER search_{kind}_update AFTER UPDATE OF {watched} ON {table} BEGIN
                {_unindex_row(kind)}; {_index_row(kind, *document)}; {extra} END""",
            f"CREATE TRIGGER search_{kind}_delete AFTER DELETE ON {table} BEGIN {_unindex_row(kind)}; END",
        ]
    return statements


# --- PostgreSQL ------------------------------------------------------------------------------

#: the words of a row: anything not a letter or digit separates them (as on the query side)
SEARCH_VECTOR = ("to_tsvector('simple'::regconfig, regexp_replace(title || ' ' || key || ' ' || keywords, "
                 "'[^[:alnum:]]+', ' ', 'g'))")


def _pg_ddl() -> list[str]:
    statements = [
        "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        f"ALTER TABLE search_documents ADD COLUMN search_vector tsvector GENERATED ALWAYS AS ({SEARCH_VECTOR}) STORED",
        "CREATE INDEX ix_search_documents_vector ON search_documents USING gin (search_vector)",
        "CREATE INDEX ix_search_documents_title_trgm ON search_documents USING gin (lower(title) gin_trgm_ops)",
    ]
    for kind, table, watched, *document in SOURCES:
        extra = f"{_NEEDS_OF_EMPLOYER};" if kind == "employer" else ""
        statements += [
            f"""CREATE OR REPLACE FUNCTION search_{kind}_changed() RETURNS trigger LANGUAGE plpgsql AS $body$
            BEGIN
            IF TG_OP <> 'INSERT' THEN {_unindex_row(kind)}; END IF;
            IF TG_OP <> 'DELETE' THEN {_index_row(kind, *document)}; {extra} END IF;
            RETURN NULL;
            END $body$""",
            f"""CREATE TRIGGER search_{kind}_change AFTER INSERT OR DELETE OR UPDATE OF {watched} ON {table}
            FOR EACH ROW EXECUTE FUNCTION search_{kind}_changed()""",
        ]
    return statements


def index_ddl(dialect: str) -> list[str]:
    """The statements that create the text index and its triggers on `dialect`."""
    if dialect == "postgresql":
        return _pg_ddl()
    if dialect == "sqlite":
        return _sqlite_ddl()
    raise NotImplementedError(f"the search index needs DDL written for {dialect}")


def drop_ddl(dialect: str) -> list[str]:
    """What outlives search_documents: the FTS5 table and the source tables' triggers (functions)."""
    if dialect == "sqlite":
        return ["DROP TABLE IF EXISTS search_fts", *(f"DROP TRIGGER IF EXISTS search_{kind}_{event}"
                                                    for kind, *_ in SOURCES for event in ("insert", "update", "delete"))]
    return [f"DROP FUNCTION IF EXISTS search_{kind}_changed() CASCADE" for kind, *_ in SOURCES]


def backfill_statements() -> list[str]:
    """Index the rows already there (the migration; a rebuild): every source through its trigger SQL."""
    statements = ["DELETE FROM search_documents"]
    for kind, table, _watched, *document in SOURCES:
        statements.append(_index_row(kind, *document, source=f"FROM {table} AS NEW"))
    return statements


# --- what is typed, as the index's words -----------------------------------------------------

#: words of a query beyond these are ignored (a pasted paragraph is not a search)
MAX_WORDS = 8
#: characters of a query looked at
MAX_QUERY = 200


def merge_segments(connection: sa.Connection) -> None:
    """SQLite: merge the FTS5 index's segments into one, in the caller's transaction. Bulk writes
    (`seed-scale`, a workbook import) and daily use leave it in tens of segments, and a search looks
    every word up in each: ~0.1 ms of a whole-name search at national scale. Run with the planner
    statistics (after bulk writes, nightly). PostgreSQL's GIN index needs nothing of the kind."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("INSERT INTO search_fts (search_fts) VALUES ('optimize')")


def nightly_merge() -> None:
    """The schedule's merge (cohorts/schedules.py), in its own transaction."""
    with db.engine.begin() as connection:
        merge_segments(connection)


def words_of(q: str | None) -> list[str]:
    """The words of a query, lower case: runs of letters and digits, as the index tokenises."""
    return re.findall(r"[^\W_]+", (q or "")[:MAX_QUERY].lower())[:MAX_WORDS]


def phrases_of(q: str | None) -> list[list[str]]:
    """What was typed between spaces, each as its words: "kwame.kowalski@example.org" and "HN-0005"
    are one phrase (their words in that order), "Kwame Kowalski" two (in any order)."""
    phrases, left = [], MAX_WORDS
    for chunk in (q or "")[:MAX_QUERY].split():
        if words := words_of(chunk)[:left]:
            phrases.append(words)
            left -= len(words)
    return phrases


def fts_match(phrases: list[list[str]]) -> str:
    """FTS5: each phrase quoted (no character typed is syntax), its last word begun; all of them."""
    return " ".join('"' + " ".join(phrase) + '"*' for phrase in phrases)


def tsquery_prefixes(phrases: list[list[str]]) -> str:
    """to_tsquery: each phrase's words side by side (<->), the last one begun (:*); all of them (&)."""
    return " & ".join(" <-> ".join(f"'{word}'" for word in phrase) + ":*" for phrase in phrases)


def matching_ids(kind: str, q: str, dialect: str) -> sa.Select | None:
    """The ids of `kind` records whose index row holds every phrase of `q` begun; None without a word."""
    phrases = phrases_of(q)
    if not phrases:
        return None
    ids = sa.select(SearchDocument.object_id).where(SearchDocument.kind == kind)
    if dialect == "postgresql":
        return ids.where(sa.text("search_documents.search_vector @@ to_tsquery('simple', :search_prefixes)")
                         .bindparams(search_prefixes=tsquery_prefixes(phrases)))
    found = sa.text("SELECT rowid FROM search_fts WHERE search_fts MATCH :search_match").bindparams(
        search_match=fts_match(phrases)).columns(sa.column("rowid"))
    return ids.where(SearchDocument.id.in_(found))


@event.listens_for(Base.metadata, "after_create")
def _create_index(target, connection, **kw) -> None:
    """create_all (tests, benchmark) builds the same index and triggers as the migration."""
    if SearchDocument.__table__ in kw.get("tables", ()):
        for statement in index_ddl(connection.dialect.name):
            connection.exec_driver_sql(statement)


@event.listens_for(Base.metadata, "after_drop")
def _drop_index(target, connection, **kw) -> None:
    for statement in drop_ddl(connection.dialect.name):
        connection.exec_driver_sql(statement)
