"""Demand side: employers, customer-discovery interviews and hiring needs."""

from flask import Flask


def init_app(app: Flask) -> None:
    from app.auth.hooks import set_employer_choices_provider
    from employers import portal_routes, staff_routes
    from employers.queries import employer_choices

    set_employer_choices_provider(employer_choices)
    app.register_blueprint(staff_routes.bp)
    app.register_blueprint(portal_routes.bp)
