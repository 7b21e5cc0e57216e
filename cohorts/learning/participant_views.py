"""Participant portal: my gaps with resources ranked for them, my progress and ratings, suggesting a resource."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from app.access import get_or_404
from app.dates import local_today
from app.extensions import db
from app.forms import EmptyForm, refuse_change, show_rule_error
from cohorts.errors import CohortRuleError
from cohorts.learning import queries, services
from cohorts.learning.forms import RatingForm, ResourceForm
from cohorts.learning.gaps import participant_gaps
from cohorts.models import LearningResource, ResourceStatus
from cohorts.portals import current_participant


def _offered(resource_id: int) -> LearningResource:
    """An approved resource, or one the participant already follows; anything else is a 404."""
    me = current_participant()
    return get_or_404(LearningResource, resource_id, visible=lambda r: r.status == ResourceStatus.approved
                      or services.my_progress(me, r) is not None)


def _today():
    return local_today(queries.participant_zone(current_participant().id))


def learning():
    me = current_participant()
    progress, stats = queries.my_resources(me.id)
    return render_template("cohorts/learning/mine.html", gaps=participant_gaps(me.id), progress=progress,
                           progress_by_resource={p.resource_id: p for p in progress}, stats=stats,
                           suggestions=queries.my_suggestions(current_user.id), form=EmptyForm())


def start_resource(resource_id: int):
    resource = _offered(resource_id)
    if EmptyForm().validate_on_submit():
        services.start_resource(current_participant(), resource, _today())
        db.session.commit()
        flash(f"Marked “{resource.title}” as started.", "success")
    return redirect(url_for(".learning", _anchor="my-resources"))


def finish_resource(resource_id: int):
    resource = _offered(resource_id)
    if EmptyForm().validate_on_submit():
        services.finish_resource(current_participant(), resource, _today())
        db.session.commit()
        flash(f"Marked “{resource.title}” as done. How useful was it? Rate it below.", "success")
    return redirect(url_for(".rate_resource", resource_id=resource.id))


def rate_resource(resource_id: int):
    me, resource = current_participant(), _offered(resource_id)
    progress = services.my_progress(me, resource)
    form = RatingForm(obj=progress)
    if form.validate_on_submit():
        try:
            services.rate_resource(me, resource, form.rating.data, form.comment.data)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Thank you: your rating of “{resource.title}” is saved.", "success")
            return redirect(url_for(".learning", _anchor="my-resources"))
    return render_template("cohorts/learning/rate.html", resource=resource, progress=progress,
                           form=form), 422 if form.errors else 200


def suggest_resource():
    """Suggest a resource for staff to approve (the same view serves mentors on the employer portal)."""
    form = ResourceForm()
    if form.validate_on_submit():
        try:
            resource = services.add_resource(current_user, form.fields())
        except CohortRuleError as error:
            show_rule_error(form, error)
        else:
            db.session.commit()
            flash(f"Thank you: “{resource.title}” is suggested; staff will review it.", "success")
            return redirect(url_for(".suggest_resource"))
    return render_template("cohorts/learning/suggest.html", form=form,
                           suggestions=queries.my_suggestions(current_user.id)), 422 if form.errors else 200
