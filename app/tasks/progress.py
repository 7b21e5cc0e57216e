"""A running job's live progress and heartbeat, kept in the queue's own store (SQLite file or Redis).

Not in the jobs table: a job's work runs in one long transaction (a workbook import is all or
nothing), and on SQLite a second connection could not write the job's row until it ends. The
queue's store is another database, so the page can read the progress while the work is uncommitted.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from app.tasks.queue import TaskQueue

log = logging.getLogger(__name__)


def live_key(job_id: int) -> str:
    return f"bridgework.job.{job_id}"


class LiveProgress:
    """Writes one job's progress and heartbeat; safe to call from the job's thread and the beat thread."""

    def __init__(self, queue: TaskQueue, job_id: int) -> None:
        self.queue = queue
        self.job_id = job_id
        self.state: dict[str, Any] = {"progress": 0, "message": "", "beat": time.time()}
        self.lock = threading.Lock()
        self.written_at = 0.0

    def report(self, percent: int, message: str, *, force: bool = False) -> None:
        """Record progress; at most a few writes a second, unless the figure is final."""
        with self.lock:
            changed = (int(percent), message) != (self.state["progress"], self.state["message"])
            self.state.update(progress=max(0, min(100, int(percent))), message=message[:300])
            now = time.time()
            if force or (changed and now - self.written_at >= 0.5):
                self.write(now)

    def beat(self) -> None:
        with self.lock:
            self.write(time.time())

    def write(self, now: float) -> None:
        self.state["beat"] = now
        self.written_at = now
        try:
            self.queue.huey.put(live_key(self.job_id), dict(self.state))
        except Exception:  # a lost beat is not a failed job; the lease decides
            log.warning("job %s: could not record progress", self.job_id, exc_info=True)


def read_live(queue: TaskQueue, job_id: int) -> dict[str, Any] | None:
    """The last progress and beat a worker wrote for the job, or None."""
    try:
        return queue.huey.get(live_key(job_id), peek=True)
    except Exception:
        log.warning("job %s: the queue's store is not answering", job_id, exc_info=True)
        return None


def clear_live(queue: TaskQueue, job_id: int) -> None:
    try:
        queue.huey.delete(live_key(job_id))
    except Exception:
        log.warning("job %s: could not clear its progress", job_id, exc_info=True)


@contextmanager
def heartbeat(live: LiveProgress, every: float) -> Iterator[LiveProgress]:
    """Beat every ``every`` seconds from a thread while the block runs (however long a step takes)."""
    stop = threading.Event()

    def beat() -> None:
        while not stop.wait(every):
            live.beat()

    live.beat()
    thread = threading.Thread(target=beat, name=f"job-{live.job_id}-heartbeat", daemon=True)
    thread.start()
    try:
        yield live
    finally:
        stop.set()
        thread.join(timeout=every + 1)
