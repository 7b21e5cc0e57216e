"""Staff pages: screening applications and managing enrolments (capacity, waitlist, exits)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from app.reporting import requested_format, table_response
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, Enrolment, EnrolmentStatus
from cohorts.participants import admissions, exports, queries
from cohorts.participants.forms import DeclineForm, ExcludeForm, WithdrawForm

#: the screening buttons: action → (service, past tense for the message)
ACTIONS = {
    "accept": (admissions.accept_application, "accepted"),
    "enrol": (admissions.enrol, "enrolled"),
    "decline": (admissions.decline, "not accepted"),
}
FILTERS = [s.value for s in EnrolmentStatus] + ["waitlist"]


def list_enrolments(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    status = request.args.get("status") if request.args.get("status") in FILTERS else None
    if fmt := requested_format():
        return table_response(exports.enrolments_frame(cohort.id, status), f"{cohort.code}-enrolments", fmt)
    pagination = queries.enrolments_page(cohort.id, request.args.get("page", 1, type=int), status=status)
    return render_template(
        "cohorts/enrolments/list.html", cohort=cohort, pagination=pagination, status=status, filters=FILTERS,
        counts=queries.enrolment_counts([cohort.id])[cohort.id], action_form=EmptyForm(),
        places=admissions.places_taken(cohort), decline_form=DeclineForm(),
    )


def screen_enrolment(enrolment_id: int, action: str):
    enrolment = get_or_404(Enrolment, enrolment_id)
    service, done = ACTIONS[action]
    form = DeclineForm()
    if form.validate_on_submit():
        reason = {"reason": form.decline_reason.data or None} if action == "decline" else {}
        try:
            service(enrolment, actor=current_user, **reason)
        except CohortRuleError as error:
            refuse_change(None, error)
        else:
            db.session.commit()
            if enrolment.waitlist_position:
                flash(f"The cohort is full: {enrolment.participant.full_name} is number "
                      f"{enrolment.waitlist_position} on the waitlist.", "warning")
            else:
                flash(f"{enrolment.participant.full_name}: {done}.", "success")
    return redirect(url_for(".list_enrolments", cohort_id=enrolment.cohort_id))


def withdraw_enrolment(enrolment_id: int):
    enrolment = get_or_404(Enrolment, enrolment_id)
    form = WithdrawForm()
    if form.validate_on_submit():
        try:
            admissions.withdraw(enrolment, form.reason.data, actor=current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{enrolment.participant.full_name} withdrawn.", "success")
            return redirect(url_for(".list_enrolments", cohort_id=enrolment.cohort_id))
    return render_template("cohorts/enrolments/exit.html", enrolment=enrolment, form=form,
                           heading="Withdraw", submit="Withdraw")


def exclude_enrolment(enrolment_id: int):
    enrolment = get_or_404(Enrolment, enrolment_id)
    form = ExcludeForm()
    if form.validate_on_submit():
        try:
            admissions.exclude(enrolment, form.reason.data, actor=current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{enrolment.participant.full_name} excluded from the outcome counts.", "success")
            return redirect(url_for(".list_enrolments", cohort_id=enrolment.cohort_id))
    return render_template("cohorts/enrolments/exit.html", enrolment=enrolment, form=form,
                           heading="Record an exclusion", submit="Record exclusion")
