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


#: the ?source= of the application links in the page's schema.org data
JSONLD_SOURCE = "jsonld"


def program_ld(cohort: Cohort) -> dict:
    """A cohort as schema.org's EducationalOccupationalProgram (rendered with |tojson)."""
    from app.templating import absolute_url

    data = {
        "@context": "https://schema.org", "@type": "EducationalOccupationalProgram",
        "name": cohort.display_name, "description": cohort.description or cohort.programme.name,
        "url": absolute_url("cohorts_public.apply", code=cohort.code, source=JSONLD_SOURCE),
        "startDate": cohort.starts_on.isoformat(), "endDate": cohort.ends_on.isoformat(),
        "provider": {"@type": "Organization", "name": "Bridgework"},
        "offers": {"@type": "Offer", "price": 0, "priceCurrency": cohort.currency},
    }
    if cohort.programme.target_occupation:
        data["occupationalCategory"] = cohort.programme.target_occupation
    if cohort.capacity:
        data["maximumEnrollment"] = cohort.capacity
    if cohort.region:
        data["location"] = {"@type": "Place", "address": cohort.region}
    return data


def open_cohorts():
    cohorts = queries.recruiting_cohorts()
    return render_template("cohorts/public/open_cohorts.html", cohorts=cohorts,
                           structured=[program_ld(c) for c in cohorts])


@limiter.limit(APPLICATION_LIMIT, methods=["POST"])
@limiter.limit(PER_EMAIL_LIMIT, methods=["POST"], key_func=_target_email)
def apply(code: str):
    cohort = _recruiting_cohort(code)
    form = ApplicationForm(referral=request.args.get("referral", ""), source=request.args.get("source", ""))
    if form.validate_on_submit():
        if not form.is_bot():
            admissions.request_application(cohort, **form.applicant())
            db.session.commit()
        return redirect(url_for(".thanks", code=cohort.code))
    return render_template("cohorts/public/apply.html", cohort=cohort, form=form,
                           partner=admissions.referring_partner(form.referral.data))


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
