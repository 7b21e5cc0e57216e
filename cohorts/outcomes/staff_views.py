"""Staff outcome dashboards: the programme, one cohort, and the people behind each number."""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from flask import abort, current_app, render_template, request
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from app.dates import local_today
from app.extensions import db
from app.pagination import ListPagination
from app.reporting import requested_format, table_response
from app.templating import cached_fragment, fragment_cache, url_with_id
from cohorts.design.queries import interview_commitments
from cohorts.learnability.queries import cohort_learnability
from cohorts.models.outcome_stamp import read_stamp
from cohorts.outcomes import queries, stored, tables
from cohorts.outcomes.charts import outcome_charts
from cohorts.outcomes.data import UnknownCohortError
from cohorts.outcomes.forms import OutcomeFilterForm
from cohorts.outcomes.measures import PEOPLE_MEASURES, outcome_people, outcomes_with_series, outcomes_with_stamps
from cohorts.outcomes.tables import outcomes_rows
from employers.crm.queries import due_follow_ups

#: how each drill-down measure reads as a page heading
MEASURE_LABELS = {
    "starters": "Starters", "excluded": "Excluded from the counts", "completers": "Completers",
    "job_seeking_completers": "Completers seeking work", "placed_90": "Placed within 90 days",
    "placed_180": "Placed within 180 days", "in_field_180": "Placed in field within 180 days",
    **{f"retention_{n}_{state}": f"{n}-day retention: {state.replace('_', ' ')}"
       for n in (90, 180) for state in ("due", "retained", "not_retained", "unknown")},
}


def people_urls(as_of: str, codes, scope: str | None = None) -> Callable[[str], str]:
    """measure → the URL of the people behind it, for one as-of date and cohort selection.

    One url_for for ~100 links (app.templating.url_with_id): measures are plain identifiers.
    """
    return url_with_id("cohorts_staff.outcome_people_page", "measure", as_of=as_of, cohort=list(codes or ()),
                       scope=None if codes else scope)


def _filters(with_cohorts: bool = True, zone: str | None = None) -> OutcomeFilterForm:
    form = OutcomeFilterForm(request.args, codes=queries.cohort_codes() if with_cohorts else (), zone=zone)
    form.validate()
    return form


def _selection(form: OutcomeFilterForm) -> tuple[list[str], list[str] | None]:
    """(the cohorts chosen, the cohorts counted): with none chosen, by default only cohorts past
    their training (one in training would count as 0 % completion), or every cohort (None)."""
    chosen = [c for c in form.cohort.data or [] if not form.cohort.errors]
    return chosen, chosen or (None if form.every_cohort else queries.ended_cohort_codes(form.as_of_date))


def programme_dashboard():
    form = OutcomeFilterForm(request.args)
    as_of = form.as_of_date  # the date is read from the query string before the cohorts it counts
    if (fmt := request.args.get("format")) in ("csv", "xlsx"):
        return _programme_download(form, as_of, fmt)
    key = _body_key(read_stamp(db.session), as_of)  # the stamp is read before the rows it names
    cache = fragment_cache()
    body = None if key is None or cache.size <= 0 else cache.get(key)
    if body is not None:  # kept only for a query string without errors: the unvalidated form reads the same
        return _programme_page(form, form.cohort.data or [], body)
    cohorts, chosen, codes = _counted(form, as_of)
    body = cached_fragment(None if form.errors else key, lambda: _programme_body(form, cohorts, chosen, codes))
    db.session.commit()  # keeps the cohorts' outcome parts computed for this view (docs/OUTCOMES.md)
    return _programme_page(form, chosen, body)


def _counted(form: OutcomeFilterForm, as_of) -> tuple[list, list[str], list[str] | None]:
    """(every cohort's row, the cohorts chosen, the cohorts counted: None for every one), the form validated."""
    cohorts = stored.cohort_rows(as_of)
    if form.cohort.raw_data:  # the choices are checked only when some are chosen (and listed by the body)
        form.cohort.choices = _choices(cohorts)
    form.validate()
    chosen = [c for c in form.cohort.data or [] if not form.cohort.errors]
    return cohorts, chosen, chosen or (None if form.every_cohort else [row.code for row in cohorts if row.ended])


def _programme_download(form: OutcomeFilterForm, as_of, fmt: str):
    result, _ = outcomes_with_series(as_of, _counted(form, as_of)[2])
    db.session.commit()  # keeps the cohorts' outcome parts computed for this download
    header, rows = outcomes_rows(result)
    return table_response(pd.DataFrame(rows, columns=header), f"outcomes-{result['as_of']}", fmt)


