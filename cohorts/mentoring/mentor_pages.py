"""The mentor's pages, the same views on the participant (alumni), employer (volunteers) and staff portals.

Each loads the login's own mentor profile first: a login without one gets a 404, and so does a pairing
or conversation of another mentor. Endpoint names are the same on the three blueprints, so the
templates link with relative endpoints (".mentor_pairing").
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from app.dates import at_local_time
from app.db import utcnow
from app.extensions import db
from app.forms import EmptyForm, refuse_change
from cohorts.delivery.calendars import mentor_feed_url, webcal
from cohorts.errors import CohortRuleError
from cohorts.mentoring import conversations, queries, services
from cohorts.mentoring.forms import (
    AfterConversationForm,
    BookConversationForm,
    DeclineForm,
    MentorProfileForm,
    ReasonForm,
)
from cohorts.models import MentorConversation, MentorPairing, MentorProfile, MentorStatus


def _me() -> MentorProfile:
    return queries.profile_of(current_user.id) or abort(404)


def _my_pairing(pairing_id: int) -> tuple[MentorProfile, MentorPairing]:
    me, pairing = _me(), queries.pairing(pairing_id)
    if pairing is None or pairing.mentor_id != me.id:
        abort(404)
    return me, pairing


def mentor_home():
    """Requests to answer, mentees, upcoming conversations and the calendar feed."""
    me = _me()
    pairings = queries.mentor_pairings(me.id)
    feed = mentor_feed_url(me)
    return render_template("cohorts/mentoring/mentor_home.html", me=me, pairings=pairings, button=EmptyForm(),
                           decline_form=DeclineForm(), feed_url=feed, webcal_url=webcal(feed),
                           upcoming=queries.upcoming_conversations(pairings, utcnow()))


def mentor_profile():
    """The mentor's own profile; the first save is the opt-in."""
    me = _me()
    invited = me.status == MentorStatus.invited
    form = MentorProfileForm(obj=me, invited=invited)
    if not form.is_submitted():
        form.skills.data = ", ".join(s.label for s in me.skills)
        form.help_with.data = me.help_with_keys
    if form.validate_on_submit():
        values = {name: form[name].data for name in services.PROFILE_FIELDS}
        values["role_title"], values["employer_name"] = values["role_title"] or "", values["employer_name"] or ""
        status = MentorStatus(form.status.data) if not invited and form.status.data else None
        try:
            services.update_profile(me, current_user, values, form.found_skills, form.help_with.data, status)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash("Your mentor profile is saved.", "success")
            return redirect(url_for(".mentor_home"))
    return render_template("cohorts/mentoring/mentor_profile.html", me=me, form=form,
                           invited=invited), 422 if form.errors else 200


def accept_mentee(pairing_id: int):
    _, pairing = _my_pairing(pairing_id)
    if not EmptyForm().validate_on_submit():
        abort(400)
    return _decide(pairing, True, "")


def decline_mentee(pairing_id: int):
    _, pairing = _my_pairing(pairing_id)
    form = DeclineForm()
    if not form.validate_on_submit():
        abort(400)
    return _decide(pairing, False, form.reason.data or "")


def _decide(pairing: MentorPairing, accept: bool, reason: str):
    try:
        services.decide_request(pairing, accept, current_user, reason)
    except CohortRuleError as error:
        refuse_change(None, error)
        return redirect(url_for(".mentor_home"))
    db.session.commit()
    name = pairing.participant.full_name
    flash(f"You are now mentoring {name}." if accept else f"You declined {name}'s request.", "success")
    return redirect(url_for(".mentor_pairing", pairing_id=pairing.id) if accept else url_for(".mentor_home"))


def pairing_page(pairing: MentorPairing, side: str, *, book=None, end=None, status: int = 200):
    """One pairing as either side sees it: contact details once accepted, conversations, book, rate, end."""
    zone = queries.zone_of(pairing.participant_id)
    now = utcnow()
    after_forms = {c.id: AfterConversationForm(prefix=f"c{c.id}", obj=_rating_obj(c, side))
                   for c in pairing.conversations if c.starts_at <= now and c.cancelled_at is None}
    return render_template("cohorts/mentoring/pairing.html", pairing=pairing, side=side, zone=zone, now=now,
                           book_form=book or BookConversationForm(prefix="book"),
                           end_form=end or ReasonForm(prefix="end"), after_forms=after_forms,
                           button=EmptyForm()), status


