"""The organisers' pages of interview days, shared by staff (every employer's) and employers (their own).

Each page takes an already authorized day: staff_views.py and employer_views.py load it first (an
employer only its own: another employer's day is a 404). Endpoint names are the same on both
blueprints, so templates link with relative endpoints (".interview_day").
"""

from __future__ import annotations

import pandas as pd
from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.dates import to_local
from app.db import utcnow
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from app.reporting import requested_format, rows_frame, table_response
from cohorts.errors import CohortRuleError
from cohorts.interviews import queries, services
from cohorts.interviews.forms import AssignSlotForm, DayDetailsForm, InterviewDayForm, attendance_form, attendance_marks
from cohorts.models import Cohort, InterviewDay, InterviewDayStatus
from employers.models import Employer, HiringNeed


def load_day(day_id: int, employer_id: int | None = None) -> InterviewDay:
    """The day with its slots and bookings; 404 when missing or another employer's."""
    day = queries.day_with_slots(day_id)
    if day is None or (employer_id is not None and day.employer_id != employer_id):
        abort(404)
    return day


def _assign_form(day: InterviewDay, zone: str | None) -> AssignSlotForm:
    now = utcnow()
    candidates = [(c.id, f"{c.participant.full_name} — {c.hiring_need.role_title}")
                  for c in queries.eligible_candidacies(day)]
    return AssignSlotForm(prefix="assign", slots=[s for s in day.slots if s.candidacy_id is None and s.starts_at > now],
                          candidates=candidates, zone=zone)


def day_frame(day: InterviewDay, zone: str | None) -> pd.DataFrame:
    """One row per slot: local start and end, the candidate and role booked (blank when free), attendance."""
    return rows_frame(
        ((f"{to_local(s.starts_at, zone):%Y-%m-%d}", f"{to_local(s.starts_at, zone):%H:%M}",
          f"{to_local(s.ends_at, zone):%H:%M}",
          s.candidacy.participant.full_name if s.candidacy else "",
          s.candidacy.participant.email if s.candidacy else "",
          s.candidacy.hiring_need.role_title if s.candidacy else "",
          s.attendance or "") for s in day.slots),
        ["date", "starts", "ends", "candidate", "email", "role", "attendance"],
    )


def day_page(day: InterviewDay, *, assign=None, register=None, status: int = 200):
    """The organiser's view of a day: slots, who booked, the register and the booking form."""
    zone = queries.day_zone(day.hiring_need, day.cohort)
    return render_template(
        "cohorts/interviews/day.html", day=day, zone=zone, now=utcnow(), button=EmptyForm(),
        assign_form=assign or _assign_form(day, zone), register=register or attendance_form(day),
    ), status


def show_day(day: InterviewDay):
    if fmt := requested_format():
        return table_response(day_frame(day, queries.day_zone(day.hiring_need, day.cohort)),
                              f"interview-day-{day.id}", fmt)
    return day_page(day)


def edit_day(day: InterviewDay):
    zone = queries.day_zone(day.hiring_need, day.cohort)
    closes = to_local(day.booking_closes_at, zone)
    form = DayDetailsForm(obj=day, data=None if request.method == "POST" else
                          {"closes_on": closes.date(), "closes_time": closes.time()})
    if form.validate_on_submit():
        try:
            services.update_interview_day(day, actor=current_user, title=form.title.data,
                                          location=form.location.data or "", meeting_url=form.meeting_url.data or "",
                                          interviewers=form.interviewers.data or "",
                                          closes_on=form.closes_on.data or closes.date(),
                                          closes_time=form.closes_time.data or closes.time())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("The interview day is updated; booked candidates are told.", "success")
            return redirect(url_for(".interview_day", day_id=day.id))
    return render_template("cohorts/interviews/edit_day.html", day=day, form=form,
                           zone=zone), 422 if form.errors else 200


def _act(day: InterviewDay, action, success: str):
    """A POST button on the day page: run the service, commit once, come back."""
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        action()
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for(".interview_day", day_id=day.id))


def cancel_day(day: InterviewDay):
    return _act(day, lambda: services.cancel_interview_day(day, current_user),
                "The interview day is cancelled; booked candidates are told.")


def free_slot(day: InterviewDay, slot_id: int):
    slot = next((s for s in day.slots if s.id == slot_id), None) or abort(404)
    return _act(day, lambda: services.cancel_booking(slot, current_user, by_organiser=True),
                "The slot is free again; the candidate is told.")


def record_register(day: InterviewDay):
    form = attendance_form(day)
    if form.validate_on_submit():
        try:
            services.record_attendance(day, attendance_marks(form), current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
            day = load_day(day.id)
        else:
            db.session.commit()
            flash("Attendance is recorded.", "success")
            return redirect(url_for(".interview_day", day_id=day.id))
    return day_page(day, register=form, status=422)


def assign_slot(day: InterviewDay):
    form = _assign_form(day, queries.day_zone(day.hiring_need, day.cohort))
    if form.validate_on_submit():
        candidacy = next((c for c in queries.eligible_candidacies(day) if c.id == form.candidacy_id.data), None)
        slot = next((s for s in day.slots if s.id == form.slot_id.data), None)
        try:
            services.book_slot(candidacy, slot, current_user, by_organiser=True)
        except CohortRuleError as error:
            refuse_change(form, error)
            day = load_day(day.id)
        else:
            db.session.commit()
            flash(f"{candidacy.participant.full_name} is booked; they are told.", "success")
            return redirect(url_for(".interview_day", day_id=day.id))
    return day_page(day, assign=form, status=422)


def new_day_form(employer_id: int | None) -> InterviewDayForm:
    return InterviewDayForm(employers=None if employer_id else queries.employer_choices(),
                            needs=queries.need_choices(employer_id), cohorts=queries.cohort_choices(employer_id))


def create_day(form: InterviewDayForm, employer_id: int | None):
    """Validate the new-day form and create the day; the page again (422) when refused."""
    if form.validate_on_submit():
        values = {f: getattr(form, f).data for f in ("title", "on", "starts", "ends", "slot_minutes", "gap_minutes",
                                                     "break_starts", "break_ends", "closes_on", "closes_time")}
        try:
            day = services.create_interview_day(
                db.session.get(Employer, employer_id or form.employer_id.data), actor=current_user,
                hiring_need=db.session.get(HiringNeed, form.hiring_need_id.data or 0),
                cohort=db.session.get(Cohort, form.cohort_id.data or 0), location=form.location.data or "",
                meeting_url=form.meeting_url.data or "", interviewers=form.interviewers.data or "", **values)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"“{day.title}” is planned with {len(day.slots)} slots; invited candidates are told.", "success")
            return redirect(url_for(".interview_day", day_id=day.id))
    return render_template("cohorts/interviews/new_day.html", form=form), 422 if form.errors else 200


def list_page(employer_id: int | None, cohort_id: int | None = None, *, staff: bool = False):
    now = utcnow()
    pagination = queries.list_days(request.args.get("page", 1, type=int), current_app.config["ITEMS_PER_PAGE"],
                                   now, employer_id=employer_id, cohort_id=cohort_id)
    return render_template("cohorts/interviews/days.html", pagination=pagination, now=now,
                           zones=queries.day_zones(pagination.items),
                           counts=queries.booking_counts(d.id for d in pagination.items),
                           employers=queries.employer_choices() if staff else None,
                           cohorts=queries.cohort_choices(None) if staff else None,
                           cancelled=InterviewDayStatus.cancelled)
