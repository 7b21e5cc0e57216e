"""gunicorn.conf.py's server: the app loaded once and forked (preload), and kept-alive connections spread
over the workers (BalancedThreadWorker), not gathered by the one that wins the accepts."""

from __future__ import annotations

import http.client
import runpy
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

from tests.security.test_gunicorn_sqlite import gunicorn

ROOT = Path(__file__).resolve().parents[2]
CLIENTS = 16
REQUESTS = 12


def test_the_settings_preload_the_app_and_balance_the_threads():
    settings = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert settings["preload_app"] is True
    assert settings["worker_class"].__name__ == "BalancedThreadWorker" and callable(settings["post_fork"])


def test_kept_alive_clients_are_spread_over_the_workers(tmp_path):
    access = tmp_path / "access.log"
    args = f"--threads 2 --access-logfile {access} --access-logformat %(p)s"
    with gunicorn(tmp_path, GUNICORN_CMD_ARGS=args) as (base, _, log):
        address = urlsplit(base)

        def client(_: int) -> list[int]:
            connection = http.client.HTTPConnection(address.hostname, address.port, timeout=60)
            statuses = []
            for _ in range(REQUESTS):  # one connection kept alive, as a browser does
                connection.request("GET", "/login")
                response = connection.getresponse()
                response.read()
                statuses.append(response.status)
            connection.close()
            return statuses

        with ThreadPoolExecutor(CLIENTS) as pool:
            statuses = [status for statuses in pool.map(client, range(CLIENTS)) for status in statuses]
        assert statuses == [200] * (CLIENTS * REQUESTS)
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
