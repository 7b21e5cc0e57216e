"""Supply side and outcomes: programmes, cohorts, delivery, participants, placement."""

from flask import Flask


def init_app(app: Flask) -> None:
    from cohorts import cli, employer_routes, employer_sections, portal_routes, staff_routes
    from cohorts import employer_candidates, staff_dashboards, staff_placements  # noqa: F401 (routes on bps)
    from cohorts import staff_attendance, staff_caseload, staff_participants  # noqa: F401 (routes on staff bp)
    from cohorts import calendar_routes, public_routes
    from cohorts import staff_workbook  # noqa: F401 (routes on staff bp)
    from cohorts import staff_privacy  # noqa: F401 (routes on staff bp)
    from cohorts import report_downloads, staff_reports  # noqa: F401 (PDF downloads on the portals' bps)
    from cohorts import staff_cohorts, staff_design, staff_enrolments, staff_sessions  # noqa: F401 (routes on staff bp)

    app.register_blueprint(staff_routes.bp)
    app.register_blueprint(calendar_routes.bp)
    app.register_blueprint(public_routes.bp)
    app.register_blueprint(employer_routes.bp)
    app.register_blueprint(portal_routes.bp)
    app.register_blueprint(portal_routes.public_bp)
    cli.init_app(app)
    employer_sections.register()
