"""Ranked hits from the search index (cohorts/search/index.py): one statement per search.

What staff type is cut into words the way the index cut the records (runs of letters and digits);
what was typed between two spaces must be found as those words side by side, the last one begun,
and the pieces in any order: "Kwame Kowalski", "Kowalski Kwame", "kwa kow", "kwame.kowalski@",
"HN-0005" and "SC-2026" all find their record. The words are quoted before they reach FTS5 or
to_tsquery, so no character typed is query syntax.

Ranking: the text rank (bm25 on SQLite, ts_rank on PostgreSQL) orders the first POOL matches the
index yields; the best BEST of those are ordered again by tier (the title or key is what was
typed, then titles holding every word whole), so a one-letter query that matches half the table
costs what a whole name does. When nothing matches, a second statement forgives a typo: on
PostgreSQL titles that look alike (pg_trgm), on SQLite the same search with each long word two
letters shorter ("Kowalsky" finds "Kowalski", "Kowlaski" finds nothing). Nothing counts a whole
table: a page asks for one row more than it shows, to know whether there is a next page.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from app.extensions import db
from cohorts.search.index import MAX_WORDS, SearchKind, fts_match, phrases_of, tsquery_prefixes

#: matches ranked per search: past these, the first found in the index's order (type more to narrow)
POOL = 300
#: of those, the best by text rank that are ranked again by tier (what was typed, whole words)
BEST = 100
#: a word this long or longer is retried without its last two letters when nothing matched (SQLite)
RETRY_FROM = 5


@dataclass(frozen=True)
class Hit:
    """One record found: what the results list shows and links to."""

    kind: str
    object_id: int
    title: str
    subtitle: str


def search(q: str, kinds: Iterable[str] | None = None, limit: int = 20, offset: int = 0) -> list[Hit]:
    """The best `limit` records for `q`, best first; [] for a query without a letter or digit."""
    phrases = phrases_of(q)
    kinds = [kind for kind in (kinds or ()) if kind in SearchKind.__members__]
    if not phrases:
        return []
    if db.engine.dialect.name == "postgresql":
        hits = _rows(_postgresql_select(kinds), phrases, kinds, limit, offset)
        if not hits and offset == 0:  # a typo anywhere ("Kowlaski"): titles that look alike (pg_trgm)
            hits = _rows(_postgresql_similar(kinds), phrases, kinds, limit, 0)
        return hits
    hits = _rows(_sqlite_select(kinds), phrases, kinds, limit, offset)
    if not hits and offset == 0 and any(len(word) >= RETRY_FROM for words in phrases for word in words):
        # a typo near the end of a word ("Kowalsky"): the same search on the words' beginnings
        shorter = [[w[:-2] if len(w) >= RETRY_FROM else w for w in words] for words in phrases]
        hits = _rows(_sqlite_select(kinds), shorter, kinds, limit, 0)
    return hits


def _rows(statement: sa.TextClause, phrases: list[list[str]], kinds: list[str], limit: int,
          offset: int) -> list[Hit]:
    words = [word for phrase in phrases for word in phrase]
    params = {"typed": " ".join(words), "limit": limit, "offset": offset, "pool": POOL + offset + limit,
              "best": BEST + offset + limit,
              **{f"w{i}": f" {words[i]} " if i < len(words) else None for i in range(MAX_WORDS)}}
    if db.engine.dialect.name == "postgresql":
        params |= {"prefixes": tsquery_prefixes(phrases), "whole": " & ".join(f"'{word}'" for word in words)}
    else:
        params["match"] = fts_match(phrases)
    if kinds:
        params["kinds"] = kinds
    return [Hit(*row) for row in db.session.execute(statement.bindparams(*_expanding(kinds)), params).all()]


def _expanding(kinds: list[str]) -> list[sa.BindParameter]:
    return [sa.bindparam("kinds", expanding=True)] if kinds else []


def _kind_clause(kinds: list[str], column: str) -> str:
    return f"AND {column} IN :kinds" if kinds else ""


def _sqlite_select(kinds: list[str]) -> sa.TextClause:
    # the pool: the first POOL matches in the index's order with their bm25 (weights: title, key,
    # keywords), so a one-letter query costs what a name does; the best of them ranked by tier
    pool = f"""SELECT d.id, bm25(search_fts, 10.0, 5.0, 1.0) AS score
            FROM search_fts JOIN search_documents AS d ON d.id = search_fts.rowid
            WHERE search_fts MATCH :match {_kind_clause(kinds, 'd.kind')}""" if kinds else """
            SELECT rowid AS id, bm25(search_fts, 10.0, 5.0, 1.0) AS score FROM search_fts
            WHERE search_fts MATCH :match"""
    return sa.text(f"""
        WITH found AS MATERIALIZED ({pool} LIMIT :pool),
             best AS MATERIALIZED (SELECT id, score FROM found ORDER BY score LIMIT :best)
        SELECT d.kind, d.object_id, d.title, d.subtitle
        FROM best JOIN search_documents AS d ON d.id = best.id
        ORDER BY CASE WHEN lower(d.title) = :typed OR lower(d.key) = :typed THEN 0
                      WHEN {_whole_words('d.title')} THEN 1 ELSE 2 END,
                 best.score, d.title, d.id
        LIMIT :limit OFFSET :offset""")


def _whole_words(title: str) -> str:
    # one check per possible word; the words a query does not have are bound as NULL (no check)
    return " AND ".join(f"(:w{i} IS NULL OR instr(' ' || lower({title}) || ' ', :w{i}) > 0)"
                        for i in range(MAX_WORDS))


def _postgresql_select(kinds: list[str]) -> sa.TextClause:
    return sa.text(f"""
        WITH found AS MATERIALIZED (
            SELECT id, ts_rank(search_vector, to_tsquery('simple', :prefixes)) AS score
            FROM search_documents
            WHERE search_vector @@ to_tsquery('simple', :prefixes) {_kind_clause(kinds, 'kind')}
            LIMIT :pool),
             best AS MATERIALIZED (SELECT id, score FROM found ORDER BY score DESC LIMIT :best)
        SELECT d.kind, d.object_id, d.title, d.subtitle
        FROM best JOIN search_documents AS d ON d.id = best.id
        ORDER BY CASE WHEN lower(d.title) = :typed OR lower(d.key) = :typed THEN 0
                      WHEN d.search_vector @@ to_tsquery('simple', :whole) THEN 1 ELSE 2 END,
                 best.score DESC, d.title, d.id
        LIMIT :limit OFFSET :offset""")


def _postgresql_similar(kinds: list[str]) -> sa.TextClause:
    # % is pg_trgm's "similar enough" (similarity ≥ pg_trgm.similarity_threshold, 0.3), on its GIN index
    return sa.text(f"""
        SELECT kind, object_id, title, subtitle
        FROM search_documents
        WHERE lower(title) % :typed {_kind_clause(kinds, 'kind')}
        ORDER BY similarity(lower(title), :typed) DESC, title, id
        LIMIT :limit OFFSET :offset""")
