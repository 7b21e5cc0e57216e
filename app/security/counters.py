"""The limiter's counters in a database every worker shares, so a limit holds whatever the number
of gunicorn workers (in memory, 4 workers let 20 wrong passwords through instead of 5).

The embedded default is an SQLite file in instance/ (ratelimits.sqlite): nothing to install or
start, shared by every worker of one server. It is a file of its own, not the app's database, so
counting never waits on a request's own write lock. With several servers, point
RATELIMIT_STORAGE_URI at a shared store (redis://…), or at PostgreSQL
(bridgework+postgresql+psycopg://…).

A fixed window per key: ``expires_at`` is when the current window ends, and a hit after it
starts a new window at 1.
"""

from __future__ import annotations

import time

import sqlalchemy as sa
from limits.storage import Storage
from sqlalchemy.pool import NullPool

PREFIX = "bridgework+"

metadata = sa.MetaData()
counters = sa.Table(
    "rate_limit_counters", metadata,
    sa.Column("key", sa.String(512), primary_key=True),
    sa.Column("hits", sa.Integer, nullable=False),
    #: when the key's window ends (seconds since the epoch); a later hit starts a new window
    sa.Column("expires_at", sa.Float, nullable=False),
)

INCREMENT = sa.text(
    "INSERT INTO rate_limit_counters (key, hits, expires_at) VALUES (:key, :amount, :now + :expiry) "
    "ON CONFLICT (key) DO UPDATE SET "
    "hits = CASE WHEN rate_limit_counters.expires_at <= :now THEN :amount "
    "ELSE rate_limit_counters.hits + :amount END, "
    "expires_at = CASE WHEN rate_limit_counters.expires_at <= :now THEN :now + :expiry "
    "ELSE rate_limit_counters.expires_at END "
    "RETURNING hits"
)


class DatabaseCounters(Storage):
    """limits' storage interface over one table, for the fixed-window strategy."""

    STORAGE_SCHEME = [PREFIX + "sqlite", PREFIX + "postgresql", PREFIX + "postgresql+psycopg"]

    def __init__(self, uri: str, wrap_exceptions: bool = False, **options) -> None:
        url = uri.removeprefix(PREFIX)
        # SQLite: a connection per use (workers fork); PostgreSQL: a small pool per worker
        pooling = {"poolclass": NullPool} if url.startswith("sqlite") else {"pool_size": 2, "max_overflow": 2}
        self.engine = sa.create_engine(url, **pooling)
        metadata.create_all(self.engine)  # the limiter's own table, in its own database file
        super().__init__(uri, wrap_exceptions=wrap_exceptions, **options)

    @property
    def base_exceptions(self) -> type[Exception]:
        return sa.exc.SQLAlchemyError

    def incr(self, key: str, expiry: int, amount: int = 1) -> int:
        with self.engine.begin() as connection:
            return connection.execute(INCREMENT, {"key": key, "amount": amount, "now": time.time(),
                                                  "expiry": expiry}).scalar_one()

    def _live(self, key: str):
        return sa.select(counters).where(counters.c.key == key, counters.c.expires_at > time.time())

    def get(self, key: str) -> int:
        with self.engine.connect() as connection:
            row = connection.execute(self._live(key)).first()
        return row.hits if row else 0

    def get_expiry(self, key: str) -> float:
        with self.engine.connect() as connection:
            row = connection.execute(self._live(key)).first()
        return row.expires_at if row else time.time()

    def check(self) -> bool:
        try:
            with self.engine.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            return True
        except sa.exc.SQLAlchemyError:
            return False

    def reset(self) -> int | None:
        with self.engine.begin() as connection:
            return connection.execute(counters.delete()).rowcount

    def clear(self, key: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(counters.delete().where(counters.c.key == key))


def default_storage_uri(instance_path: str) -> str:
    """Where the counters live when RATELIMIT_STORAGE_URI is not set: a file beside the app's."""
    return f"{PREFIX}sqlite:///{instance_path}/ratelimits.sqlite"
