"""Participant portal: my in-work check-ins, answering a due one."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from app.dates import local_today
from app.extensions import db
from app.forms import refuse_change
from cohorts.errors import CohortRuleError
from cohorts.inwork import queries, services
from cohorts.inwork.forms import CheckInForm
from cohorts.models import CheckInChannel
from cohorts.portals import current_participant


def job_check_ins():
    """My check-ins that are due, unanswered first."""
    me = current_participant()
    return render_template("cohorts/inwork/participant_list.html",
                           check_ins=queries.participant_check_ins(me.id, local_today()))


def answer_job_check_in(check_in_id: int):
    """Answer one of my due check-ins in the portal."""
    check_in = queries.check_in(check_in_id)
    if check_in is None or check_in.participant_id != current_participant().id or check_in.due_on > local_today():
        abort(404)
    if check_in.answered_at is not None:
        flash("You already answered this check-in. Thank you!", "info")
        return redirect(url_for(".job_check_ins"))
    form = CheckInForm(programme=check_in.placement.cohort.programme)
    if form.validate_on_submit():
        try:
            services.answer_check_in(check_in, CheckInChannel.portal, **form.answer())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Thank you: your coach will read your answer.", "success")
            return redirect(url_for(".job_check_ins"))
    return render_template("cohorts/inwork/participant_answer.html", check_in=check_in, form=form), \
        422 if form.errors else 200
