"""Staff pages: the cohort calendar and scheduling sessions (single or weekly)."""

from __future__ import annotations

from itertools import groupby

from flask import abort, flash, redirect, render_template, url_for

from app.access import get_or_404
from app.extensions import db
from app.templating import to_local
from cohorts import cohort_queries as queries
from cohorts import services
from cohorts.calendars import cohort_feed_url, webcal
from cohorts.errors import CohortRuleError
from cohorts.forms import EmptyForm, SessionForm
from cohorts.models import Cohort, CohortSession
from cohorts.staff_cohorts import _refused
from cohorts.staff_routes import bp


def _flash_clashes(sessions) -> None:
    """Clashes are warnings shown after saving, never a refusal."""
    for warning in dict.fromkeys(w for s in sessions for w in services.find_clashes(s)):
        flash(f"Clash: {warning}", "warning")


@bp.route("/cohorts/<int:cohort_id>/calendar")
def cohort_calendar(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    sessions = queries.cohort_sessions(cohort.id)
    weeks = [(week, list(items)) for week, items in
             groupby(sessions, key=lambda s: to_local(s.starts_at).isocalendar()[:2])]
    feed_url = cohort_feed_url(cohort)
    return render_template("cohorts/sessions/calendar.html", cohort=cohort, weeks=weeks,
                           feed_url=feed_url, webcal_url=webcal(feed_url), session_count=len(sessions))


@bp.route("/cohorts/<int:cohort_id>/sessions/new", methods=["GET", "POST"])
def schedule_session(cohort_id: int):
    cohort = queries.cohort_for_scheduling(cohort_id) or abort(404)
    form = SessionForm(cohort, queries.facilitators())
    if form.validate_on_submit():
        try:
            weeks = form.weeks.data or 1
            sessions = (services.schedule_weekly_sessions(cohort, form.plan(), weeks) if weeks > 1
                        else [services.schedule_session(cohort, form.plan())])
        except CohortRuleError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(f"Scheduled {', '.join(s.ref for s in sessions)}.", "success")
            _flash_clashes(sessions)
            return redirect(url_for(".cohort_calendar", cohort_id=cohort.id))
    return render_template("cohorts/sessions/form.html", cohort=cohort, form=form, session=None)


@bp.route("/sessions/<int:session_id>/edit", methods=["GET", "POST"])
def edit_session(session_id: int):
    session = get_or_404(CohortSession, session_id)
    cohort = queries.cohort_for_scheduling(session.cohort_id)
    form = SessionForm(cohort, queries.facilitators())
    del form.weeks
    if form.validate_on_submit():
        try:
            services.update_session(session, form.plan())
        except CohortRuleError as error:
            _refused(error, form)
        else:
            db.session.commit()
            flash(f"{session.ref} saved; subscribed calendars will update.", "success")
            _flash_clashes([session])
            return redirect(url_for(".cohort_calendar", cohort_id=cohort.id))
    elif not form.is_submitted():
        form.load(session)
    return render_template("cohorts/sessions/form.html", cohort=cohort, form=form, session=session,
                           cancel_form=EmptyForm(prefix="cancel"))


@bp.route("/sessions/<int:session_id>/cancel", methods=["POST"])
def cancel_session(session_id: int):
    session = get_or_404(CohortSession, session_id)
    cohort_id, ref = session.cohort_id, session.ref
    if EmptyForm(prefix="cancel").validate_on_submit():
        try:
            services.cancel_session(session)
        except CohortRuleError as error:
            _refused(error)
            return redirect(url_for(".edit_session", session_id=session_id))
        db.session.commit()
        flash(f"{ref} cancelled and removed from the calendar feeds.", "success")
    return redirect(url_for(".cohort_calendar", cohort_id=cohort_id))
