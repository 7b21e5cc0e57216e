"""The kept parts of each cohort's outcome figures (docs/OUTCOMES.md, "How the figures are kept").

One query reads, for the cohorts asked, their current data version and the parts kept for the
as-of date *at that version*; a cohort whose parts are missing or were computed at an older
version comes back without parts, and measures.py computes them again. The version is read
before the rows the parts are computed from, so parts are never labelled with a version newer
than their data: a write that lands in between only makes them look stale (computed again).

Above the parts, whole results are kept under the outcomes stamp (cohorts/models/outcome_stamp.py),
one row the database draws anew with every write they depend on: a warm call reads only that row.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date
from typing import Any

import numpy as np
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.dialects import postgresql, sqlite

from app.db import in_list, utcnow
from app.extensions import db
from cohorts.models import Cohort, CohortOutcomeParts, CohortOutcomeVersion, Programme
from cohorts.models.outcome_stamp import kept_under_stamp
from cohorts.outcomes.data import UnknownCohortError

#: the shape of the parts this code writes and reads: parts of another shape (kept by an older
#: release) are stale, computed again
PARTS_FORMAT = 3
#: a cohort with no version row is at version 0
CURRENT = sa.func.coalesce(CohortOutcomeVersion.version, 0)


def _memo() -> dict[tuple, dict[str, Any]]:
    """This app's decoded parts by (cohort id, as_of, data version, computed_at): a kept row never
    changes under its key (storing again draws a new computed_at), so reading it again from the
    table only costs its JSON's decoding (~8 ms for 300 cohorts). A row of a transaction that rolled
    back leaves a key no committed row has. Cleared when it grows past MEMO_SIZE."""
    return current_app.extensions.setdefault("cohort_outcome_parts", {})


#: decoded parts kept per app at most (~300 cohorts × a few as-of dates)
MEMO_SIZE = 5_000


def read_parts(as_of: date, cohort_codes: Sequence[str] | None
               ) -> tuple[list[tuple[int, str, int]], dict[int, dict[str, Any]]]:
    """([(id, code, current version)] of the cohorts named (None: every cohort), in code order,
    {id: parts kept for as_of at the current version}); an unknown code raises UnknownCohortError.

    One query when the parts are in this app's memo, a second for the JSON of those that are not."""
    if cohort_codes is None:
        rows = db.session.execute(_READ_EVERY, {"as_of": as_of}).all()
    else:
        rows = db.session.execute(_READ_NAMED, {"as_of": as_of, "codes": sorted(set(cohort_codes))}).all()
    missing = sorted(set(cohort_codes or ()) - {row.code for row in rows})
    if missing:
        raise UnknownCohortError(f"Unknown cohort code: {', '.join(missing)}")
    memo = _memo()
    keys = {row.id: (row.id, as_of, row[2], row.computed_at) for row in rows if row.computed_at is not None}
    unread = [cohort_id for cohort_id, key in keys.items() if key not in memo]
    if unread:
        for cohort_id, version, computed_at, parts in db.session.execute(
                sa.select(CohortOutcomeParts.cohort_id, CohortOutcomeParts.data_version,
                          CohortOutcomeParts.computed_at, CohortOutcomeParts.parts)
                .where(CohortOutcomeParts.cohort_id.in_(unread), CohortOutcomeParts.as_of == as_of)):
            if parts.get("format") == PARTS_FORMAT:
                _remember(memo, (cohort_id, as_of, version, computed_at), parts)
    return ([(row.id, row.code, row[2]) for row in rows],
            {cohort_id: memo[key] for cohort_id, key in keys.items() if key in memo})


#: read_parts' statements, built once: every cohort, or those whose codes are bound
_READ_EVERY = (
    sa.select(Cohort.id, Cohort.code, CURRENT, CohortOutcomeParts.computed_at)
    .outerjoin(CohortOutcomeVersion, CohortOutcomeVersion.cohort_id == Cohort.id)
    .outerjoin(CohortOutcomeParts, sa.and_(CohortOutcomeParts.cohort_id == Cohort.id,
                                           CohortOutcomeParts.as_of == sa.bindparam("as_of"),
                                           CohortOutcomeParts.data_version == CURRENT))
    .order_by(Cohort.code)
)
_READ_NAMED = _READ_EVERY.where(in_list(Cohort.code, "codes"))


