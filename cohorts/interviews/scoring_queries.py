"""Read-side queries of scored interview feedback: each eager-loads what its page shows."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import Skill
from app.reporting import rows_frame
from cohorts.models import (
    Candidacy,
    InterviewAttendance,
    InterviewDay,
    InterviewFeedback,
    InterviewScore,
    InterviewSlot,
    Participant,
)
from employers.models import Employer, HiringNeed, HiringNeedSkill


def _slot_options():
    return (
        joinedload(InterviewSlot.day).joinedload(InterviewDay.employer),
        joinedload(InterviewSlot.candidacy).options(
            joinedload(Candidacy.participant),
            joinedload(Candidacy.hiring_need).options(
                joinedload(HiringNeed.employer),
                selectinload(HiringNeed.competencies).joinedload(HiringNeedSkill.skill)),
        ),
    )


def booked_slot(slot_id: int) -> InterviewSlot | None:
    """A booked slot with its day, candidacy, participant and the need's competencies."""
    return db.session.scalar(
        sa.select(InterviewSlot).options(*_slot_options())
        .where(InterviewSlot.id == slot_id, InterviewSlot.candidacy_id.is_not(None))
    )


def employer_owns(slot: InterviewSlot, employer_id: int) -> bool:
    """The employer sees feedback on its own interview days only (its own candidates)."""
    return slot.day.employer_id == employer_id


def feedback_for_slot(slot_id: int) -> InterviewFeedback | None:
    return db.session.scalar(
        sa.select(InterviewFeedback).options(selectinload(InterviewFeedback.scores))
        .where(InterviewFeedback.slot_id == slot_id)
    )


def awaiting_feedback_select(employer_id: int):
    """The employer's attended interviews without feedback yet, oldest first."""
    return (
        sa.select(InterviewSlot)
        .options(joinedload(InterviewSlot.day),
                 joinedload(InterviewSlot.candidacy).options(joinedload(Candidacy.participant),
                                                             joinedload(Candidacy.hiring_need)))
        .join(InterviewDay, InterviewDay.id == InterviewSlot.interview_day_id)
        .outerjoin(InterviewFeedback, InterviewFeedback.slot_id == InterviewSlot.id)
        .where(InterviewDay.employer_id == employer_id, InterviewSlot.candidacy_id.is_not(None),
               InterviewSlot.attendance == InterviewAttendance.attended, InterviewFeedback.id.is_(None))
        .order_by(InterviewSlot.starts_at, InterviewSlot.id)
    )


def awaiting_feedback(employer_id: int, page: int, per_page: int):
    return db.paginate(awaiting_feedback_select(employer_id), page=page, per_page=per_page, error_out=False)


def _feedback_options():
    return (
        selectinload(InterviewFeedback.scores).joinedload(InterviewScore.skill),
        joinedload(InterviewFeedback.slot).joinedload(InterviewSlot.day),
        joinedload(InterviewFeedback.candidacy).options(
            joinedload(Candidacy.participant),
            joinedload(Candidacy.hiring_need).options(
                joinedload(HiringNeed.employer), selectinload(HiringNeed.competencies))),
    )


def recent_feedback(employer_id: int, limit: int = 20) -> list[InterviewFeedback]:
    """The employer's latest scored interviews, newest first (the list page's second table)."""
    return list(db.session.scalars(
        sa.select(InterviewFeedback).options(*_feedback_options())
        .join(InterviewSlot, InterviewSlot.id == InterviewFeedback.slot_id)
        .join(InterviewDay, InterviewDay.id == InterviewSlot.interview_day_id)
        .where(InterviewDay.employer_id == employer_id)
        .order_by(InterviewFeedback.interviewed_at.desc(), InterviewFeedback.id.desc()).limit(limit)
    ))


def shared_feedback(participant_id: int) -> list[InterviewFeedback]:
    """Feedback on the participant's interviews that shares something with them, newest first."""
    shares = sa.or_(InterviewFeedback.share_scores.is_(True), InterviewFeedback.share_decision.is_(True),
                    sa.func.trim(InterviewFeedback.message_to_candidate) != "")
    return list(db.session.scalars(
        sa.select(InterviewFeedback).options(*_feedback_options())
        .join(Candidacy, Candidacy.id == InterviewFeedback.candidacy_id)
        .where(Candidacy.participant_id == participant_id, shares)
        .order_by(InterviewFeedback.interviewed_at.desc(), InterviewFeedback.id.desc())
    ))


#: the columns of score_rows, as the CSV downloads name them
SCORE_COLUMNS = ["interviewed_at", "employer", "hiring_need", "role", "candidacy_id", "candidate", "competency",
                 "level_required", "level_scored", "decision"]


def score_rows(*, employer_id: int | None = None, cohort_id: int | None = None, need_id: int | None = None):
    """One row per score: the interview, the candidate, the competency, the level asked and given."""
    required = sa.orm.aliased(HiringNeedSkill)
    stmt = (
        sa.select(InterviewFeedback.interviewed_at, Employer.name, HiringNeed.ref, HiringNeed.role_title,
                  Candidacy.id, Participant.first_name + " " + Participant.last_name, Skill.label, required.level,
                  InterviewScore.level, InterviewFeedback.decision)
        .join(InterviewFeedback, InterviewFeedback.id == InterviewScore.feedback_id)
        .join(Skill, Skill.id == InterviewScore.skill_id)
        .join(Candidacy, Candidacy.id == InterviewFeedback.candidacy_id)
        .join(Participant, Participant.id == Candidacy.participant_id)
        .join(HiringNeed, HiringNeed.id == Candidacy.hiring_need_id)
        .join(InterviewSlot, InterviewSlot.id == InterviewFeedback.slot_id)
        .join(InterviewDay, InterviewDay.id == InterviewSlot.interview_day_id)
        .join(Employer, Employer.id == InterviewDay.employer_id)
        .outerjoin(required, sa.and_(required.hiring_need_id == Candidacy.hiring_need_id,
                                     required.skill_id == InterviewScore.skill_id))
        .order_by(InterviewFeedback.interviewed_at, Candidacy.id, Skill.label)
    )
    if employer_id is not None:
        stmt = stmt.where(InterviewDay.employer_id == employer_id)
    if cohort_id is not None:
        stmt = stmt.where(Candidacy.cohort_id == cohort_id)
    if need_id is not None:
        stmt = stmt.where(Candidacy.hiring_need_id == need_id)
    return db.session.execute(stmt).all()


# --- the CSV downloads ----------------------------------------------------------------------


def employer_scores_frame(employer_id: int) -> pd.DataFrame:
    """The employer's own scored interviews, one row per competency scored."""
    return rows_frame(score_rows(employer_id=employer_id), SCORE_COLUMNS)


def staff_scores_frame(*, cohort_id: int | None = None, need_id: int | None = None) -> pd.DataFrame:
    """Every score given to the candidates of a cohort, or for a hiring need."""
    return rows_frame(score_rows(cohort_id=cohort_id, need_id=need_id), SCORE_COLUMNS)
