"""The one check-in form behind the emailed signed link: no login, nothing of the person but their first name
and the job title."""

from __future__ import annotations

from flask import abort, redirect, render_template, request
from werkzeug.wrappers import Response

from app.extensions import db, limiter
from app.forms import refuse_change
from cohorts.errors import CohortRuleError
from cohorts.inwork import queries, services
from cohorts.inwork.forms import CheckInForm
from cohorts.inwork.links import LinkExpired, check_in_id_from
from cohorts.models import CheckIn, CheckInChannel

#: answers per client address; page views are not limited
ANSWER_LIMIT = "10 per hour"


def _from_link(token: str) -> CheckIn | Response:
    try:
        check_in_id = check_in_id_from(token)
    except LinkExpired:
        return render_template("cohorts/inwork/link_expired.html"), 410
    found = queries.check_in(check_in_id) if check_in_id is not None else None
    if found is None or found.participant.anonymised_at is not None:
        abort(404)
    return found


@limiter.limit(ANSWER_LIMIT, methods=["POST"])
def check_in_by_link(token: str):
    """Show the check-in form (or thanks once answered) and take the answer."""
    check_in = _from_link(token)
    if not isinstance(check_in, CheckIn):
        return check_in
    if check_in.answered_at is not None:
        return render_template("cohorts/inwork/public_thanks.html", check_in=check_in)
    form = CheckInForm(programme=check_in.placement.cohort.programme)
    if form.validate_on_submit():
        try:
            services.answer_check_in(check_in, CheckInChannel.email_link, **form.answer())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            return redirect(request.path)
    return render_template("cohorts/inwork/public_form.html", check_in=check_in, form=form), \
        422 if form.errors else 200
