"""Participant portal: my applications and my in-work check-ins."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for

from app.access import current_participant_id, get_or_404
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, show_rule_error
from cohorts.errors import CohortRuleError
from cohorts.models import CandidacyStage, RetentionCheck
from cohorts.placements import queries
from cohorts.placements.services import confirm_still_employed_by_participant
from cohorts.portals import current_participant

#: what each application stage means, in plain words ({employer} is filled in)
STAGE_TEXT = {
    CandidacyStage.shortlisted: "Your coach thinks you'd be a good fit and may put you forward to {employer}.",
    CandidacyStage.introduced: "You've been introduced to {employer} — they'll be in touch about an interview.",
    CandidacyStage.interviewing: "{employer} wants to interview you. Your coach can help you prepare.",
    CandidacyStage.offer: "{employer} has offered you the job. Talk to your coach before you say yes.",
    CandidacyStage.hired: "You got the job at {employer}. Congratulations!",
    CandidacyStage.not_selected: "{employer} chose someone else this time. It's not the end — your coach "
                                 "will look for the next opening with you.",
    CandidacyStage.withdrawn: "This application to {employer} is closed.",
}


def applications():
    return render_template("cohorts/portal/applications.html", stage_text=STAGE_TEXT,
                           candidacies=queries.my_applications(current_participant_id()))


def retention():
    return render_template("cohorts/portal/retention.html", today=local_today(),
                           placements=queries.my_placements(current_participant_id()))


def confirm_still_in_work(check_id: int):
    me = current_participant()
    check = get_or_404(RetentionCheck, check_id, visible=lambda c: c.placement.participant_id == me.id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        confirm_still_employed_by_participant(check, me)  # today where the placement's programme runs
    except CohortRuleError as error:
        show_rule_error(None, error)
    else:
        db.session.commit()
        flash("Thank you — we've noted that you're still in work.", "success")
    return redirect(url_for(".retention"))
