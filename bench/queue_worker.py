"""`flask worker` on the benchmark's app, with one bench-only task added: for bench/queue_bench.py.

    BENCH_APP_CONFIG='{"TASK_QUEUE_URL": …, …}' DATABASE_URL=… python bench/queue_worker.py --workers 2

It builds the app as the benchmark does (common.make_app: the production configuration on the
benchmark's database, plus the overrides in BENCH_APP_CONFIG), registers "bench.ping" on the app's
queue, and then runs the app's own `worker` command (app/tasks/cli.py) on it: the same consumer,
threads and periodic tasks as `flask worker`. No app code knows about the ping task.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import make_app  # noqa: E402

PING = "bench.ping"
#: where the worker appends "<enqueued_at> <started_at>" per ping (epoch seconds, same clock as the bench)
PING_LOG = "BENCH_PING_LOG"


def ping(enqueued_at: float) -> None:
    """A trivial task: note when it started, beside the time the bench put it on the queue."""
    started_at = time.time()
    with open(os.environ[PING_LOG], "a", encoding="ascii") as log:
        log.write(f"{enqueued_at!r} {started_at!r}\n")


def register_ping(app) -> None:
    from app.tasks.queue import queue_for

    queue = queue_for(app)
    if PING not in queue.tasks:
        queue.task(PING)(ping)


def main() -> None:
    from flask.cli import ScriptInfo

    from app.tasks.cli import worker_command

    overrides = json.loads(os.environ.get("BENCH_APP_CONFIG", "{}"))
    app = make_app(os.environ["DATABASE_URL"], **overrides)
    # Huey names a task by its function's module: register it as "queue_worker", as the bench imports it
    import queue_worker

    queue_worker.register_ping(app)
    worker_command.main(args=sys.argv[1:], prog_name="flask worker", obj=ScriptInfo(create_app=lambda: app))


if __name__ == "__main__":
    main()
