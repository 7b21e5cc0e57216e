"""Employers' words about a person after an interview: in the subject access export, blanked on erasure."""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.interviews.scoring import FeedbackInput, record_interview_feedback
from cohorts.models import InterviewDecision, InterviewFeedback
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import SECTIONS, export_subject_data
from tests import factories as f

WORDS = {"strengths": "Spoke about her divorce openly", "concerns": "Late", "message_to_candidate": "Thanks, Ada"}


def _scored():
    slot = f.InterviewSlotFactory()
    skill = f.SkillFactory(label="Negotiation")
    f.HiringNeedSkillFactory(hiring_need=slot.candidacy.hiring_need, skill=skill, level=3)
    other_slot = f.InterviewSlotFactory()
    other = f.InterviewFeedbackFactory(slot=other_slot, strengths="Someone else's strengths")
    db.session.flush()
    db.session.refresh(slot.candidacy.hiring_need)
    staff = f.user_for_role(Role.staff)
    record_interview_feedback(slot, FeedbackInput({skill.id: 2}, InterviewDecision.not_now, **WORDS), staff)
    record_interview_feedback(slot, FeedbackInput({skill.id: 3}, InterviewDecision.advance,
                                                  **{**WORDS, "concerns": "Late again"}), staff)
    return slot.candidacy.participant, other


def test_the_subject_access_export_lists_the_feedback_and_levels():
    person, _ = _scored()
    export = export_subject_data(person)
    assert "interview_feedback" in SECTIONS
    [mine] = export["interview_feedback"]
    assert mine["strengths"] == WORDS["strengths"] and mine["concerns"] == "Late again"
    assert mine["decision"] == "advance" and mine["levels"] == {"Negotiation": 3}


def test_erasure_blanks_the_words_keeps_the_levels_and_scrubs_the_audit_trail():
    person, other = _scored()
    erase_participant(person, None)
    db.session.expire_all()
    mine = db.session.scalar(sa.select(InterviewFeedback).where(InterviewFeedback.id != other.id))
    assert (mine.strengths, mine.concerns, mine.message_to_candidate) == ("", "", "")
    assert mine.decision == InterviewDecision.advance and [s.level for s in mine.scores] == [3]
    assert db.session.get(InterviewFeedback, other.id).strengths == "Someone else's strengths"
    trail = db.session.scalars(sa.select(AuditEvent).where(AuditEvent.action.like("interview_feedback%"))).all()
    assert len(trail) == 2
    assert not any("divorce" in str(event.changes) or "Late" in str(event.changes) for event in trail)
