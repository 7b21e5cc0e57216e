"""The coach's home: their caseload as a triage list, each participant's next step and what needs attention."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from app.dates import local_today
from app.pagination import ListPagination
from app.reporting import requested_format, table_response
from cohorts.participants import exports
from cohorts.participants.caseload import ALERT_LABELS, current_cohorts, triage
from cohorts.participants.caseload import caseload as build_caseload
from cohorts.participants.forms import CaseloadFilterForm


def caseload():
    rows = build_caseload(current_user, local_today())
    form = CaseloadFilterForm(request.args, cohorts=current_cohorts(rows))
    listed = triage(rows, **form.filters())
    if fmt := requested_format():
        return table_response(exports.caseload_frame(listed.rows), "caseload", fmt)
    pagination = ListPagination(items=listed.rows, page=request.args.get("page", 1, type=int),
                                per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    return render_template("cohorts/caseload/index.html", form=form, listed=listed, pagination=pagination,
                           labels=ALERT_LABELS, has_people=bool(rows))
