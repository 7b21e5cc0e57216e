"""Demand side: employers, customer-discovery interviews and hiring needs."""

from flask import Flask


def init_app(app: Flask) -> None:
    from employers import portal_routes, staff_routes

    app.register_blueprint(staff_routes.bp)
    app.register_blueprint(portal_routes.bp)
