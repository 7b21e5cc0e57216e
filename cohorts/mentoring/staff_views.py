"""Staff portal: every mentor, inviting one, pairing directly, and all pairings with activity and ratings."""

from __future__ import annotations

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.extensions import db
from app.forms import refuse_change
from app.models import User
from app.reporting import requested_format, table_response
from cohorts.errors import CohortRuleError
from cohorts.mentoring import queries, services
from cohorts.mentoring.exports import pairs_frame
from cohorts.mentoring.forms import InviteMentorForm, PairForm
from cohorts.models import MentorProfile, PairingStatus, Participant


def mentoring_admin():
    """Every mentor with their status and places taken."""
    pagination, rows = queries.mentors(request.args.get("page", 1, type=int))
    return render_template("cohorts/mentoring/staff_mentors.html", pagination=pagination, rows=rows,
                           am_mentor=queries.profile_of(current_user.id) is not None)


def mentoring_pairs():
    """Every pairing with its conversations and average ratings; ?format=csv|xlsx downloads them all."""
    status = request.args.get("status") or None
    if status is not None and status not in PairingStatus.__members__:
        abort(400)
    fmt = requested_format()
    if fmt:
        return table_response(pairs_frame(queries.all_pairs(status)), "mentoring-pairs", fmt)
    page = request.args.get("page", 1, type=int)
    pages, rows = queries.pairs(page, status)
    return render_template("cohorts/mentoring/staff_pairs.html", rows=rows, page=page, pages=pages, status=status,
                           statuses=list(PairingStatus))


def invite_mentor():
    """Invite a login (placed alumni, employer volunteer or staff) to mentor."""
    form = InviteMentorForm()
    if form.validate_on_submit():
        user = db.session.scalar(sa.select(User).where(User.email == form.email.data.strip().lower()))
        try:
            if user is None:
                raise CohortRuleError("No login has this email.", "email")
            services.invite_mentor(user, current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{user.display_name} is invited to mentor.", "success")
            return redirect(url_for(".mentoring_admin"))
    return render_template("cohorts/mentoring/staff_form.html", form=form, title="Invite a mentor",
                           submit="Send the invitation"), 422 if form.errors else 200


def pair_mentor():
    """Pair a participant with a mentor directly (active at once; contact details shared)."""
    form = PairForm(mentors=queries.mentor_choices())
    if form.validate_on_submit():
        participant = db.session.scalar(sa.select(Participant).where(
            Participant.email == form.participant_email.data.strip().lower(), Participant.anonymised_at.is_(None)))
        try:
            if participant is None:
                raise CohortRuleError("No participant has this email.", "participant_email")
            services.pair_directly(participant, db.session.get(MentorProfile, form.mentor_id.data), current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"{participant.full_name} is paired.", "success")
            return redirect(url_for(".mentoring_pairs"))
    return render_template("cohorts/mentoring/staff_form.html", form=form, title="Pair a participant with a mentor",
                           submit="Pair them"), 422 if form.errors else 200
