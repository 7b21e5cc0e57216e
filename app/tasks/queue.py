"""The task queue: one Huey instance per app, built from the config (docs/JOBS.md).

Any package adds its tasks at init_app, explicitly, on the app's queue:

    queue = queue_for(app)
    queue.task("mail.deliver", retries=4, retry_delay=60)(deliver_message)
    queue.periodic_task("nudges.daily", crontab(hour="7", minute="0"))(send_nudges)

and enqueues one by name with plain values (ids, never ORM objects):
``current_queue().enqueue("mail.deliver", message.id)``. Every task runs inside the app's context
and its own transaction: committed when the function returns, rolled back when it raises.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextlib import nullcontext
from pathlib import Path
from typing import Any

from flask import Flask, current_app, g, has_app_context
from huey import Huey, MemoryHuey, RedisHuey, SqliteHuey

from app.db import WRITING_TASK
from app.extensions import db

EXTENSION = "bridgework_tasks"


def build_huey(app: Flask) -> Huey:
    """Immediate (tests), Redis when TASK_QUEUE_URL names it, else a SQLite file in instance/."""
    name = app.config["TASK_QUEUE_NAME"]
    url = app.config.get("TASK_QUEUE_URL") or ""
    if app.config.get("TASK_QUEUE_IMMEDIATE"):
        return MemoryHuey(name, immediate=True, results=False)
    if url.startswith(("redis://", "rediss://", "unix://")):
        return RedisHuey(name, url=url, results=False)
    if url and not url.startswith("sqlite:///"):
        raise RuntimeError(f"TASK_QUEUE_URL must be redis://… or sqlite:///path, not {url!r}")
    path = url.removeprefix("sqlite:///") or str(Path(app.instance_path) / "tasks.sqlite")
    return SqliteHuey(name, filename=path, results=False)


class TaskQueue:
    """An app's Huey instance and the tasks registered on it, by name."""

    def __init__(self, app: Flask, huey: Huey) -> None:
        self.app = app
        self.huey = huey
        self.tasks: dict[str, Any] = {}

    def task(self, name: str, **options: Any) -> Callable[[Callable], Callable]:
        """Register ``fn`` under ``name`` (Huey options: retries, retry_delay, priority, expires…)."""

        def register(fn: Callable) -> Callable:
            self.tasks[name] = self.huey.task(name=name, **options)(self.in_transaction(fn))
            return fn

        return register

    def periodic_task(self, name: str, validate_datetime: Callable, **options: Any) -> Callable:
        """Register ``fn`` to run on a schedule, e.g. ``huey.crontab(minute="*/5")`` (times in UTC)."""

        def register(fn: Callable) -> Callable:
            self.tasks[name] = self.huey.periodic_task(validate_datetime, name=name, **options)(
                self.in_transaction(fn))
            return fn

        return register

    def enqueue(self, name: str, *args: Any, **kwargs: Any) -> None:
        """Put a call on the queue (or run it now in immediate mode). Raises when the queue is down."""
        self.tasks[name](*args, **kwargs)

    def in_transaction(self, fn: Callable) -> Callable:
        app = self.app

        @functools.wraps(fn)
        def run(*args: Any, **kwargs: Any) -> Any:
            inside = has_app_context() and current_app._get_current_object() is app  # immediate mode
            with nullcontext() if inside else app.app_context():
                if not inside:
                    g.setdefault(WRITING_TASK, True)
                try:
                    value = fn(*args, **kwargs)
                    db.session.commit()
                except BaseException:
                    db.session.rollback()
                    raise
                return value

        return run


def init_app(app: Flask) -> TaskQueue:
    queue = app.extensions[EXTENSION] = TaskQueue(app, build_huey(app))
    return queue


def queue_for(app: Flask) -> TaskQueue:
    return app.extensions[EXTENSION]


def current_queue() -> TaskQueue:
    return queue_for(current_app)
