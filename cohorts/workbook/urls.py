"""Every URL of the workbook (spreadsheet export and import): one rule per view."""

from __future__ import annotations

from cohorts.portals import Portals
from cohorts.workbook import views


def register(portals: Portals) -> None:
    portals.staff.add_url_rule("/workbook", view_func=views.workbook, methods=["GET", "POST"])
    portals.staff.add_url_rule("/workbook/checks/<int:job_id>/import", view_func=views.workbook_import,
                               methods=["POST"])
    portals.staff.add_url_rule("/workbook/checks/<int:job_id>/cancel", view_func=views.workbook_cancel,
                               methods=["POST"])
    portals.staff.add_url_rule("/workbook/checks/<int:job_id>/errors.txt", view_func=views.workbook_errors)
    portals.staff.add_url_rule("/workbook/export.<fmt>", view_func=views.workbook_export)
