"""What the benchmark scripts share: databases of their own, the app on them, seeding."""

from __future__ import annotations

import os
import time
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parent.parent
PERFORMANCE_MD = ROOT / "docs" / "PERFORMANCE.md"
LOAD_MARKER = "<!-- load test: written by bench/load.py -->"
QUEUE_MARKER = "<!-- task queue: written by bench/queue_bench.py -->"
BENCH_SECRET = "bench-only-secret-key"
#: the database names the benchmark owns on a PostgreSQL server
PG_PREFIX = "bridgework_bench_"


def database_url(base: str | None, name: str, tmp: Path) -> str:
    """A database of the benchmark's own: a SQLite file in tmp, or bridgework_bench_<name>."""
    if not base:
        return f"sqlite:///{tmp / f'{name}.sqlite'}"
    url = make_url(base).set(database=PG_PREFIX + name)
    return url.render_as_string(hide_password=False)


def recreate_database(url: str) -> None:
    """Drop and create a benchmark database (only ever one named bridgework_bench_*)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        return
    if not parsed.database.startswith(PG_PREFIX):
        raise ValueError(f"refusing to recreate {parsed.database}: not a benchmark database")
    admin = sa.create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = :name AND pid <> pg_backend_pid()"),
            {"name": parsed.database})
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{parsed.database}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{parsed.database}"'))
    admin.dispose()


def make_app(url: str, **overrides):
    """The production configuration on the benchmark's database (cookies over plain HTTP)."""
    from app import create_app

    os.environ.setdefault("SECRET_KEY", BENCH_SECRET)
    settings = dict(SQLALCHEMY_DATABASE_URI=url, SECRET_KEY=BENCH_SECRET, SESSION_COOKIE_SECURE=False,
                    REMEMBER_COOKIE_SECURE=False, MAIL_SERVER=None,
                    SERVER_BASE_URL="http://localhost")
    settings.update(overrides)
    return create_app("production", **settings)


def build_database(url: str, *, participants: int | None, say=print) -> float:
    """A fresh schema with the demo programme, plus the national set when participants is given."""
    from app.extensions import db
    from cohorts.search.index import merge_segments
    from cohorts.seed.demo import seed_demo
    from cohorts.seed.scale import seed_scale

    recreate_database(url)
    app = make_app(url)
    started = time.perf_counter()
    with app.app_context():
        db.create_all()
        seed_demo()
        db.session.commit()
        if participants:
            seed_scale(participants, seed=1, progress=say)
            db.session.commit()
        if db.engine.dialect.name == "postgresql":
            with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
                connection.execute(sa.text("VACUUM ANALYZE"))
        else:  # as `flask seed-scale` leaves it: statistics, and the search index in one segment
            db.session.execute(sa.text("ANALYZE"))
            merge_segments(db.session.connection())
            db.session.commit()
        db.session.remove()
        db.engine.dispose()
    return time.perf_counter() - started
