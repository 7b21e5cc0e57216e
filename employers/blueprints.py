"""The demand side's two blueprints (staff pages, employer portal), built per application."""

from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Flask

from app.access import EmployerOnly, StaffOnly, guard_blueprint


@dataclass(frozen=True)
class Blueprints:
    #: staff pages for employers, discovery and hiring needs: /staff
    staff: Blueprint
    #: the employer portal's own pages: /employer
    portal: Blueprint

    def register_on(self, app: Flask) -> None:
        app.register_blueprint(self.staff)
        app.register_blueprint(self.portal)


def build_blueprints() -> Blueprints:
    """Fresh blueprints for one application, each guarded once for its portal's roles."""
    return Blueprints(
        staff=guard_blueprint(Blueprint("employers_staff", __name__, url_prefix="/staff"), StaffOnly),
        portal=guard_blueprint(Blueprint("employers_portal", __name__, url_prefix="/employer"), EmployerOnly),
    )
