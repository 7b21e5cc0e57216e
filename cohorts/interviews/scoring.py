"""Scored interview feedback: the employer rates the candidate on the need's competencies (docs/INTERVIEW_FEEDBACK.md).

Feedback is recorded once per attended interview and edited in place afterwards; every save is
audited on the candidacy (so erasure scrubs its free text from the trail). A decision never moves
the candidacy: the employer still does that on the candidates board. The participant hears of
feedback only when the employer shared something with them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.audit import changed_fields, record_audit
from app.dates import to_local
from app.db import utcnow
from app.extensions import db
from app.models import User
from app.notifications.kinds import Kind
from app.notifications.services import Recipient, employer_users, notify, site_path
from cohorts.errors import CohortRuleError
from cohorts.interviews.queries import day_zones
from cohorts.models import (
    Candidacy,
    Cohort,
    InterviewAttendance,
    InterviewDay,
    InterviewDecision,
    InterviewFeedback,
    InterviewScore,
    InterviewSlot,
    Participant,
)
from cohorts.notices import subject_of
from employers.models import HiringNeedSkill

#: what each level of the 1–4 scale means, shown beside every competency on the form
LEVEL_MEANINGS = {
    1: "Aware: knows the basics, needs guidance",
    2: "Working: does it with some support",
    3: "Independent: does it well without help",
    4: "Expert: could teach others",
}
#: the decision in the participant's words (shown only when the employer shares it)
DECISION_WORDS = {
    InterviewDecision.advance: "The employer would like to move forward",
    InterviewDecision.not_now: "Not at this time",
    InterviewDecision.no: "The employer decided not to go ahead",
}
#: the decision as the employer and staff read it
DECISION_LABELS = {
    InterviewDecision.advance: "Advance", InterviewDecision.not_now: "Not now", InterviewDecision.no: "No",
}
#: the free text written about the person (blanked on erasure)
FREE_TEXT_FIELDS = ("strengths", "concerns", "message_to_candidate")


@dataclass(frozen=True)
class FeedbackInput:
    """What the form collects: levels per skill id, the decision, the words and what is shared."""

    levels: Mapping[int, int]
    decision: InterviewDecision
    strengths: str = ""
    concerns: str = ""
    message_to_candidate: str = ""
    share_scores: bool = False
    share_decision: bool = False


def can_be_scored(slot: InterviewSlot) -> bool:
    """Only a booked interview the candidate attended is scored (an absence has nothing to score)."""
    return slot.candidacy_id is not None and slot.attendance == InterviewAttendance.attended


def competencies_of(slot: InterviewSlot) -> list[HiringNeedSkill]:
    """The competencies of the booked candidacy's hiring need, by label."""
    return sorted(slot.candidacy.hiring_need.competencies, key=lambda c: c.skill.label.lower())


def shares_anything(feedback: InterviewFeedback) -> bool:
    return bool(feedback.message_to_candidate.strip() or feedback.share_scores or feedback.share_decision)


def _check(slot: InterviewSlot, values: FeedbackInput) -> None:
    if not can_be_scored(slot):
        raise CohortRuleError("Feedback is given once the candidate has attended the interview.")
    required = {c.skill_id: c.skill.label for c in competencies_of(slot)}
    problems = [(f"level_{skill_id}", f"Choose a level from 1 to 4 for {label}.")
                for skill_id, label in required.items() if values.levels.get(skill_id) not in LEVEL_MEANINGS]
    if set(values.levels) - set(required):
        problems.append((None, "Only the hiring need's competencies are scored."))
    if problems:
        raise CohortRuleError.from_problems(problems)


