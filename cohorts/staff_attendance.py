"""Staff pages that record delivery: a session's register and a cohort's skill assessments."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.reporting import table_response
from cohorts import exports
from cohorts import participant_queries as queries
from cohorts.assessments import record_cohort_assessments
from cohorts.attendance import record_attendance
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, CohortSession
from cohorts.participant_forms import AssessmentGridForm, AttendanceForm
from cohorts.staff_participants import local_today
from cohorts.staff_routes import bp


@bp.route("/sessions/<int:session_id>/attendance", methods=["GET", "POST"])
def session_attendance(session_id: int):
    session = get_or_404(CohortSession, session_id)
    sheet = queries.attendance_sheet(session)
    if request.method == "GET" and (fmt := exports.requested_format()):
        return table_response(exports.register_frame(**sheet), f"{session.ref}-attendance", fmt)
    form, status = AttendanceForm.for_roster(sheet["roster"], sheet["marked"]), 200
    if form.validate_on_submit():
        try:
            counts = record_attendance(session, form.marks(), current_user)
        except CohortRuleError as error:
            flash(str(error), "error")
            status = 400
        else:
            db.session.commit()
            flash(f"Attendance saved: {counts['created']} marked, {counts['corrected']} corrected.", "success")
            return redirect(url_for(".session_attendance", session_id=session.id))
    elif form.errors:
        flash("Nothing was saved: please correct the highlighted rows.", "error")
        status = 400
    return render_template("cohorts/attendance/session.html", form=form, **sheet), status


@bp.route("/cohorts/<int:cohort_id>/assessments", methods=["GET", "POST"])
def cohort_assessments(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    grid = queries.assessment_grid(cohort, local_today())
    form = AssessmentGridForm.for_grid(grid["participants"], grid["skills"], grid["levels"])
    status = 200
    if form.validate_on_submit():
        try:
            changed = record_cohort_assessments(cohort.id, form.levels(), current_user)
        except CohortRuleError as error:
            flash(str(error), "error")
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
