"""Background work: the task queue (Huey), jobs with a record and a progress page, `flask worker`."""

from __future__ import annotations

from flask import Flask


def init_app(app: Flask):
    """Build the app's queue and the jobs pages; returns the queue for other packages' tasks."""
    from app import uploads
    from app.tasks import blueprint, cli, queue, runner

    task_queue = queue.init_app(app)
    runner.init_app(app, task_queue)
    uploads.init_app(app, task_queue)  # files every server reads, swept after 24 hours
    app.register_blueprint(blueprint.build())
    cli.init_app(app)
    return task_queue
