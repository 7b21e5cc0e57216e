"""The coach's home: their caseload as a triage list, each participant's next step and what needs attention."""

from __future__ import annotations

from flask import current_app, render_template, request
from flask_login import current_user

from app.dates import local_today
from app.pagination import ListPagination
from app.reporting import requested_format, table_response
from cohorts.participants import exports
from cohorts.participants.caseload import ALERT_LABELS, current_cohorts, describe, triage
from cohorts.participants.caseload import caseload as build_caseload
from cohorts.participants.forms import CaseloadFilterForm


def caseload():
    today = local_today()
    # alerts for everyone (they order and count the list); next steps only for the rows shown
    rows = build_caseload(current_user, today, described=False)
    form = CaseloadFilterForm(request.args, cohorts=current_cohorts(rows))
    listed = triage(rows, **form.filters())
    if fmt := requested_format():
        describe(listed.rows, today, learnability=False)
        return table_response(exports.caseload_frame(listed.rows), "caseload", fmt)
    pagination = ListPagination(items=listed.rows, page=request.args.get("page", 1, type=int),
                                per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    describe(pagination.items, today)
    return render_template("cohorts/caseload/index.html", form=form, listed=listed, pagination=pagination,
                           labels=ALERT_LABELS, has_people=bool(rows))
