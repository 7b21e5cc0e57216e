"""The participant portal: a participant sees their own record only."""

from __future__ import annotations

from flask import Blueprint, render_template

from app.access import ParticipantOnly, current_participant_id, guard_blueprint
from cohorts import queries

bp = guard_blueprint(
    Blueprint("cohorts_participant", __name__, url_prefix="/participant"), ParticipantOnly
)


@bp.route("/")
def home():
    return render_template(
        "cohorts/portal/home.html", **queries.participant_home_summary(current_participant_id())
    )
