"""Participant portal: mentors suggested with reasons, the alumni directory, asking, and my pairings."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.extensions import db
from app.forms import refuse_change
from cohorts.errors import CohortRuleError
from cohorts.mentoring import queries, services
from cohorts.mentoring.forms import AskMentorForm, BookConversationForm, ReasonForm
from cohorts.mentoring.matching import suggest_mentors
from cohorts.mentoring.mentor_pages import (
    after_from_form,
    book_from_form,
    cancel_from_form,
    end_from_form,
    pairing_page,
)
from cohorts.models import MentorPairing, MentorProfile
from cohorts.portals import current_participant


def _mine(pairing_id: int) -> MentorPairing:
    pairing = queries.pairing(pairing_id)
    if pairing is None or pairing.participant_id != current_participant().id:
        abort(404)
    return pairing


def mentoring():
    """Suggested mentors with their reasons, my requests and mentors."""
    me = current_participant()
    return render_template("cohorts/mentoring/find.html", suggestions=suggest_mentors(me),
                           pairings=queries.participant_pairings(me.id), ask_form=AskMentorForm(),
                           am_mentor=queries.profile_of(current_user.id) is not None)


def mentor_directory():
    """Active mentors who chose to be listed, with only the fields they chose to show."""
    page = queries.directory(request.args.get("page", 1, type=int))
    return render_template("cohorts/mentoring/directory.html", page=page, ask_form=AskMentorForm())


def ask_mentor(mentor_id: int):
    mentor = db.session.get(MentorProfile, mentor_id) or abort(404)
    form = AskMentorForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        services.request_mentor(current_participant(), mentor, current_user, form.message.data or "")
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash(f"Your request is sent to {mentor.display_name}. We will tell you when they answer.", "success")
    return redirect(url_for(".mentoring"))


def mentee_pairing(pairing_id: int):
    return pairing_page(_mine(pairing_id), "participant")


def mentee_book_conversation(pairing_id: int):
    pairing = _mine(pairing_id)
    form = BookConversationForm(prefix="book")
    if form.validate_on_submit() and book_from_form(pairing, "participant", form):
        return redirect(url_for(".mentee_pairing", pairing_id=pairing.id))
    return pairing_page(queries.pairing(pairing_id), "participant", book=form, status=422)


def mentee_after_conversation(conversation_id: int):
    conversation = queries.conversation(conversation_id)
    if conversation is None or conversation.pairing.participant_id != current_participant().id:
        abort(404)
    done, _ = after_from_form(conversation, "participant")
    if not done:
        flash("Choose a rating from 1 to 5 to save it.", "error")
    return redirect(url_for(".mentee_pairing", pairing_id=conversation.pairing_id))


def mentee_cancel_conversation(conversation_id: int):
    conversation = queries.conversation(conversation_id)
    if conversation is None or conversation.pairing.participant_id != current_participant().id:
        abort(404)
    cancel_from_form(conversation, "participant")
    return redirect(url_for(".mentee_pairing", pairing_id=conversation.pairing_id))


def mentee_end_pairing(pairing_id: int):
    pairing = _mine(pairing_id)
    form = ReasonForm(prefix="end")
    if form.validate_on_submit() and end_from_form(pairing, "participant", form):
        return redirect(url_for(".mentoring"))
    return pairing_page(queries.pairing(pairing_id), "participant", end=form, status=422)
