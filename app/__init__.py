"""Bridgework: the composition root. create_app() wires config, extensions and features."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

from flask import Flask
from sqlalchemy import event
from sqlalchemy.engine import Engine

from config import config_for


def create_app(config_name: str | None = None, **overrides) -> Flask:
    app = Flask(
        __name__,
        instance_relative_config=True,
        template_folder="../templates",
        static_folder="../static",
    )
    # every template stays compiled (~240 of them, all loaded before gunicorn forks): a plain dict,
    # not Jinja's least-recently-used list, whose every look-up (each include and import) walks a queue
    app.jinja_options = {**app.jinja_options, "cache_size": -1}
    config = config_for(config_name)
    app.config.from_object(config)
    app.config.update(overrides)
    if not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY must be set outside development and tests "
            "(export SECRET_KEY=… or BRIDGEWORK_ENV=development)."
        )
    _check_site_address(app)
    os.makedirs(app.instance_path, exist_ok=True)

    _init_extensions(app)
    _register_core(app)
    _register_features(app)
    return app


def _check_site_address(app: Flask) -> None:
    """Links that leave the site come from SERVER_BASE_URL; in production it must be set, and only
    its host (or TRUSTED_HOSTS) may be named by a request."""
    base = app.config.get("SERVER_BASE_URL")
    if not base:
        raise RuntimeError(
            "SERVER_BASE_URL must be set outside development and tests "
            "(export SERVER_BASE_URL=https://bridgework.example.org): links in mail are built from it."
        )
    if app.config.get("ENV_NAME") == "production" and app.config.get("TRUSTED_HOSTS") is None:
        app.config["TRUSTED_HOSTS"] = [urlsplit(base).hostname]


def _init_extensions(app: Flask) -> None:
    from app.db.postgres import keep_read_plans
    from app.extensions import csrf, db, limiter, login_manager, migrate
    from app.security.counters import default_storage_uri

    if not app.config.get("RATELIMIT_STORAGE_URI"):  # one store every worker shares, nothing to run
        app.config["RATELIMIT_STORAGE_URI"] = default_storage_uri(app.instance_path)

    db.init_app(app)
    keep_read_plans(app, db)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(app.root_path), "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = "Please log in to see that page."
    login_manager.login_message_category = "info"
    login_manager.session_protection = "strong"


def _register_core(app: Flask) -> None:
    from app import access, concurrency, errors, mail, security, static_files, templating
    from app.auth import init_app as init_auth
    from app.cli.commands import init_app as init_cli
    from app.notifications import init_app as init_notifications
    from app.skills import init_app as init_skills
    from app.tasks import init_app as init_tasks
    from app.tasks.queue import queue_for
    from app.webhooks import init_app as init_webhooks

    security.init_app(app)  # idle timeout runs before the access check; headers on every response
    concurrency.init_app(app)
    app.before_request(access.enforce_access)
    errors.init_app(app)
    templating.init_app(app)
    static_files.init_app(app)  # a file's URL names its content: browsers keep it for a year
    init_auth(app)
    init_notifications(app)
    mail.init_app(app, init_tasks(app))
    init_webhooks(app, queue_for(app))  # admin pages; deliveries on the queue after commit
    init_skills(app)  # after the queue: the ESCO import is a job
    init_cli(app)


def _register_features(app: Flask) -> None:
    """Feature packages plug in here and only here (arrows: cohorts → employers → app)."""
    import cohorts
    import employers

    employers.init_app(app)
    cohorts.init_app(app)


def _is_sqlite(dbapi_connection) -> bool:
    return type(dbapi_connection).__module__.startswith("sqlite3")


@event.listens_for(Engine, "connect")
def _sqlite_pragmas(dbapi_connection, connection_record) -> None:
    """SQLite: enforce foreign keys, write-ahead log, wait instead of 'database is locked', and
    read through memory-mapped pages."""
    if not _is_sqlite(dbapi_connection):
        return
    # let SQLAlchemy, not the driver, open transactions (so SAVEPOINTs work; see "begin" below)
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.execute("PRAGMA synchronous=NORMAL")
    # reads served from the OS page cache without a read() call and a copy per page: index
    # lookups cost about half as much (a size to map, not memory to take; Rails 8 maps 128 MiB)
    cursor.execute("PRAGMA mmap_size=268435456")
    cursor.close()


@event.listens_for(Engine, "begin")
def _sqlite_begin(connection) -> None:
    """Emit BEGIN ourselves: pysqlite's implicit transactions break SAVEPOINT and atomicity.

    A request that may write (POST …) takes the write lock up front (BEGIN IMMEDIATE): a deferred
    transaction that reads and then writes cannot wait for another worker's write lock, and
    SQLite answers "database is locked" at once instead of honouring the busy timeout. A task on a
    worker thread does the same (app.tasks.queue marks its app context): a job that read first lost
    its import to a periodic sweep writing at the same moment.
    """
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE" if _may_write() else "BEGIN")


def _may_write() -> bool:
    from flask import g, has_app_context, has_request_context, request

    from app.db import WRITING_TASK

    if has_request_context():
        return request.method not in ("GET", "HEAD", "OPTIONS")
    return has_app_context() and g.get(WRITING_TASK, False)
