"""Participant portal: my past sessions to rate, and the rating form for one of them."""

from __future__ import annotations

from flask import flash, redirect, render_template, url_for

from app.access import get_or_404
from app.db import utcnow
from app.extensions import db
from app.forms import refuse_change
from cohorts.delivery.queries import my_cohort_ids
from cohorts.errors import CohortRuleError
from cohorts.feedback import queries, services
from cohorts.feedback.forms import RatingForm
from cohorts.models import CohortSession
from cohorts.portals import current_participant


def list_feedback():
    now = utcnow()
    rows = queries.my_past_sessions(current_participant().id, now)
    return render_template("cohorts/portal/feedback.html", rows=rows, now=now,
                           closes_at=services.rating_closes_at)


def rate_session(session_id: int):
    me = current_participant()
    session = get_or_404(CohortSession, session_id, visible=lambda s: s.cohort_id in my_cohort_ids(me.id))
    rating = queries.my_rating(me.id, session.id)
    form = RatingForm(obj=rating)
    if form.validate_on_submit():
        try:
            services.rate_session(me, session, form.rating.data, form.comment.data)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Thank you: your rating of “{session.title}” is saved.", "success")
            return redirect(url_for(".list_feedback"))
    return render_template("cohorts/portal/rate_session.html", session=session, form=form, rating=rating,
                           refusal=services.rating_refusal(me, session), closes_at=services.rating_closes_at(session))
