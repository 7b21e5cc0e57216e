"""Participant portal: my anonymous talent profile (opt in, out), and the reach-outs I accept or decline."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.extensions import db
from app.forms import refuse_change
from cohorts.errors import CohortRuleError
from cohorts.models import ReachOut
from cohorts.models.talent import MIN_ASSESSED_SKILLS
from cohorts.portals import current_participant
from cohorts.talent import queries, services
from cohorts.talent.forms import EmptyForm, OptInForm


def _mine(reach_out_id: int) -> ReachOut:
    reach_out = queries.reach_out(reach_out_id)
    if reach_out is None or reach_out.profile.participant_id != current_participant().id:
        abort(404)
    return reach_out


def _page(form: OptInForm | None = None, status: int = 200):
    me = current_participant()
    profile = services.profile_of(me)
    if form is None:
        form = OptInForm(available_from=profile.available_from if profile else None)
    shown = queries.listed_profile(profile.handle) if profile and profile.opted_in else None
    return render_template(
        "cohorts/talent/participant.html", profile=profile, shown=shown, form=form, button=EmptyForm(),
        skill_count=queries.assessed_skill_count(me.id), minimum=MIN_ASSESSED_SKILLS,
        skills=queries.skill_levels(shown) if shown else [], programme=queries.programme_name(shown) if shown else "",
        reach_outs=queries.participant_reach_outs(me.id), consent=me.consent_to_share,
    ), status


def talent_profile():
    """What my profile shows, whether it is listed, and the requests employers sent."""
    return _page()


def talent_opt_in():
    form = OptInForm()
    if not form.validate_on_submit():
        return _page(form, 422)
    services.opt_in(current_participant(), form.available_from.data, current_user)
    db.session.commit()
    flash("Your anonymous talent profile is on. Hiring partners see only what this page lists.", "success")
    return redirect(url_for(".talent_profile"))


def talent_opt_out():
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.opt_out(current_participant(), current_user)
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash("Your talent profile is off: no hiring partner can find it now.", "success")
    return redirect(url_for(".talent_profile"))


def _answer(reach_out_id: int, answer, done: str):
    reach_out = _mine(reach_out_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        answer(reach_out, current_user)
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash(done.format(employer=reach_out.employer.name), "success")
    return redirect(url_for(".talent_profile"))


def accept_reach_out(reach_out_id: int):
    return _answer(reach_out_id, services.accept, "You accepted: {employer} is introduced to you as a candidate.")


def decline_reach_out(reach_out_id: int):
    return _answer(reach_out_id, services.decline, "You declined. {employer} still does not know who you are.")
