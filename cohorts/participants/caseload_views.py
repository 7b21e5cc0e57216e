"""The coach's home: their caseload as a triage list, each participant's next step and what needs attention."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, render_template, request, url_for
from flask_login import current_user

from app.dates import local_today
from app.pagination import ListPagination
from app.reporting import requested_format, table_response
from app.templating import link_args, url_with_id
from cohorts.participants import exports
from cohorts.participants.caseload import ALERT_LABELS, Alert, current_cohorts, describe, triage
from cohorts.participants.caseload import caseload as build_caseload
from cohorts.participants.forms import CaseloadFilterForm


class _AlertLinks:
    """Each alert's link (its endpoint, its one id and its anchor): one url_for per endpoint, not per alert."""

    def __init__(self) -> None:
        self._urls: dict[tuple[str, str], Callable[[int], str]] = {}

    def __call__(self, alert: Alert) -> str:
        if len(alert.params) != 1:
            return url_for(alert.endpoint, _anchor=alert.anchor or None, **alert.params)
        ((name, value),) = alert.params.items()
        if (alert.endpoint, name) not in self._urls:
            self._urls[alert.endpoint, name] = url_with_id(alert.endpoint, name)
        url = self._urls[alert.endpoint, name](value)
        return f"{url}#{alert.anchor}" if alert.anchor else url


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
                           labels=ALERT_LABELS, has_people=bool(rows), alert_url=_AlertLinks(),
                           participant_url=url_with_id("cohorts_staff.participant_detail", "participant_id"),
                           kind_url=url_with_id("cohorts_staff.caseload", "kind", **link_args("page", "kind", "format")))
