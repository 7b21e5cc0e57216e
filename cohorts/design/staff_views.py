"""Staff pages: programmes and cohorts — create, edit, status flow, the cohort page."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.concurrency import version_ok
from app.extensions import db
from app.forms import refuse_change
from app.reporting import requested_format, table_response
from cohorts.delivery.calendars import cohort_feed_url, webcal
from cohorts.design import exports, queries, services
from cohorts.design.forms import CohortForm, CohortStatusForm, ProgrammeForm
from cohorts.design.services import TRANSITIONS
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, CohortStatus, Programme
from employers.models import HiringNeed


def list_programmes():
    if fmt := requested_format():
        return table_response(exports.programmes_frame(), "programmes", fmt)
    return render_template("cohorts/programmes/list.html", rows=queries.programmes_with_counts())


def create_programme():
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = services.create_programme(**{k: v for k, v in form.data.items() if k != "csrf_token"})
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Programme {programme.name} created.", "success")
            return redirect(url_for(".programme_detail", programme_id=programme.id))
    return render_template("cohorts/programmes/form.html", form=form, programme=None)


def programme_detail(programme_id: int):
    programme = queries.programme_with_cohorts(programme_id) or abort(404)
    return render_template("cohorts/programmes/detail.html", programme=programme)


def edit_programme(programme_id: int):
    programme = get_or_404(Programme, programme_id)
    form = ProgrammeForm(obj=programme)
    if form.validate_on_submit():
        try:
            services.update_programme(programme, **{k: v for k, v in form.data.items() if k != "csrf_token"})
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Programme saved.", "success")
            return redirect(url_for(".programme_detail", programme_id=programme.id))
    return render_template("cohorts/programmes/form.html", form=form, programme=programme)


def list_cohorts():
    status = request.args.get("status") if request.args.get("status") in CohortStatus._value2member_map_ else None
    if fmt := requested_format():
        return table_response(exports.cohorts_frame(status), "cohorts", fmt)
    pagination, counts = queries.cohorts_page(request.args.get("page", 1, type=int), status=status)
    return render_template("cohorts/programmes/cohorts.html", pagination=pagination, counts=counts,
                           status=status, statuses=list(CohortStatus))


def create_cohort():
    programmes = [p for p, _ in queries.programmes_with_counts()]
    form = CohortForm(programmes, programme_id=request.args.get("programme_id", type=int))
    if form.validate_on_submit():
        try:
            cohort = services.create_cohort(get_or_404(Programme, form.programme_id.data), actor=current_user,
                                            **form.values())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Cohort {cohort.code} created. Next: choose the hiring needs it is designed for.", "success")
            return redirect(url_for(".design_cohort", cohort_id=cohort.id))
    return render_template("cohorts/programmes/cohort_form.html", form=form, cohort=None)


def edit_cohort(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    programmes = [p for p, _ in queries.programmes_with_counts()]
    form = CohortForm(programmes, obj=cohort)
    if form.validate_on_submit() and version_ok(form, cohort):
        try:
            services.update_cohort(cohort, actor=current_user, programme=get_or_404(Programme, form.programme_id.data),
                                   **form.values())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Cohort saved.", "success")
            return redirect(url_for(".cohort_detail", cohort_id=cohort.id))
    return render_template("cohorts/programmes/cohort_form.html", form=form, cohort=cohort)


def cohort_detail(cohort_id: int):
    page = queries.cohort_page(cohort_id) or abort(404)
    return render_template(
        "cohorts/programmes/cohort_detail.html", **page, next_statuses=TRANSITIONS[page["cohort"].status],
        feed_url=cohort_feed_url(page["cohort"]), webcal=webcal,
    )


def change_cohort_status(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    form = CohortStatusForm()
    if form.validate_on_submit():
        try:
            services.change_cohort_status(cohort, form.status.data, actor=current_user)
        except CohortRuleError as error:
            refuse_change(None, error)
        else:
            db.session.commit()
            flash(f"{cohort.code} is now {cohort.status.label.lower()}.", "success")
    return redirect(url_for(".cohort_detail", cohort_id=cohort_id))


def hiring_need_cohorts(need_id: int):
    """Traceability: the cohorts designed to meet this hiring need."""
    need = get_or_404(HiringNeed, need_id)
    return render_template("cohorts/design/need_cohorts.html", need=need,
                           cohorts=queries.cohorts_covering_need(need.id))
