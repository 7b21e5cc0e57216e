"""Public application to a recruiting cohort."""

from __future__ import annotations

from flask import abort, redirect, render_template, url_for
from sqlalchemy import select
from app.extensions import db, limiter
from cohorts.participants import admissions
from cohorts.participants.admissions import APPLICATION_RECEIVED
from cohorts.participants.forms import ApplicationForm
from cohorts.models import Cohort, CohortStatus


#: submissions per client address; page views are not limited
APPLICATION_LIMIT = "5 per hour;20 per day"


def _recruiting_cohort(code: str) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == code, Cohort.status == CohortStatus.recruiting))
    if cohort is None:
        abort(404)
    return cohort


@limiter.limit(APPLICATION_LIMIT, methods=["POST"])
def apply(code: str):
    cohort = _recruiting_cohort(code)
    form = ApplicationForm()
    if form.validate_on_submit():
        if not form.is_bot():
            admissions.apply_to_cohort(cohort, **form.applicant())
            db.session.commit()
        return redirect(url_for(".thanks", code=cohort.code))
    return render_template("cohorts/public/apply.html", cohort=cohort, form=form)


def thanks(code: str):
    return render_template("cohorts/public/thanks.html", cohort=_recruiting_cohort(code), message=APPLICATION_RECEIVED)
