"""Supply side and outcomes: programmes, cohorts, delivery, participants, placement."""

from flask import Flask


def init_app(app: Flask) -> None:
    from cohorts import cli, employer_routes, portal_routes, staff_routes
    from cohorts import employer_candidates, staff_dashboards, staff_placements  # noqa: F401 (routes on bps)

    app.register_blueprint(staff_routes.bp)
    app.register_blueprint(employer_routes.bp)
    app.register_blueprint(portal_routes.bp)
    cli.init_app(app)
