"""Demand side: employers, customer-discovery interviews and hiring needs."""

from flask import Flask


def init_app(app: Flask) -> None:
    """Hang every demand-side URL (employers/urls.py) on fresh blueprints and register them."""
    from app.auth.hooks import set_employer_choices_provider
    from app.tasks.queue import queue_for
    from employers import urls
    from employers.blueprints import build_blueprints
    from employers.crm import reminders
    from employers.jobs import polling as job_polling
    from employers.jobs import urls as jobs_urls
    from employers.queries import employer_choices

    set_employer_choices_provider(employer_choices)
    blueprints = build_blueprints()
    urls.register(blueprints)
    blueprints.register_on(app)
    reminders.register(queue_for(app))  # the daily follow-up reminder, without cron
    job_polling.register(queue_for(app))  # job sources polled every 15 minutes (docs/JOB_SOURCES.md)
    app.register_blueprint(jobs_urls.demo_feeds_blueprint())  # the demo's own public job feeds
