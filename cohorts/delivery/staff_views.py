"""Staff pages for delivery: the cohort calendar, scheduling sessions (single or weekly), a
session's register and a cohort's skill assessments."""

from __future__ import annotations

from itertools import groupby

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from markupsafe import Markup

from app.access import get_or_404
from app.dates import local_today, to_local
from app.extensions import db
from app.forms import EmptyForm, refuse_change, show_rule_error
from app.reporting import requested_format, table_response
from app.templating import html_text, humanize
from cohorts.delivery import exports, queries, scheduling
from cohorts.delivery.assessments import record_cohort_assessments
from cohorts.delivery.attendance import record_attendance
from cohorts.delivery.calendars import cohort_feed_url, webcal
from cohorts.delivery.forms import AssessmentGridForm, AttendanceForm, SessionForm
from cohorts.errors import CohortRuleError
from cohorts.models import AttendanceStatus, Cohort, CohortSession


def _flash_clashes(sessions) -> None:
    """Clashes are warnings shown after saving, never a refusal."""
    for warning in dict.fromkeys(w for s in sessions for w in scheduling.find_clashes(s)):
        flash(f"Clash: {warning}", "warning")


def cohort_calendar(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    sessions = queries.cohort_sessions(cohort.id)
    weeks = [(week, list(items)) for week, items in
             groupby(sessions, key=lambda s: to_local(s.starts_at).isocalendar()[:2])]
    feed_url = cohort_feed_url(cohort)
    return render_template("cohorts/sessions/calendar.html", cohort=cohort, weeks=weeks,
                           feed_url=feed_url, webcal_url=webcal(feed_url), session_count=len(sessions))


def schedule_session(cohort_id: int):
    cohort = queries.cohort_for_scheduling(cohort_id) or abort(404)
    form = SessionForm(cohort, queries.facilitators())
    if form.validate_on_submit():
        try:
            weeks = form.weeks.data or 1
            sessions = (scheduling.schedule_weekly_sessions(cohort, form.plan(), weeks) if weeks > 1
                        else [scheduling.schedule_session(cohort, form.plan())])
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Scheduled {', '.join(s.ref for s in sessions)}.", "success")
            _flash_clashes(sessions)
            return redirect(url_for(".cohort_calendar", cohort_id=cohort.id))
    return render_template("cohorts/sessions/form.html", cohort=cohort, form=form, session=None)


def edit_session(session_id: int):
    session = get_or_404(CohortSession, session_id)
    cohort = queries.cohort_for_scheduling(session.cohort_id)
    form = SessionForm(cohort, queries.facilitators())
    del form.weeks
    if form.validate_on_submit():
        try:
            scheduling.update_session(session, form.plan())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{session.ref} saved; subscribed calendars will update.", "success")
            _flash_clashes([session])
            return redirect(url_for(".cohort_calendar", cohort_id=cohort.id))
    elif not form.is_submitted():
        form.load(session)
    return render_template("cohorts/sessions/form.html", cohort=cohort, form=form, session=session,
                           cancel_form=EmptyForm(prefix="cancel"))


def cancel_session(session_id: int):
    session = get_or_404(CohortSession, session_id)
    cohort_id, ref = session.cohort_id, session.ref
    if EmptyForm(prefix="cancel").validate_on_submit():
        try:
            scheduling.cancel_session(session)
        except CohortRuleError as error:
            refuse_change(None, error)
            return redirect(url_for(".edit_session", session_id=session_id))
        db.session.commit()
        flash(f"{ref} cancelled and removed from the calendar feeds.", "success")
    return redirect(url_for(".cohort_calendar", cohort_id=cohort_id))


def session_attendance(session_id: int):
    session = queries.session_for_register(session_id) or abort(404)
    sheet = queries.attendance_sheet(session)
    if request.method == "GET" and (fmt := requested_format()):
        return table_response(exports.register_frame(session, sheet["roster"], sheet["marked"]),
                              f"{session.ref}-attendance", fmt)
    if request.method == "GET":  # a radio group per person is built only to read a posted register
        return _register_page(AttendanceForm(), sheet)
    form = AttendanceForm.for_roster(sheet["roster"], sheet["marked"])
    if form.validate_on_submit():
        if not form.marks() and not sheet["marked"] and request.form.get("confirm_empty") != "1":
            # an empty register is more often a slip than a session nobody came to: ask first
            return _register_page(form, sheet, 400, confirm_empty=True)
        try:
            counts = record_attendance(session, form.marks(), current_user)
        except CohortRuleError as error:
            show_rule_error(None, error)
            return _register_page(form, sheet, 400)
        db.session.commit()
        flash(_saved_message(counts), "success")
        return redirect(url_for(".session_attendance", session_id=session.id))
    if form.errors:
        flash("Nothing was saved: please correct the highlighted rows.", "error")
    return _register_page(form, sheet, 400)


def _register_page(form: AttendanceForm, sheet: dict, status: int = 200, **context):
    rows = register_rows(sheet["roster"], sheet["marked"], form)
    return render_template("cohorts/attendance/session.html", form=form, rows=rows, **sheet, **context), status


def register_rows(roster, marked, form: AttendanceForm) -> Markup:
    """The register's rows (a radio group per person), written in Python: the template's loop cost
    ~0.1 ms a row, most of a national cohort's 170-person register. A person's choice is the posted
    one when the form has their field, else their saved mark. Every text is escaped by html_text;
    tests/cohorts/delivery/test_register_rows.py compares the rows with the loop they replace."""
    choices = [(html_text(c.value), html_text(c.label or c.value)) for c in AttendanceStatus.choices()]
    shown = []
    for p in roster:
        name = f"p{p.id}"
        saved = marked.get(p.id)
        field = form[name] if name in form else None  # noqa: SIM401 (a form has no .get)
        value, errors = (field.data, field.errors) if field is not None else (saved and saved.value, ())
        radios = "".join(
            f'      <label class="choice" for="{name}-{k}"><input {"checked " if choice == value else ""}'
            f'id="{name}-{k}" name="{name}" type="radio" value="{choice}"> {label}</label>\n'
            for k, (choice, label) in enumerate(choices))
        note = f' <span class="muted">— saved: {html_text(humanize(saved))}</span>' if saved else ""
        flagged = f' field--error" aria-describedby="{name}-errors' if errors else ""
        listed = "".join(f"<li>{html_text(error)}</li>" for error in errors)
        problems = f'<ul class="field-errors" id="{name}-errors">\n{listed}</ul>\n' if errors else ""
        shown.append(f'  <fieldset class="register__row{flagged}">\n    <legend>{html_text(p.full_name)}{note}</legend>\n'
                     f'    <div class="register__choices">\n{radios}    </div>\n    {problems}\n  </fieldset>\n')
    return Markup("".join(shown))


def _saved_message(counts: dict[str, int]) -> str:
    if not counts["created"] and not counts["corrected"]:
        return "The register is saved with nobody marked."
    return f"Attendance saved: {counts['created']} marked, {counts['corrected']} corrected."


def cohort_assessments(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    grid = queries.assessment_grid(cohort, local_today())
    form = AssessmentGridForm.for_grid(grid["participants"], grid["skills"], grid["levels"])
    status = 200
    if form.validate_on_submit():
        try:
            changed = record_cohort_assessments(cohort.id, form.levels(), current_user)
        except CohortRuleError as error:
            show_rule_error(None, error)
            status = 400
        else:
            db.session.commit()
            flash(f"Assessments saved: {changed} level{'s' if changed != 1 else ''} changed.", "success")
            return redirect(url_for(".cohort_assessments", cohort_id=cohort.id))
    elif form.errors:
        flash("Nothing was saved: levels run from 0 to 4.", "error")
        status = 400
    return render_template("cohorts/attendance/assessments.html", form=form, AssessmentGridForm=AssessmentGridForm,
                           **grid), status
