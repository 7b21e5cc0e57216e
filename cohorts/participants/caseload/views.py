"""The coach's home: their caseload as a triage list, each participant's next step and what needs attention."""

from __future__ import annotations

from collections.abc import Callable

from flask import current_app, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app.dates import local_today
from app.pagination import ListPagination
from app.reporting import requested_format, table_response
from app.templating import badge, html_text, link_args, url_with_id
from cohorts.participants import exports
from cohorts.participants.caseload.alerts import ALERT_LABELS, Alert, CaseloadRow
from cohorts.participants.caseload.kept import kept_caseload
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


def _rows_markup(rows: list[CaseloadRow]) -> Markup:
    """The table's rows, one string each: the Jinja loop (a call per link, badge and number, an
    attribute look-up per cell) cost ~0.4 ms for a page of 25, a sixth of the page. Every text is
    escaped as the template would; the cohort's badge is the templates' status_badge."""
    participant_url, alert_url = url_with_id("cohorts_staff.participant_detail", "participant_id"), _AlertLinks()
    shown = []
    for row in rows:
        p, cohort, value = row.participant, row.cohort, row.learnability.get("learnability")
        where = f"{html_text(cohort.code)} {badge(cohort.status)}" if cohort else "—"
        learnability = (f"{value:.2f} ({html_text(row.learnability['band'])})" if value is not None
                        else '<span class="muted">—</span>')
        if row.alerts:
            items = "".join(
                f'        <li class="alert alert--{html_text(alert.kind)}{" alert--urgent" if alert.urgent else ""}">'
                f'<a href="{html_text(alert_url(alert))}">{html_text(alert.message)}</a></li>\n' for alert in row.alerts)
            alerts = f'      <ul class="alerts">\n{items}      </ul>\n'
        else:
            alerts = '<span class="muted">None</span>'
        shown.append(f'  <tr>\n    <th scope="row"><a href="{html_text(participant_url(p.id))}">{html_text(p.full_name)}</a></th>\n'
                     f"    <td>{where}</td>\n    <td>{html_text(row.next_step)}</td>\n"
                     f'    <td class="num">{learnability}</td>\n    <td>\n{alerts}    </td>\n  </tr>\n')
    return Markup("".join(shown))


def caseload():
    today = local_today()
    # alerts for everyone (they order and count the list), kept between the writes they read (kept.py);
    # next steps only for the rows shown
    kept = kept_caseload(current_user, today)
    form = CaseloadFilterForm(request.args, cohorts=kept.cohorts)
    listed = kept.triage(**form.filters())
    if fmt := requested_format():
        return table_response(exports.caseload_frame(kept.described(listed.rows, today, learnability=False)),
                              "caseload", fmt)
    pagination = ListPagination(items=listed.rows, page=request.args.get("page", 1, type=int),
                                per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    pagination.items = kept.described(pagination.items, today)
    return render_template("cohorts/caseload/index.html", form=form, listed=listed, pagination=pagination,
                           labels=ALERT_LABELS, has_people=bool(kept.rows), rows_markup=_rows_markup(pagination.items),
                           page_url=url_for("cohorts_staff.caseload"),
                           kind_url=url_with_id("cohorts_staff.caseload", "kind", **link_args("page", "kind", "format")))
