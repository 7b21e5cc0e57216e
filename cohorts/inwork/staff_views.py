"""Staff portal: the risk-flag triage list, closing a flag, check-ins of a placement or person, a call, the export."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.dates import local_today
from app.extensions import db
from app.forms import refuse_change
from app.reporting import table_response
from cohorts.errors import CohortRuleError
from cohorts.inwork import queries, services
from cohorts.inwork.exports import check_ins_frame
from cohorts.inwork.forms import CallCheckInForm, ResolveFlagForm
from cohorts.models import Participant, Placement, RiskFlagStatus


def risk_flags():
    """Open flags first, of my caseload (?scope=all: everyone's), with why each was raised."""
    everyone = request.args.get("scope") == "all"
    status = request.args.get("status") or None
    if status is not None and status not in RiskFlagStatus.__members__:
        abort(400)
    pagination = queries.flags(request.args.get("page", 1, type=int), None if everyone else current_user.id, status)
    return render_template("cohorts/inwork/staff_flags.html", pagination=pagination, everyone=everyone,
                           status=status, statuses=list(RiskFlagStatus))


def risk_flag(flag_id: int):
    """One flag with its check-in; close it as handled or a false alarm."""
    flag = queries.flag(flag_id)
    if flag is None or flag.participant.anonymised_at is not None:
        abort(404)
    form = ResolveFlagForm()
    if form.validate_on_submit():
        try:
            services.resolve_flag(flag, RiskFlagStatus(form.status.data), form.note.data or "", current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("The flag is closed.", "success")
            return redirect(url_for(".risk_flags"))
    return render_template("cohorts/inwork/staff_flag.html", flag=queries.flag(flag_id), form=form,
                           worry_words=queries.worry_words), \
        422 if form.errors else 200


def placement_check_ins(placement_id: int):
    placement = db.session.get(Placement, placement_id) or abort(404)
    return render_template("cohorts/inwork/staff_check_ins.html", placement=placement, participant=placement.participant,
                           check_ins=queries.check_ins_of(placement_id=placement_id), worry_words=queries.worry_words)


def participant_check_ins(participant_id: int):
    participant = db.session.get(Participant, participant_id)
    if participant is None or participant.anonymised_at is not None:
        abort(404)
    return render_template("cohorts/inwork/staff_check_ins.html", placement=None, participant=participant,
                           check_ins=queries.check_ins_of(participant_id=participant_id), worry_words=queries.worry_words)


def record_call_check_in(placement_id: int):
    """Record a check-in answered on a call: a due week (?week=) or an unscheduled one."""
    placement = db.session.get(Placement, placement_id)
    if placement is None or placement.participant.anonymised_at is not None:
        abort(404)
    form = CallCheckInForm(programme=placement.cohort.programme, week=request.args.get("week", type=int))
    if form.validate_on_submit():
        try:
            check_in = services.check_in_for_call(placement, form.week.data, local_today())
            services.record_call(check_in, current_user, **form.answer())
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Week-{check_in.week} check-in recorded.", "success")
            return redirect(url_for(".placement_check_ins", placement_id=placement_id))
    return render_template("cohorts/inwork/staff_record.html", placement=placement, form=form), \
        422 if form.errors else 200


def export_check_ins():
    """Every check-in as CSV (?format=xlsx for Excel): staff only."""
    fmt = request.args.get("format", "csv")
    if fmt not in ("csv", "xlsx"):
        abort(400)
    return table_response(check_ins_frame(queries.all_check_ins()), "check-ins", fmt)
