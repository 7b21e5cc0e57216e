"""The participant portal: a participant sees their own record only.

Also the public "stop reminder emails" page that nudge emails link to (a signed token is the key).
"""

from __future__ import annotations

import json
from datetime import datetime

from flask import Blueprint, Response, abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.access import PUBLIC, ParticipantOnly, current_participant_id, get_or_404, guard_blueprint
from app.extensions import db
from app.templating import local_zone
from app.reporting import table_response
from cohorts import exports, participant_queries, queries
from cohorts.assessments import mean_gain, skill_progress
from cohorts.calendars import participant_feed_url, webcal
from cohorts.models import CandidacyStage, Participant, RetentionCheck
from cohorts.nudges import opt_out_of_nudges, participant_for_opt_out_token
from cohorts.participant_forms import ConfirmForm
from cohorts.participants import set_consent
from cohorts.placements import PlacementRuleError, confirm_still_employed_by_participant
from cohorts.subject_access import export_subject_data

bp = guard_blueprint(
    Blueprint("cohorts_participant", __name__, url_prefix="/participant"), ParticipantOnly
)
public_bp = guard_blueprint(Blueprint("nudges_public", __name__, url_prefix="/reminders"), PUBLIC)

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


def _today():
    return datetime.now(local_zone()).date()


def _me() -> Participant:
    return db.session.get(Participant, current_participant_id())


@bp.route("/")
def home():
    return render_template(
        "cohorts/portal/home.html", **queries.participant_home_summary(current_participant_id())
    )


@bp.route("/schedule")
def schedule():
    me = _me()
    feed = participant_feed_url(me)
    return render_template("cohorts/portal/schedule.html", feed_url=feed, webcal_url=webcal(feed),
                           **participant_queries.my_schedule(me.id))


@bp.route("/attendance")
def attendance():
    mine = participant_queries.my_attendance(current_participant_id(), _today())
    if fmt := exports.requested_format():
        return table_response(exports.my_attendance_frame(mine["rows"]), "my-attendance", fmt)
    return render_template("cohorts/portal/attendance.html", **mine)


@bp.route("/skills")
def skills():
    progress = skill_progress(_me())
    return render_template("cohorts/portal/skills.html", progress=progress, mean_gain=mean_gain(progress))


@bp.route("/applications")
def applications():
    return render_template("cohorts/portal/applications.html", stage_text=STAGE_TEXT,
                           candidacies=participant_queries.my_applications(current_participant_id()))


@bp.route("/check-ins")
def retention():
    return render_template("cohorts/portal/retention.html", today=_today(),
                           placements=participant_queries.my_placements(current_participant_id()))


@bp.route("/check-ins/<int:check_id>/still-in-work", methods=["POST"])
def confirm_still_in_work(check_id: int):
    me = _me()
    check = get_or_404(RetentionCheck, check_id, visible=lambda c: c.placement.participant_id == me.id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        confirm_still_employed_by_participant(check, me, today=_today())
    except PlacementRuleError as error:
        flash(str(error.args[0]), "error")
    else:
        db.session.commit()
        flash("Thank you — we've noted that you're still in work.", "success")
    return redirect(url_for(".retention"))


@bp.route("/sharing")
def consent():
    return render_template("cohorts/portal/consent.html", participant=_me(), form=ConfirmForm())


@bp.route("/sharing/<any(give, withdraw):action>", methods=["POST"])
def change_consent(action: str):
    if not ConfirmForm().validate_on_submit():
        abort(400)
    given = action == "give"
    set_consent(_me(), given, current_user)
    db.session.commit()
    flash("Employers in your programme can now see your profile." if given
          else "Employers can no longer see your profile. This took effect straight away.", "success")
    return redirect(url_for(".consent"))


@bp.route("/my-data")
def my_data():
    return render_template("cohorts/portal/my_data.html")


@bp.route("/my-data/download")
def download_my_data():
    body = json.dumps(export_subject_data(_me()), indent=2, ensure_ascii=False)
    return Response(body, mimetype="application/json", headers={
        "Content-Disposition": f'attachment; filename="my-bridgework-data-{_today().isoformat()}.json"',
        "Cache-Control": "no-store",
    })


@public_bp.route("/stop/<token>", methods=["GET", "POST"])
def opt_out(token: str):
    participant = participant_for_opt_out_token(token)
    if participant is None:
        abort(404)
    form = ConfirmForm()
    if form.validate_on_submit():
        opt_out_of_nudges(participant)
        db.session.commit()
    return render_template("cohorts/portal/opt_out.html", form=form, participant=participant)
