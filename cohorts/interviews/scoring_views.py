"""The employer's scored feedback after an interview, and what the candidate is shown of it."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from app.access import current_employer_id, get_or_404
from app.extensions import db
from app.forms import refuse_change
from app.reporting import table_response
from cohorts.errors import CohortRuleError
from cohorts.interviews import scoring_queries
from cohorts.interviews.scoring import (
    DECISION_LABELS,
    DECISION_WORDS,
    LEVEL_MEANINGS,
    can_be_scored,
    competencies_of,
    record_interview_feedback,
)
from cohorts.interviews.scoring_forms import feedback_form
from cohorts.models import Cohort, InterviewSlot
from cohorts.portals import current_participant
from employers.models import HiringNeed


def _scorable_slot(slot_id: int, employer_id: int | None = None) -> InterviewSlot:
    """A booked, attended interview (of the employer's own days for an employer); 404 otherwise."""
    slot = scoring_queries.booked_slot(slot_id)
    if slot is None or not can_be_scored(slot):
        abort(404)
    if employer_id is not None and not scoring_queries.employer_owns(slot, employer_id):
        abort(404)
    return slot


def _score_page(slot: InterviewSlot, done_url: str, board_url: str):
    """Show, validate and save the feedback form (employer and staff run the same steps)."""
    feedback = scoring_queries.feedback_for_slot(slot.id)
    form = feedback_form(competencies_of(slot), feedback if request.method == "GET" else None)
    if form.validate_on_submit():
        try:
            record_interview_feedback(slot, form.values(), current_user)
        except CohortRuleError as error:
            refuse_change(form, error)
        else:
            db.session.commit()
            flash(f"Feedback on {slot.candidacy.participant.full_name} is saved.", "success")
            return redirect(done_url)
    return render_template("cohorts/interviews/scoring_form.html", slot=slot, form=form, feedback=feedback,
                           meanings=LEVEL_MEANINGS, board_url=board_url), 422 if form.errors else 200


def awaiting_feedback():
    """The employer's attended interviews still to score, and the latest scored (CSV: every score)."""
    employer_id = current_employer_id()
    if request.args.get("format") == "csv":
        return table_response(scoring_queries.employer_scores_frame(employer_id), "interview-scores", "csv")
    pagination = scoring_queries.awaiting_feedback(
        employer_id, request.args.get("page", 1, type=int), current_app.config["ITEMS_PER_PAGE"])
    return render_template("cohorts/interviews/scoring_awaiting.html", pagination=pagination,
                           recent=scoring_queries.recent_feedback(employer_id), decisions=DECISION_LABELS)


def score_interview(slot_id: int):
    slot = _scorable_slot(slot_id, current_employer_id())
    return _score_page(slot, url_for(".awaiting_feedback"),
                       url_for(".candidate_detail", candidacy_id=slot.candidacy_id))


def staff_interview_feedback(slot_id: int):
    """Staff read an interview's feedback, and may record it on the employer's behalf."""
    slot = _scorable_slot(slot_id)
    return _score_page(slot, url_for(".staff_interview_feedback", slot_id=slot.id),
                       url_for(".need_board", need_id=slot.candidacy.hiring_need_id))


def cohort_interview_scores(cohort_id: int):
    cohort = get_or_404(Cohort, cohort_id)
    return table_response(scoring_queries.staff_scores_frame(cohort_id=cohort.id),
                          f"interview-scores-{cohort.code}", "csv")


def need_interview_scores(need_id: int):
    need = get_or_404(HiringNeed, need_id)
    return table_response(scoring_queries.staff_scores_frame(need_id=need.id),
                          f"interview-scores-{need.ref}", "csv")


def interview_feedback():
    """The participant's interview feedback: only what each employer chose to share."""
    return render_template("cohorts/interviews/scoring_participant.html",
                           feedback=scoring_queries.shared_feedback(current_participant().id),
                           decisions=DECISION_WORDS)
