"""gunicorn as gunicorn.conf.py runs it: four workers writing to one SQLite file at once (no 5xx, no "database
is locked"), the app loaded once and forked (preload), and kept-alive connections spread over the workers
(BalancedThreadWorker), not gathered by the one that wins the accepts."""

from __future__ import annotations

import http.client
import os
import runpy
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from http.cookiejar import CookieJar
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest

from cohorts.seed.demo import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
REQUESTS = 200
THREADS = 16


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _opener():
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    return urllib.request.build_opener(urllib.request.HTTPCookieProcessor(CookieJar()), NoRedirect)


def _post(opener, url: str, data: dict) -> int:
    body = urllib.parse.urlencode(data).encode()
    try:
        with opener.open(urllib.request.Request(url, data=body), timeout=60) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code


@contextmanager
def gunicorn(tmp_path, **extra_env: str):
    """The demo under gunicorn with four workers on one SQLite file: (base URL, db path, log)."""
    db_path = tmp_path / "live.sqlite"
    env = {**os.environ, "BRIDGEWORK_ENV": "testing", **extra_env}
    subprocess.run([sys.executable, "-m", "tests.security.fault_child", str(db_path), "setup-demo"],
                   cwd=ROOT, env=env, check=True, capture_output=True, timeout=240)
    port = _free_port()
    log = tmp_path / "gunicorn.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "--workers", "4", "--bind", f"127.0.0.1:{port}",
         "--timeout", "60", "--error-logfile", str(log), "--log-level", "info", "app:create_app('testing')"],
        cwd=ROOT, env={**env, "TEST_DATABASE_URL": f"sqlite:///{db_path}"},
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/login", timeout=2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                pytest.fail(f"gunicorn did not start: {log.read_text() if log.exists() else ''}")
            time.sleep(0.2)
    try:
        yield base, db_path, log
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server(tmp_path):
    with gunicorn(tmp_path) as running:
        yield running


def test_concurrent_writes_under_four_workers(server):
    base, db_path, log = server
    conn = sqlite3.connect(db_path)
    participant_ids = [r[0] for r in conn.execute("SELECT id FROM participants ORDER BY id LIMIT 20")]
    notes_before = conn.execute("SELECT count(*) FROM case_notes").fetchone()[0]
    conn.close()
    openers = []
    for _ in range(THREADS):
        opener = _opener()
        assert _post(opener, base + "/login", {"email": "admin@bridgework.test", "password": DEMO_PASSWORD}) == 302
        openers.append(opener)

    def write(n: int) -> int:
        pid = participant_ids[n % len(participant_ids)]
        if n % 4 == 3:  # consent flips write the participant row and the audit log
            action = "give" if n % 8 == 3 else "withdraw"
            return _post(openers[n % THREADS], f"{base}/staff/participants/{pid}/consent/{action}", {})
        return _post(openers[n % THREADS], f"{base}/staff/participants/{pid}/notes", {"body": f"Note {n} ✓"})

    started = time.monotonic()
    with ThreadPoolExecutor(THREADS) as pool:
        statuses = list(pool.map(write, range(REQUESTS)))
    assert time.monotonic() - started < 120
    assert all(status < 500 for status in statuses), sorted(set(statuses))
    assert statuses.count(302) == REQUESTS, sorted(set(statuses))
    conn = sqlite3.connect(db_path)
    notes_after = conn.execute("SELECT count(*) FROM case_notes").fetchone()[0]
    conn.close()
    assert notes_after - notes_before == sum(1 for n in range(REQUESTS) if n % 4 != 3)
    text = log.read_text()
    assert "database is locked" not in text and "Traceback" not in text

CLIENTS = 16
KEPT_ALIVE_REQUESTS = 12


def test_the_settings_preload_the_app_and_balance_the_threads():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["preload_app"] is True
    assert settings["worker_class"].__name__ == "BalancedThreadWorker" and callable(settings["post_fork"])
    # one thread a process unless GUNICORN_THREADS says otherwise (measured: gunicorn.conf.py)
    assert settings["threads"] == int(os.environ.get("GUNICORN_THREADS") or 1)


def test_the_master_compiles_every_template_before_forking(app):
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    arbiter = SimpleNamespace(app=SimpleNamespace(wsgi=lambda: app))  # what when_ready reads of gunicorn's
    app.jinja_env.cache.clear()
    settings["when_ready"](arbiter)
    names = app.jinja_env.list_templates()
    # kept in a plain dict that never drops one (no least-recently-used queue walked on each look-up)
    assert type(app.jinja_env.cache) is dict and len(names) > 200 and len(app.jinja_env.cache) == len(names)
    assert app.jinja_env.get_template("layouts/base.html") is app.jinja_env.get_template("layouts/base.html")


def test_kept_alive_clients_are_spread_over_the_workers(tmp_path):
    access = tmp_path / "access.log"
    args = f"--threads 2 --access-logfile {access} --access-logformat %(p)s"
    with gunicorn(tmp_path, GUNICORN_CMD_ARGS=args) as (base, _, log):
        address = urlsplit(base)

        def client(_: int) -> list[int]:
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
            statuses = []
            for _ in range(KEPT_ALIVE_REQUESTS):  # one connection kept alive, as a browser does
                connection.request("GET", "/login")
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            connection.close()
            return statuses

        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = [status for statuses in pool.map(client, range(CLIENTS)) for status in statuses]
        assert statuses == [200] * (CLIENTS * KEPT_ALIVE_REQUESTS)
        assert "Traceback" not in log.read_text()
    served_by = [line.strip() for line in access.read_text().splitlines() if line.strip()]
    # four workers of two threads: 16 clients at once cannot all be taken by one worker's free threads
    assert len(set(served_by)) >= 2, {pid: served_by.count(pid) for pid in set(served_by)}


class _Connection:
    def __init__(self) -> None:
        self.closed = False

    def close(self, graceful: bool = False) -> None:
        self.closed = True


class _Done:
    """A finished request whose connection is not kept alive."""

    def cancelled(self) -> bool:
        return False

    def result(self) -> bool:
        return False


def test_a_worker_takes_no_connection_while_every_thread_is_busy():
    """The rule itself, on the worker's own methods (gunicorn 27.0.1's ThreadWorker is pinned): accepting
    stops when the last thread is taken and starts again when one is free."""
    from unittest import mock

    worker_class = runpy.run_path(str(ROOT / "gunicorn.conf.py"))["worker_class"]
    worker = worker_class.__new__(worker_class)  # its state only: no process, sockets or app
    worker.cfg = mock.Mock(threads=2)
    worker.sockets, worker.poller, worker.tpool = [mock.Mock()], mock.Mock(), mock.Mock()
    worker.method_queue, worker._accepting, worker.nr_conns = mock.Mock(), False, 2
    worker.set_accept_enabled(True)
    assert worker._accepting
    first, second = _Connection(), _Connection()
    worker.enqueue_req(first)
    assert worker._accepting and worker.busy == 1
    worker.enqueue_req(second)
    assert not worker._accepting and worker.busy == 2
    worker.set_accept_enabled(True)  # the main loop asks again on every turn: still no
    assert not worker._accepting
    worker.finish_request(first, _Done())
    assert worker.busy == 1 and first.closed and worker.nr_conns == 1
    worker.set_accept_enabled(True)
    assert worker._accepting