def _programme_page(form: OutcomeFilterForm, chosen: list[str], body):
    return render_template("cohorts/dashboards/programme.html", form=form, as_of=form.as_of_date.isoformat(),
                           chosen=chosen, body=body)


def _body_key(stamp: tuple | None, as_of) -> tuple | None:
    """What the body shows, as a key: the outcomes stamp (it moves with every write to the
    figures, the cohorts' codes, dates and programmes, cohorts/models/outcome_stamp.py), the date
    and the query string; None (render, keep nothing) without a stamp row."""
    if stamp is None:
        return None
    return ("programme_dashboard", stamp, as_of, tuple(sorted(request.args.items(multi=True))),
            current_app.config["ITEMS_PER_PAGE"], request.script_root)


def _choices(cohorts) -> list[SelectChoice]:
    return [SelectChoice(row.code) for row in cohorts]


def _programme_body(form: OutcomeFilterForm, cohorts, chosen: list[str], codes: list[str] | None) -> str:
    form.cohort.choices = form.cohort.choices or _choices(cohorts)
    result, series = outcomes_with_series(form.as_of_date, codes)
    # every cohort is computed (the programme is their sum); a page of them is rendered
    by_cohort = ListPagination(items=list(result["cohorts"].items()), page=request.args.get("page", 1, type=int),
                               per_page=current_app.config["ITEMS_PER_PAGE"], error_out=False)
    currencies = {row.code: row.currency for row in cohorts}
    return render_template(
        "cohorts/dashboards/_programme_body.html", form=form, result=result, codes=codes, by_cohort=by_cohort,
        charts=outcome_charts(result["programme"], series), cohort_ids={row.code: row.id for row in cohorts},
        people_urls=people_urls, chosen=chosen, currency=queries.common_currency(currencies, result["cohorts"]),
    )


def cohort_dashboard(cohort_id: int):
    cohort = queries.dashboard_cohort(cohort_id)
    if cohort is None:
        abort(404)
    form = _filters(with_cohorts=False, zone=cohort.time_zone)  # the cohort is fixed: no list of every cohort
    as_of = form.as_of_date
    (result, series), stamps = outcomes_with_stamps(as_of, [cohort.code])
    in_training = cohort.ends_on > as_of
    # the figures and charts are kept under the stamps of the parts they are drawn from (none:
    # parts computed by this view, which it commits for the next views)
    key = None if stamps is None else (
        "cohort_dashboard", cohort.id, cohort.code, as_of, stamps, in_training, cohort.currency, request.script_root)
    outcomes = cached_fragment(key, lambda: _cohort_outcomes(cohort, result, series, in_training))
    page = render_template(
        "cohorts/dashboards/cohort.html", form=form, cohort=cohort, result=result, in_training=in_training,
        outcomes=outcomes, interview_commitments=interview_commitments(cohort.id),
        learnability=cohort_learnability(cohort.id, as_of),
    )
    if stamps is None:
        db.session.commit()  # keeps the cohort's outcome parts computed for this view (docs/OUTCOMES.md)
    return page


def _cohort_outcomes(cohort: queries.DashboardCohort, result: dict, series: dict, in_training: bool) -> str:
    figures = result["cohorts"][cohort.code]
    return render_template(
        "cohorts/dashboards/_cohort_outcomes.html", cohort=cohort, result=result, figures=figures,
        in_training=in_training, charts=outcome_charts(figures, series, partners=False), codes=[cohort.code],
        people_urls=people_urls,
    )


def outcome_people_page(measure: str):
    if measure not in PEOPLE_MEASURES:
        abort(404)
    form = _filters()
    chosen, codes = _selection(form)
    try:
        people = outcome_people(form.as_of_date, measure, codes)
    except UnknownCohortError:
        abort(404)
    rows = tables.people_rows(people)
    if fmt := requested_format():
        return table_response(tables.people_frame(rows), f"{measure}-{form.as_of_date}", fmt)
    return render_template(
        "cohorts/dashboards/people.html", form=form, measure=measure, title=MEASURE_LABELS[measure],
        rows=rows, codes=chosen, as_of=form.as_of_date,
    )


def home():
    return render_template("cohorts/staff/home.html", **queries.staff_home_summary(),
                           follow_ups=due_follow_ups(current_user.id), today=local_today())
