"""`flask worker`: the consumer that runs queued tasks, inside the app (docs/JOBS.md)."""

from __future__ import annotations

import gc
import logging

import click
from flask import Flask, current_app
from flask.cli import with_appcontext

from app.extensions import db
from app.tasks.jobs import sweep_expired_jobs
from app.tasks.queue import queue_for


@click.command("worker")
@click.option("--workers", type=int, default=None, help="Threads that run tasks (default: TASK_WORKERS).")
@with_appcontext
def worker_command(workers: int | None) -> None:
    """Run queued jobs and scheduled tasks until stopped (Ctrl-C or SIGTERM finishes the running ones)."""
    app = current_app._get_current_object()
    queue = queue_for(app)
    if queue.huey.immediate:
        raise click.ClickException("TASK_QUEUE_IMMEDIATE is on: tasks run inline, there is nothing to consume.")
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    if swept := sweep_expired_jobs():  # jobs a dead worker left "running"
        click.echo(f"{swept} job(s) lost their worker and were marked failed.")
    db.session.commit()
    db.session.remove()
    threads = workers or app.config["TASK_WORKERS"]
    click.echo(f"Worker: {threads} thread(s) on {type(queue.huey).__name__} {queue.huey.name!r}.")
    # the app's ~400,000 objects live as long as the worker: the collector's full passes skip them (a
    # cohort PDF spent a third of its time in those passes)
    gc.freeze()
    queue.huey.create_consumer(workers=threads, worker_type="thread", max_delay=1.0, periodic=True).run()


def init_app(app: Flask) -> None:
    app.cli.add_command(worker_command)
