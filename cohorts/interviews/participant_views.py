"""Participant portal: interview days I may book, my bookings (swap, cancel) and past interviews."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.db import utcnow
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from cohorts.errors import CohortRuleError
from cohorts.interviews import queries, services
from cohorts.interviews.forms import SlotChoiceForm
from cohorts.models import InterviewDay, InterviewSlot
from cohorts.portals import current_participant


def _slot_form(day: InterviewDay, now, zone: str | None) -> SlotChoiceForm:
    """The free, not yet started slots of the day as radio buttons (one form per day on the page)."""
    free = [s for s in day.slots if s.candidacy_id is None and s.starts_at > now]
    return SlotChoiceForm(prefix=f"day{day.id}", slots=free, zone=zone)


def interviews():
    return _page()


def _page(failed: SlotChoiceForm | None = None, failed_day: int | None = None, status: int = 200):
    """The page, with a refused form (and its message) in place of its day's fresh one."""
    me, now = current_participant(), utcnow()
    mine = queries.my_slots(me.id)
    booked_days = {s.interview_day_id for s in mine}
    offered = [(d, c) for d, c in queries.open_days_for(me.id, now) if d.id not in booked_days]
    days = [d for d, _ in offered] + [s.day for s in mine]
    zones = queries.day_zones(days)
    forms = {d.id: failed if d.id == failed_day else _slot_form(d, now, zones[d.id]) for d in days}
    return render_template("cohorts/interviews/portal.html",
                           offered=offered, upcoming=[s for s in mine if s.ends_at > now],
                           past=[s for s in mine if s.ends_at <= now], forms=forms, now=now,
                           zones=zones, button=EmptyForm()), status


def book_interview(day_id: int):
    """Book a free slot, or swap the one I hold on this day for it."""
    now = utcnow()
    mine = queries.participant_day(current_participant().id, day_id, now) or abort(404)
    day, candidacy = mine
    form = _slot_form(day, now, queries.day_zone(day.hiring_need, day.cohort))
    if form.validate_on_submit():
        slot = db.session.get(InterviewSlot, form.slot_id.data)
        try:
            services.book_slot(candidacy, slot, current_user, now=now)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"You are booked: {day.title}.", "success")
            return redirect(url_for(".interviews"))
    return _page(failed=form, failed_day=day_id, status=422)


def cancel_interview(day_id: int):
    """Cancel my booking on the day (until the cut-off)."""
    day, candidacy = queries.participant_day(current_participant().id, day_id, utcnow()) or abort(404)
    slot = services.booking_of(day, candidacy) or abort(404)
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        services.cancel_booking(slot, current_user)
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash(f"Your interview on {day.title} is cancelled.", "success")
    return redirect(url_for(".interviews"))
