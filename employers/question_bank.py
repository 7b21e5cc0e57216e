"""The versioned customer-discovery question bank: what staff ask employers before designing a cohort.

Keys are stable: insight views, the employer questionnaire and the workbook refer to questions by
key, so a reworded question keeps its key and a new bank version gets new rows.
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from employers.models import DiscoveryQuestion, QuestionSection

#: the bank version new interviews use
BANK_VERSION = 1

#: (section, key, text) in the order they are asked
STANDARD_QUESTIONS: tuple[tuple[QuestionSection, str, str], ...] = (
    (QuestionSection.context, "top_challenges",
     "What are your top challenges in growing the company right now?"),
    (QuestionSection.context, "success_looks_like",
     "If those problems were solved, what would success look like in a year?"),
    (QuestionSection.context, "already_tried",
     "What have you already tried to solve them, and what worked?"),
    (QuestionSection.context, "who_else_affected",
     "Who else in the company has this problem, and how does it affect them?"),
    (QuestionSection.talent, "talent_needs_changed",
     "How have your talent needs changed over the last two or three years?"),
    (QuestionSection.talent, "roles_hard_to_fill",
     "Which roles do you hire for most often, and which do you struggle to fill?"),
    (QuestionSection.talent, "ideal_candidate",
     "Describe the ideal candidate for those roles: what do they do well in their first months?"),
    (QuestionSection.talent, "recruitment_sources",
     "Where do you recruit for these roles today?"),
    (QuestionSection.talent, "deviate_from_requirements",
     "How often do you hire someone who does not meet the posted requirements, and why?"),
    (QuestionSection.talent, "non_negotiables",
     "What are your non-negotiables for a new hire in these roles?"),
    (QuestionSection.talent, "hiring_decision",
     "How do you decide to hire: who is involved, and what convinces you?"),
    (QuestionSection.talent, "new_hire_success",
     "How do you make new hires succeed: onboarding, coaching, ramp-up targets?"),
)

QUESTION_KEYS: tuple[str, ...] = tuple(key for _, key, _ in STANDARD_QUESTIONS)


def current_bank_version() -> int:
    """The version new interviews and questionnaires are recorded against."""
    return BANK_VERSION


def ensure_question_bank() -> list[DiscoveryQuestion]:
    """Make the current bank's rows match STANDARD_QUESTIONS (idempotent; flushes, never commits)."""
    existing = {
        question.key: question
        for question in db.session.scalars(
            sa.select(DiscoveryQuestion).where(DiscoveryQuestion.bank_version == BANK_VERSION)
        )
    }
    questions = []
    for position, (section, key, text) in enumerate(STANDARD_QUESTIONS, start=1):
        question = existing.get(key)
        if question is None:
            question = DiscoveryQuestion(bank_version=BANK_VERSION, key=key)
            db.session.add(question)
        # assign only what differs, so a second run leaves every row untouched
        for field, value in (("position", position), ("section", section), ("text", text)):
            if getattr(question, field) != value:
                setattr(question, field, value)
        questions.append(question)
    db.session.flush()
    return questions
