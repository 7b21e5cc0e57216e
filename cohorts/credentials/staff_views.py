"""Staff pages: cohorts with completers, a cohort's credentials, issuing for its completers, revoking one."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import get_or_404
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from cohorts.credentials import queries, services
from cohorts.credentials.forms import RevokeForm
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, IssuedCredential


def credentials_overview():
    return render_template("cohorts/credentials/overview.html", rows=queries.cohorts_with_completers())


def cohort_credentials(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    page = queries.cohort_credentials(cohort.id, request.args.get("page", 1, type=int))
    return render_template("cohorts/credentials/cohort.html", cohort=cohort, page=page, form=EmptyForm(),
                           completers=queries.cohort_completers(cohort.id))


def issue_for_cohort(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    if EmptyForm().validate_on_submit():
        try:
            issued = services.issue_for_cohort(cohort, actor=current_user)
        except CohortRuleError as error:
            refuse_change(None, error)
        else:
            db.session.commit()
            flash(f"{len(issued)} credential(s) issued to the completers of {cohort.code}.", "success")
    return redirect(url_for(".cohort_credentials", cohort_id=cohort.id))


def revoke_credential(credential_id: int):
    credential = get_or_404(IssuedCredential, credential_id)
    form = RevokeForm()
    if form.validate_on_submit():
        try:
            services.revoke_credential(credential, form.reason.data, actor=current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("The credential is revoked: verifiers now answer “revoked”.", "success")
            return redirect(url_for(".cohort_credentials", cohort_id=credential.enrolment.cohort_id))
    return render_template("cohorts/credentials/revoke.html", credential=credential, form=form), \
        422 if form.errors else 200