def _rating_obj(conversation: MentorConversation, side: str):
    rating = conversation.mentor_rating if side == "mentor" else conversation.participant_rating
    return type("Saved", (), {"rating": rating, "note": conversation.note})()


def mentor_pairing(pairing_id: int):
    return pairing_page(_my_pairing(pairing_id)[1], "mentor")


def book_from_form(pairing: MentorPairing, side: str, form: BookConversationForm) -> bool:
    """Book the form's conversation (on the participant's clock); False with the refusal shown on the form."""
    zone = queries.zone_of(pairing.participant_id)
    try:
        conversations.book_conversation(
            pairing, current_user, starts_at=at_local_time(form.on.data, form.starts.data, zone),
            ends_at=at_local_time(form.on.data, form.ends.data, zone), location=form.location.data or "",
            meeting_url=form.meeting_url.data or "", by_mentor=side == "mentor")
    except CohortRuleError as error:
        refuse_change(form, error)
        return False
    db.session.commit()
    flash("The conversation is booked. It is in both your calendar feeds.", "success")
    return True


def mentor_book_conversation(pairing_id: int):
    _, pairing = _my_pairing(pairing_id)
    form = BookConversationForm(prefix="book")
    if form.validate_on_submit() and book_from_form(pairing, "mentor", form):
        return redirect(url_for(".mentor_pairing", pairing_id=pairing.id))
    return pairing_page(queries.pairing(pairing_id), "mentor", book=form, status=422)


def after_from_form(conversation: MentorConversation, side: str) -> tuple[bool, AfterConversationForm]:
    form = AfterConversationForm(prefix=f"c{conversation.id}")
    if not form.validate_on_submit():
        return False, form
    try:
        conversations.record_after(conversation, current_user, rating=form.rating.data, note=form.note.data or "",
                                   by_mentor=side == "mentor")
    except CohortRuleError as error:
        refuse_change(form, error)
        return False, form
    db.session.commit()
    flash("Thank you: your rating is saved.", "success")
    return True, form


def mentor_after_conversation(conversation_id: int):
    conversation = queries.conversation(conversation_id)
    if conversation is None or conversation.pairing.mentor_id != _me().id:
        abort(404)
    done, _ = after_from_form(conversation, "mentor")
    if not done:
        flash("Choose a rating from 1 to 5 to save it.", "error")
    return redirect(url_for(".mentor_pairing", pairing_id=conversation.pairing_id))


def cancel_from_form(conversation: MentorConversation, side: str) -> None:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        conversations.cancel_conversation(conversation, current_user, by_mentor=side == "mentor")
    except CohortRuleError as error:
        refuse_change(None, error)
    else:
        db.session.commit()
        flash("The conversation is cancelled.", "success")


def mentor_cancel_conversation(conversation_id: int):
    conversation = queries.conversation(conversation_id)
    if conversation is None or conversation.pairing.mentor_id != _me().id:
        abort(404)
    cancel_from_form(conversation, "mentor")
    return redirect(url_for(".mentor_pairing", pairing_id=conversation.pairing_id))


def end_from_form(pairing: MentorPairing, side: str, form: ReasonForm) -> bool:
    try:
        services.end_pairing(pairing, current_user, form.reason.data or "", by_mentor=side == "mentor")
    except CohortRuleError as error:
        refuse_change(form, error)
        return False
    db.session.commit()
    flash("The mentoring has ended.", "success")
    return True


def mentor_end_pairing(pairing_id: int):
    _, pairing = _my_pairing(pairing_id)
    form = ReasonForm(prefix="end")
    if form.validate_on_submit() and end_from_form(pairing, "mentor", form):
        return redirect(url_for(".mentor_home"))
    return pairing_page(queries.pairing(pairing_id), "mentor", end=form, status=422)
