"""gunicorn settings read from the repository root (gunicorn finds this file by itself).

Access logs are off unless asked for (--access-logfile); when on, a line carries the path
only, never the query string or the referrer: a search (?q=…) may be a person's name, and
names do not belong in server logs.

Workers: threaded (gthread), 2 × cores + 1 processes of 4 threads each. A page spends much of its
time waiting on PostgreSQL (a dozen round trips), and a waiting thread lets another request use the
core; processes keep the Python work of several requests truly parallel. Each thread holds at most
one database connection (the app's pool is sized to match: config.py). Connections are kept alive
between requests; ``keepalive`` is longer than any queueing wait, or a busy server would close an
idle connection just as the client sends its next request on it (measured: bench/load.py,
docs/PERFORMANCE-NOTES.md "Round two: throughput"). Every setting can be overridden from the
command line or with GUNICORN_CMD_ARGS.
"""

import multiprocessing
import os

access_log_format = '%(h)s %(t)s "%(m)s %(U)s %(H)s" %(s)s %(b)s %(L)ss "%(a)s"'

worker_class = "gthread"
workers = int(os.environ.get("WEB_CONCURRENCY") or multiprocessing.cpu_count() * 2 + 1)
threads = int(os.environ.get("GUNICORN_THREADS") or 4)
keepalive = 30
