"""The index follows every write, whichever path wrote it: ORM, raw SQL, erasure, seed-scale."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from cohorts.privacy.erasure import erase_participant
from cohorts.search.index import SearchDocument
from cohorts.search.queries import search
from tests.cohorts.search.helpers import people_and_places
from tests.factories import HiringNeedFactory


def _document(kind: str, object_id: int) -> SearchDocument | None:
    db.session.expire_all()
    return db.session.scalar(sa.select(SearchDocument).filter_by(kind=kind, object_id=object_id))


def test_every_kind_is_indexed_on_insert_with_what_the_results_show(db):
    world = people_and_places()
    kwame = _document("participant", world["kwame"].id)
    assert (kwame.title, kwame.key, kwame.subtitle) == ("Kwame Kowalski", "kwame.kowalski@example.org",
                                                        "kwame.kowalski@example.org")
    employer = _document("employer", world["employer"].id)
    assert (employer.title, employer.subtitle) == ("Kowloon Logistics", "Logistics · Ottawa")
    need = _document("hiring_need", world["need"].id)
    assert (need.title, need.key, need.subtitle) == ("Warehouse Supervisor", "HN-0005", "Kowloon Logistics")
    assert _document("cohort", world["cohort"].id).title == "SC-2031-04 — Sales Camp spring"


def test_an_update_reindexes_and_the_old_words_no_longer_find_the_record(db):
    world = people_and_places()
    world["kwame"].last_name, world["kwame"].email = "Mensah", "kwame.mensah@example.org"
    world["cohort"].code = "SC-2031-05"
    db.session.flush()
    assert [hit.object_id for hit in search("kwame mensah")] == [world["kwame"].id]
    assert world["kwame"].id not in [hit.object_id for hit in search("kwame kowalski", kinds=["participant"])]
    assert search("SC-2031-05")[0].object_id == world["cohort"].id
    assert _document("cohort", world["cohort"].id).key == "SC-2031-05"


def test_an_employers_rename_reaches_its_hiring_needs(db):
    world = people_and_places()
    world["employer"].name = "Harbour Freight"
    db.session.flush()
    assert _document("hiring_need", world["need"].id).subtitle == "Harbour Freight"
    assert [hit.kind for hit in search("harbour")] == ["employer", "hiring_need"] or {
        hit.kind for hit in search("harbour")} == {"employer", "hiring_need"}


def test_raw_sql_writes_and_deletes_are_followed(db):
    world = people_and_places()
    db.session.execute(sa.text(
        "INSERT INTO participants (first_name, last_name, email, key_life_areas, feed_token, version, created_at, "
        "updated_at) VALUES ('Zofia', 'Nowak', 'zofia.nowak@example.org', '[]', 'tok-zofia', 1, :now, :now)"), {"now": date(2026, 1, 1)})
    assert [hit.title for hit in search("zofia nowak")] == ["Zofia Nowak"]
    db.session.execute(sa.text("UPDATE participants SET email = 'z.n@example.org' WHERE email LIKE 'zofia%'"))
    assert search("z.n@example.org")[0].subtitle == "z.n@example.org"
    db.session.execute(sa.text("DELETE FROM participants WHERE email = 'z.n@example.org'"))
    assert search("zofia") == []
    db.session.delete(world["need"])
    db.session.flush()
    assert _document("hiring_need", world["need"].id) is None and search("HN-0005") == []


def test_erasure_takes_the_person_out_of_the_index(db):
    world = people_and_places()
    erase_participant(world["kwame"], None)
    db.session.flush()
    assert _document("participant", world["kwame"].id) is None
    world["kwame"].region = "Elsewhere"  # later writes to an erased row do not bring it back
    db.session.flush()
    assert _document("participant", world["kwame"].id) is None


def test_the_index_holds_one_row_per_record(db):
    people_and_places()
    HiringNeedFactory.create_batch(3)
    counts = dict(db.session.execute(sa.select(SearchDocument.kind, sa.func.count()).group_by(SearchDocument.kind)).all())
    assert counts == {"participant": 4, "employer": 4, "hiring_need": 4, "cohort": 1}


def test_the_national_sets_bulk_inserts_are_indexed(db):
    from cohorts.seed.scale import seed_scale

    written = seed_scale(400, seed=7, today=date(2026, 11, 2))
    counts = dict(db.session.execute(sa.select(SearchDocument.kind, sa.func.count()).group_by(SearchDocument.kind)).all())
    assert counts["participant"] == written["participants"]
    assert counts["hiring_need"] == written["hiring_needs"] and counts["employer"] == written["employers"]
    one = db.session.execute(sa.text("SELECT first_name, last_name, email FROM participants LIMIT 1")).one()
    assert (f"{one.first_name} {one.last_name}", one.email) in {(h.title, h.subtitle) for h in search(one.email)}


def _migration(revision: str):
    import importlib.util
    from pathlib import Path

    (path,) = (Path(__file__).resolve().parents[3] / "migrations" / "versions").glob(f"{revision}_*.py")
    spec = importlib.util.spec_from_file_location(f"migration_{revision}", path)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    return migration


def test_the_ddl_the_migrations_froze_is_the_modules(db):
    """create_all (tests, benchmark) and `flask db upgrade` build the same index and triggers: the
    triggers as b4d6f8a0c2e3 wrote them, the FTS5 table as f8b0d2e4a6c9 made it again."""
    from cohorts.search.index import backfill_statements, drop_ddl, fts_table_ddl, index_ddl

    migration, prefixes = _migration("b4d6f8a0c2e3"), _migration("f8b0d2e4a6c9")

    def same(statements):
        return [" ".join(statement.split()) for statement in statements]

    (fts_table, *triggers), (created, *_) = index_ddl("sqlite"), migration.SQLITE_DDL
    assert same([fts_table]) == same([prefixes.FTS_TABLE.format(prefix=prefixes.PREFIX_AFTER)])
    assert same([created]) == same([prefixes.FTS_TABLE.format(prefix=prefixes.PREFIX_BEFORE)])
    assert same([created]) == same([fts_table_ddl("1 2 3 4")])
    assert same(migration.SQLITE_DDL[1:]) == same(triggers)
    assert same(migration.POSTGRESQL_DDL) == same(index_ddl("postgresql"))
    assert same(migration.BACKFILL) == same(backfill_statements())
    assert same(migration.SQLITE_DROP + migration.POSTGRESQL_DROP) == same(drop_ddl("sqlite") + drop_ddl("postgresql"))


def test_merging_the_index_keeps_what_is_found_and_runs_on_either_database(db):
    from cohorts.search.index import merge_segments

    for n in range(25):  # a flush each: the segments daily use leaves (SQLite)
        HiringNeedFactory(role_title=f"Analyst {n} Kowalskiewicz")
        db.session.flush()
    before = [(h.kind, h.object_id) for h in search("kowalskie", kinds=["hiring_need"], limit=50)]
    merge_segments(db.session.connection())
    assert [(h.kind, h.object_id) for h in search("kowalskie", kinds=["hiring_need"], limit=50)] == before
    assert len(before) == 25


def test_the_nightly_merge_is_scheduled(app):
    from app.tasks.queue import queue_for

    assert "search.merge_index" in queue_for(app).tasks
