"""Staff pages: coaches suggested for a participant, the models and their fairness, coach profiles."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import allow, get_or_404
from app.extensions import db
from app.models import Role, User
from cohorts.coaching import queries, services
from cohorts.coaching.charts import calibration_chart
from cohorts.coaching.forms import ChooseCoachForm, CoachProfileForm, TrainForm
from cohorts.coaching.suggestions import newest_model, suggest_coaches
from cohorts.models import CoachModelStatus, CoachProfile, Participant

STAFF_ROLES = (Role.staff, Role.admin)


def _live(participant: Participant) -> bool:
    return participant.anonymised_at is None


def coach_suggestions(participant_id: int):
    """Coaches ranked by the model for this participant; staff still choose (any coach)."""
    participant = get_or_404(Participant, participant_id, visible=_live)
    suggested = suggest_coaches(participant)
    form = ChooseCoachForm(coaches=queries.coach_choices())
    if form.validate_on_submit():
        services.choose_coach(participant, db.session.get(User, form.coach_id.data), current_user, suggested)
        db.session.commit()
        flash(f"{participant.full_name}'s coach is now {participant.coach.display_name}.", "success")
        return redirect(url_for(".participant_detail", participant_id=participant.id))
    if request.method == "GET" and participant.coach_id:
        form.coach_id.data = participant.coach_id
    return render_template("cohorts/coaching/suggestions.html", p=participant, suggested=suggested,
                           form=form), 422 if form.errors else 200


def coaching_admin():
    """The model versions with their metrics, calibration and fairness report; train now."""
    versions = queries.model_versions(request.args.get("page", 1, type=int))
    newest = newest_model()
    chart = (calibration_chart(newest.metrics.get("calibration", []))
             if newest and newest.status == CoachModelStatus.ready else None)
    return render_template("cohorts/coaching/admin.html", versions=versions, newest=newest, chart=chart,
                           form=TrainForm())


@allow(Role.admin)
def train_now():
    """Queue a training run (admins: it reads every participant's outcome)."""
    form = TrainForm()
    if form.validate_on_submit():
        services.request_training(current_user)
        db.session.commit()
        flash("Training is queued; the new version appears here when it is done.", "success")
    return redirect(url_for(".coaching_admin"))


def coach_profiles():
    """Every coach with their sectors, capacity, caseload and whether they accept new people."""
    pagination, rows = queries.coaches(request.args.get("page", 1, type=int))
    return render_template("cohorts/coaching/coaches.html", pagination=pagination, rows=rows)


def edit_coach_profile(user_id: int):
    coach = get_or_404(User, user_id, visible=lambda u: u.role in STAFF_ROLES)
    profile = db.session.query(CoachProfile).filter_by(user_id=coach.id).one_or_none()
    form = CoachProfileForm(obj=profile, data=None if profile else {"capacity": 40, "accepting": True})
    if form.validate_on_submit():
        services.save_coach_profile(coach, current_user, sectors=form.sectors.data or "",
                                    capacity=form.capacity.data, accepting=form.accepting.data)
        db.session.commit()
        flash(f"{coach.display_name}'s profile is saved.", "success")
        return redirect(url_for(".coach_profiles"))
    return render_template("cohorts/coaching/coach_form.html", form=form, coach=coach), 422 if form.errors else 200
