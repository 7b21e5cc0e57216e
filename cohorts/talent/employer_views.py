"""Employer portal: search listed anonymous profiles, open one, reach out; my reach-outs and their answers."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import current_employer_id
from app.extensions import db
from app.forms import refuse_change
from cohorts.errors import CohortRuleError
from cohorts.models import ReachOut, ReachOutStatus, TalentProfile
from cohorts.talent import queries, services
from cohorts.talent.forms import EmptyForm, ReachOutForm, SearchForm
from employers.models import Employer


def _listed(handle: str) -> TalentProfile:
    return queries.listed_profile(handle) or abort(404)


def _ours(reach_out_id: int) -> ReachOut:
    reach_out = queries.reach_out(reach_out_id)
    if reach_out is None or reach_out.employer_id != current_employer_id():
        abort(404)
    return reach_out


def talent_search():
    """Listed profiles filtered by skills and minimum level, region, availability and learnability band."""
    form = SearchForm(request.args, skills=queries.skill_choices(), regions=queries.regions())
    form.validate()
    filters = queries.TalentFilters(
        skill_ids=tuple(form.skills.data or ()), min_level=form.min_level.data or 0, region=form.region.data or "",
        available_by=form.available_by.data, band=form.band.data or "")
    page = queries.search(filters, request.args.get("page", 1, type=int))
    return render_template("cohorts/talent/search.html", form=form, page=page, levels=queries.skill_levels,
                           programme=queries.programme_name)


def _card(profile: TalentProfile, form: ReachOutForm | None = None, status: int = 200):
    form = form or ReachOutForm(needs=queries.open_needs(current_employer_id()))
    return render_template("cohorts/talent/card.html", profile=profile, form=form,
                           skills=queries.skill_levels(profile), programme=queries.programme_name(profile)), status


def talent_card(handle: str):
    return _card(_listed(handle))


def send_reach_out(handle: str):
    profile = _listed(handle)
    form = ReachOutForm(needs=queries.open_needs(current_employer_id()))
    if not form.validate_on_submit():
        return _card(profile, form, 422)
    need = next(n for n in queries.open_needs(current_employer_id()) if n.id == form.hiring_need.data)
    try:
        row = services.reach_out(profile, db.session.get(Employer, current_employer_id()), need, current_user,
                                 message=form.message.data, training_pledge=form.training_pledge.data or "")
    except CohortRuleError as error:
        refuse_change(form, error)
        return _card(_listed(handle), form, 422)
    db.session.commit()
    flash(f"Your request is sent to {handle}. You will hear when they answer.", "success")
    return redirect(url_for(".talent_reach_out", reach_out_id=row.id))


def talent_reach_outs():
    page = queries.employer_reach_outs(current_employer_id(), request.args.get("page", 1, type=int))
    return render_template("cohorts/talent/employer_reach_outs.html", page=page)


def talent_reach_out(reach_out_id: int):
    reach_out = _ours(reach_out_id)
    return render_template("cohorts/talent/employer_reach_out.html", reach_out=reach_out, button=EmptyForm(),
                           accepted=reach_out.status == ReachOutStatus.accepted)


def withdraw_reach_out(reach_out_id: int):
    reach_out = _ours(reach_out_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(reach_out, current_user)
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash("Your request is withdrawn.", "success")
    return redirect(url_for(".talent_reach_out", reach_out_id=reach_out_id))
