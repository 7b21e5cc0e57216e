"""Login limits hold whatever the number of workers: four gunicorn workers share one count.

With counters in each worker's memory, four workers let 20 wrong passwords through instead of 5.
The default store (app/security/counters.py) is a file every worker of the server shares.
"""

from __future__ import annotations

import time

from app.security.counters import DatabaseCounters
from tests.security.test_gunicorn_sqlite import _opener, _post, gunicorn

WRONG = {"email": "admin@bridgework.test", "password": "not the password at all"}


def test_four_workers_let_through_five_wrong_passwords_not_twenty(tmp_path):
    store = f"bridgework+sqlite:///{tmp_path / 'ratelimits.sqlite'}"
    with gunicorn(tmp_path, TEST_RATELIMIT_STORAGE_URI=store) as (base, _, _):
        # a new connection each time, so the workers take turns answering
        statuses = [_post(_opener(), base + "/login", WRONG) for _ in range(16)]
    assert statuses.count(429) == 16 - 5, statuses
    assert statuses[:5] == [200] * 5


def test_the_counter_store_counts_in_windows_and_forgets(tmp_path):
    counters = DatabaseCounters(f"bridgework+sqlite:///{tmp_path / 'counts.sqlite'}")
    assert [counters.incr("k", expiry=60) for _ in range(3)] == [1, 2, 3]
    assert counters.get("k") == 3 and counters.get_expiry("k") > time.time() + 50
    assert counters.incr("short", expiry=-1) == 1 and counters.get("short") == 0  # its window has ended
    assert counters.incr("short", expiry=60) == 1  # a hit after the window starts a new one
    counters.clear("k")
    assert counters.get("k") == 0 and counters.check()
    assert counters.reset() >= 1 and counters.get("short") == 0
