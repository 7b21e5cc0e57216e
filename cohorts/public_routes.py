"""The public application page of a recruiting cohort.

Abuse protection: CSRF (Flask-WTF), a per-client rate limit on submissions, and a honeypot
field. Whatever happens — new applicant, known email, duplicate, bot — the applicant sees the
same thank-you, so the form never reveals who is already known.
"""

from __future__ import annotations

from flask import Blueprint, abort, redirect, render_template, url_for
from sqlalchemy import select

from app.access import PUBLIC, guard_blueprint
from app.extensions import db, limiter
from cohorts import services
from cohorts.admissions import APPLICATION_RECEIVED
from cohorts.forms import ApplicationForm
from cohorts.models import Cohort, CohortStatus

bp = guard_blueprint(Blueprint("cohorts_public", __name__, url_prefix="/apply"), PUBLIC)

#: submissions per client address; page views are not limited
APPLICATION_LIMIT = "5 per hour;20 per day"


def _recruiting_cohort(code: str) -> Cohort:
    cohort = db.session.scalar(select(Cohort).where(Cohort.code == code, Cohort.status == CohortStatus.recruiting))
    if cohort is None:
        abort(404)
    return cohort


@bp.route("/<code>", methods=["GET", "POST"])
@limiter.limit(APPLICATION_LIMIT, methods=["POST"])
def apply(code: str):
    cohort = _recruiting_cohort(code)
    form = ApplicationForm()
    if form.validate_on_submit():
        if not form.is_bot():
            services.apply_to_cohort(cohort, **form.applicant())
            db.session.commit()
        return redirect(url_for(".thanks", code=cohort.code))
    return render_template("cohorts/public/apply.html", cohort=cohort, form=form)


@bp.route("/<code>/thanks")
def thanks(code: str):
    return render_template("cohorts/public/thanks.html", cohort=_recruiting_cohort(code), message=APPLICATION_RECEIVED)