def record_interview_feedback(slot: InterviewSlot, values: FeedbackInput, actor: User | None) -> InterviewFeedback:
    """Create or update the slot's feedback and its levels; audited; flushes, never commits."""
    _check(slot, values)
    feedback = db.session.scalar(sa.select(InterviewFeedback).where(InterviewFeedback.slot_id == slot.id))
    created = feedback is None
    if created:
        feedback = InterviewFeedback(slot=slot, candidacy_id=slot.candidacy_id, interviewed_at=slot.starts_at,
                                     given_by=actor)
        db.session.add(feedback)
    old_levels = {score.skill_id: score.level for score in feedback.scores}
    feedback.decision = values.decision
    for name in FREE_TEXT_FIELDS:
        setattr(feedback, name, (getattr(values, name) or "").strip())
    feedback.share_scores, feedback.share_decision = values.share_scores, values.share_decision
    changes = changed_fields(feedback)
    by_skill = {score.skill_id: score for score in feedback.scores}
    for skill_id, level in values.levels.items():
        if skill_id in by_skill:
            by_skill[skill_id].level = level
        else:
            feedback.scores.append(InterviewScore(skill_id=skill_id, level=level))
    new_levels = dict(values.levels)
    if new_levels != old_levels:
        changes["levels"] = [{str(k): v for k, v in old_levels.items()} or None,
                             {str(k): v for k, v in new_levels.items()}]
    if not created and actor is not None:
        feedback.given_by = actor
    db.session.flush()
    if created or changes:
        record_audit(actor, "candidacy", slot.candidacy_id,
                     "interview_feedback_given" if created else "interview_feedback_updated",
                     {"feedback_id": feedback.id, **changes})
    if shares_anything(feedback):
        feedback_shared(feedback)  # once per feedback: later edits do not tell the candidate again
    return feedback


def _participant_recipients(participant: Participant) -> list[Recipient]:
    if participant.anonymised_at is not None or (participant.user is None and participant.nudges_opt_out):
        return []
    return [Recipient(participant.email, participant.first_name, participant.user)]


def feedback_shared(feedback: InterviewFeedback) -> None:
    """The candidate hears there is feedback to read (the words stay in their portal)."""
    need = feedback.candidacy.hiring_need
    notify(_participant_recipients(feedback.candidacy.participant), Kind.interview_feedback,
           f"Feedback from your interview with {need.employer.name}",
           f"{need.employer.name} shared feedback on your interview for {need.role_title}.",
           link=site_path("cohorts_participant.interview_feedback"),
           about=f"interview-feedback:{feedback.id}")


# --- reminders (run hourly by cohorts/schedules.py) -------------------------------------------

#: how long after an attended interview the employer is reminded to give feedback
FEEDBACK_DUE_AFTER = timedelta(days=3)


def feedback_overdue(now: datetime) -> list[InterviewSlot]:
    """Attended interviews that started at least 3 days ago, unscored and not yet reminded."""
    return list(db.session.scalars(
        sa.select(InterviewSlot)
        .options(joinedload(InterviewSlot.day).joinedload(InterviewDay.employer),
                 joinedload(InterviewSlot.day).joinedload(InterviewDay.cohort).joinedload(Cohort.programme),
                 joinedload(InterviewSlot.candidacy).joinedload(Candidacy.participant))
        .outerjoin(InterviewFeedback, InterviewFeedback.slot_id == InterviewSlot.id)
        .where(InterviewSlot.attendance == InterviewAttendance.attended, InterviewSlot.candidacy_id.is_not(None),
               InterviewSlot.starts_at <= now - FEEDBACK_DUE_AFTER, InterviewSlot.feedback_reminded_at.is_(None),
               InterviewFeedback.id.is_(None))
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)
    ).unique())


def send_feedback_reminders(now: datetime | None = None) -> int:
    """Remind employers of attended interviews still without feedback after 3 days; how many were reminded."""
    now = now or utcnow()
    slots = feedback_overdue(now)
    zones = day_zones({slot.day.id: slot.day for slot in slots}.values())  # one query, not one per slot
    for slot in slots:
        day = slot.day
        held_on = to_local(slot.starts_at, zones[day.id])
        notify(employer_users(day.employer_id), Kind.interview_feedback_due,
               f"Feedback due: your interview with {slot.candidacy.participant.first_name}",
               f"You interviewed {slot.candidacy.participant.full_name} on {held_on:%-d %b %Y} ({day.title}). "
               "Scoring the competencies helps the programme teach what you need.",
               link=site_path("cohorts_employer.score_interview", slot_id=slot.id),
               about=f"interview-feedback-due:{slot.id}", subject=subject_of(slot.candidacy.participant))
        slot.feedback_reminded_at = now
    db.session.flush()
    return len(slots)