#: results kept per app under the outcomes stamp at most (each one selection of cohorts at one date)
STAMPED_SIZE = 16


def stamped(as_of: date, cohort_codes: Sequence[str] | None, compute: Callable[[], Any], *,
            refresh: bool = False) -> Any:
    """compute() for (as_of, cohort_codes), kept per app under the outcomes stamp (``kept_under_stamp``): a
    warm call reads that one row. refresh: compute (and keep) even when a result is kept. What comes back is
    shared between callers: read it, never change it."""
    codes = None if cohort_codes is None else tuple(sorted(set(cohort_codes)))
    return kept_under_stamp(db.session, "cohort_outcomes_stamped", (as_of, codes), compute, size=STAMPED_SIZE,
                            refresh=refresh)


def cohort_rows(as_of: date) -> list[sa.Row]:
    """Every cohort in code order as (code, id, ended by as_of, currency), one indexed read of a
    row per cohort: what the programme dashboard filters, links and formats by."""
    return db.session.execute(_COHORT_ROWS, {"as_of": as_of}).all()


_COHORT_ROWS = (
    sa.select(Cohort.code, Cohort.id, (Cohort.ends_on <= sa.bindparam("as_of")).label("ended"), Programme.currency)
    .join(Programme, Programme.id == Cohort.programme_id)
    .order_by(Cohort.code)
)


def _remember(memo: dict, key: tuple, parts: dict[str, Any]) -> None:
    """Keep the parts, their histograms as int arrays (pooled per view without converting again)."""
    if len(memo) >= MEMO_SIZE:
        memo.clear()
    memo[key] = {**parts, **{name: [np.asarray(column, dtype=np.int64) for column in parts[name]]
                             for name in ("days", "salaries")}, "stamp": key}


#: assembled figures kept per app at most (each is one selection of cohorts at one date)
ASSEMBLED_SIZE = 16


def assembled(as_of: date, cohorts: Sequence[tuple[int, str]], parts: dict[int, dict[str, Any]],
              assemble: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """assemble(as_of, cohorts, parts), kept per app under the stamps of the parts it sums: parts
    read from this module's memo carry the key they are kept under (cohort, date, version,
    computation), so the same stamps mean the same figures. Parts computed in this request carry
    none and are assembled afresh. What comes back is shared between views: read it, never change it."""
    stamps = tuple(parts[cohort_id].get("stamp") for cohort_id, _ in cohorts)
    if None in stamps:
        return assemble(as_of, cohorts, parts)
    key = (as_of, tuple(cohorts), stamps)
    kept = current_app.extensions.setdefault("cohort_outcome_figures", {})
    if key not in kept:
        if len(kept) >= ASSEMBLED_SIZE:
            kept.clear()
        kept[key] = assemble(as_of, cohorts, parts)
    return kept[key]


def _upsert(table: sa.Table) -> Any:
    dialect = db.session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert(table)
    if dialect == "sqlite":
        return sqlite.insert(table)
    raise NotImplementedError(f"the outcome parts need an upsert written for {dialect}")


def store_parts(as_of: date, rows: Sequence[tuple[int, int, dict[str, Any]]]) -> None:
    """Keep (cohort id, version, parts) for as_of, replacing what was kept; in the session's
    transaction, in cohort order (two views storing at once lock rows in the same order)."""
    if not rows:
        return
    table = CohortOutcomeParts.__table__
    insert = _upsert(table)
    stmt = insert.on_conflict_do_update(
        index_elements=[table.c.cohort_id, table.c.as_of],
        set_={"data_version": insert.excluded.data_version, "parts": insert.excluded.parts,
              "computed_at": insert.excluded.computed_at})
    now = utcnow()
    db.session.execute(stmt, [
        {"cohort_id": cohort_id, "as_of": as_of, "data_version": version, "parts": {**parts, "format": PARTS_FORMAT},
         "computed_at": now}
        for cohort_id, version, parts in sorted(rows, key=lambda row: row[0])])
    memo = _memo()
    for cohort_id, version, parts in rows:
        _remember(memo, (cohort_id, as_of, version, now), parts)


def forget_before(as_of: date) -> int:
    """Drop the parts kept for dates before as_of (the nightly task keeps the table small)."""
    return db.session.execute(sa.delete(CohortOutcomeParts).where(CohortOutcomeParts.as_of < as_of)).rowcount
