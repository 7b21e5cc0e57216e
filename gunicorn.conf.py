"""gunicorn settings read from the repository root (gunicorn finds this file by itself).

Access logs are off unless asked for (--access-logfile); when on, a line carries the path
only, never the query string or the referrer: a search (?q=…) may be a person's name, and
names do not belong in server logs.

Workers: gthread, cores + 1 processes of one thread each; processes keep the Python work of several
requests truly parallel. Once PostgreSQL kept its plans (app.db.postgres.keep_read_plans), three
processes served 274-286 requests/s against 251-263 for five (the 2 × cores + 1 of sync workers): the
surplus processes only took turns on the cores, and PostgreSQL shares them. A second thread per
process once let a request use the core while another waited on PostgreSQL; with a page's statements
down to a few tenths of a millisecond each, it mostly handed the GIL to and fro: one thread served
300-304 requests/s against 280 for two, with a lower p95 (241 against 253-258 ms; four processes of
one thread 283). With the database across a network (longer waits) or pages that call out, set
GUNICORN_THREADS=2 and measure. Each thread holds at most
one database connection (the app's pool is sized to match: config.py). Connections are kept alive
between requests; ``keepalive`` is longer than any queueing wait, or a busy server would close an
idle connection just as the client sends its next request on it (measured: bench/load.py,
docs/PERFORMANCE-NOTES.md "Round two: throughput"). Every setting can be overridden from the
command line or with GUNICORN_CMD_ARGS.

The app is loaded once, in the master, before the workers fork (``preload_app``): a worker would
otherwise spend ~3.5 s of CPU importing it (pandas, scikit-learn, SciPy) when it starts, and five
of them starting at once took the two cores from the first requests. The workers share those
pages. A forked worker forgets the master's database connections (``post_fork``) and opens its own.
Code changes need a restart, not a HUP.
"""

import gc
import multiprocessing
import os

from gunicorn.workers.gthread import ThreadWorker

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'



class BalancedThreadWorker(ThreadWorker):
    """gthread, accepting a new connection only while one of its threads is free.

    gunicorn's gthread worker accepts whenever the shared socket is readable, busy or not, and the
    worker whose loop is awake most (the busiest) wins most of those races: measured with 50
    kept-alive users, one worker of five held 37-50 connections and queued them on its threads
    while the other four idled. Declining while every thread is taken leaves the connection to a
    worker that can start on it now. Connections already kept alive are served as before. Relies on
    gunicorn 27.0.1's ThreadWorker (pinned in pyproject.toml); tests/security/test_gunicorn_sqlite.py
    runs it.
    """

    busy = 0  #: requests on this worker's threads (changed on the worker's main loop only)

    def set_accept_enabled(self, enabled):
        super().set_accept_enabled(enabled and self.busy < self.cfg.threads)

    def enqueue_req(self, conn):
        self.busy += 1
        super().enqueue_req(conn)
        if self.busy >= self.cfg.threads:
            self.set_accept_enabled(False)

    def finish_request(self, conn, fs):
        self.busy -= 1  # the main loop accepts again on its next turn
        super().finish_request(conn, fs)


worker_class = BalancedThreadWorker
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 1)
keepalive = 30
preload_app = True


def when_ready(server):
    """Every template compiled once, in the master before the workers fork: each worker compiled each
    template it rendered on its first use (a sixteenth of a worker's CPU in its first half minute under
    bench/load.py), and the compiled templates now live in the pages the workers share."""
    from app.templating import compile_every_template

    compile_every_template(server.app.wsgi())


def pre_fork(server, worker):
    """The loaded app's objects (~400,000) live as long as the workers: frozen, the collector's full
    passes skip them (a cohort PDF spent a third of its time in those passes), and leave their
    pages shared with the master instead of writing to each one (Python's advice for fork)."""
    gc.freeze()


def post_fork(server, worker):
    """The master's pooled database connections, if any, are not the worker's: forget them without
    closing them (SQLAlchemy's advice for forked processes), so the worker opens its own."""
    app = server.app.wsgi()
    extension = getattr(app, "extensions", {}).get("sqlalchemy")
    if extension is not None:
        with app.app_context():
            for engine in extension.engines.values():
                engine.dispose(close=False)
