"""Public application to a recruiting cohort: the form, then the link mailed to confirm it."""

from __future__ import annotations

from flask import abort, redirect, render_template, request, url_for
from sqlalchemy import select

from app.auth.services import normalise_email
from app.extensions import db, limiter
from app.forms import EmptyForm, show_rule_error
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, CohortStatus
from cohorts.participants import admissions, queries
from cohorts.participants.admissions import APPLICATION_RECEIVED, CONFIRM_BY_EMAIL
from cohorts.participants.forms import ApplicationForm

#: submissions per client address; page views are not limited
APPLICATION_LIMIT = "5 per hour;20 per day"
#: submissions naming one email address, from anywhere: no flooding someone's mailbox
PER_EMAIL_LIMIT = "3 per hour;6 per day"


def _target_email() -> str:
    return "apply-email:" + normalise_email(request.form.get("email", ""))


def _recruiting_cohort(code: str) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == code, Cohort.status == CohortStatus.recruiting))
    if cohort is None:
        abort(404)
    return cohort


def open_cohorts():
    return render_template("cohorts/public/open_cohorts.html", cohorts=queries.recruiting_cohorts())


@limiter.limit(APPLICATION_LIMIT, methods=["POST"])
@limiter.limit(PER_EMAIL_LIMIT, methods=["POST"], key_func=_target_email)
def apply(code: str):
    cohort = _recruiting_cohort(code)
    form = ApplicationForm()
    if form.validate_on_submit():
        if not form.is_bot():
            admissions.request_application(cohort, **form.applicant())
            db.session.commit()
        return redirect(url_for(".thanks", code=cohort.code))
    return render_template("cohorts/public/apply.html", cohort=cohort, form=form)


def thanks(code: str):
    return render_template("cohorts/public/thanks.html", cohort=_recruiting_cohort(code), message=CONFIRM_BY_EMAIL,
                           heading="Check your email")


def confirm_application(code: str, token: str):
    cohort = _recruiting_cohort(code)
    form = EmptyForm()
    try:
        if form.validate_on_submit():
            admissions.confirm_application(cohort, token)
            db.session.commit()
            return render_template("cohorts/public/thanks.html", cohort=cohort, message=APPLICATION_RECEIVED,
                                   heading="Application received")
        admissions.read_application_link(cohort, token)  # say at once when the link cannot work
    except CohortRuleError as error:
        show_rule_error(form, error)
    return render_template("cohorts/public/confirm.html", cohort=cohort, form=form)
