"""Mentors suggested for a participant, ranked, each with the reasons shown to them.

The participant's target is the hiring needs behind them: the demand basis of every cohort they are
accepted, enrolled or completed in, and the needs of their candidacies. A mentor earns points for
working in a target role (3) or knowing a target employer's sector (2), for each skill the mentor
lists that the participant lacks — below a target need's level in their latest assessment (the exit
level, else the baseline; 0 when never assessed) — (2 each, at most 3 counted), for room left (1) and
for how mentees rated their past conversations (average − 3, so a 5 adds 2 and a 2 takes 1 away).
Mentors who are not active, full, already asked (or pairing) with the participant, or the participant
themself are left out. Ties go to more room left, then the lower id. A fixed number of queries.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from cohorts.models import (
    OPEN_PAIRING_STATUSES,
    Candidacy,
    CohortHiringNeed,
    Enrolment,
    EnrolmentStatus,
    MentorConversation,
    MentorPairing,
    MentorProfile,
    MentorStatus,
    Participant,
    SkillAssessment,
)
from employers.models import HiringNeed

#: enrolments whose cohort's demand the participant trains for
TARGET_STATUSES = (EnrolmentStatus.accepted, EnrolmentStatus.enrolled, EnrolmentStatus.completed)
MAX_SKILLS_COUNTED = 3


@dataclass
class Suggestion:
    mentor: MentorProfile
    score: float
    room_left: int
    average_rating: float | None
    ratings: int
    reasons: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Target:
    """What the participant is working towards: role titles, sectors and the skills they lack."""

    roles: dict[str, str]
    sectors: dict[str, str]
    lacking: dict[int, int]


def participant_target(participant: Participant) -> Target:
    """The roles, sectors and lacking skills behind the participant's cohorts and candidacies."""
    cohort_ids = sa.select(Enrolment.cohort_id).where(Enrolment.participant_id == participant.id,
                                                      Enrolment.status.in_(TARGET_STATUSES))
    need_ids = sa.union(
        sa.select(CohortHiringNeed.hiring_need_id).where(CohortHiringNeed.cohort_id.in_(cohort_ids)),
        sa.select(Candidacy.hiring_need_id).where(Candidacy.participant_id == participant.id),
    )
    needs = db.session.scalars(sa.select(HiringNeed).where(HiringNeed.id.in_(need_ids))
                               .options(joinedload(HiringNeed.employer), selectinload(HiringNeed.competencies))
                               .order_by(HiringNeed.id)).unique().all()
    levels: dict[int, int] = {}
    for skill_id, stage, level in db.session.execute(
            sa.select(SkillAssessment.skill_id, SkillAssessment.stage, SkillAssessment.level)
            .where(SkillAssessment.participant_id == participant.id).order_by(SkillAssessment.stage.desc())):
        if stage == "exit" or skill_id not in levels:
            levels[skill_id] = level
    roles = {n.role_title.strip().lower(): n.role_title.strip() for n in needs}
    sectors = {n.employer.sector.strip().lower(): n.employer.sector.strip() for n in needs if n.employer.sector}
    lacking = {c.skill_id: c.level for n in needs for c in n.competencies if levels.get(c.skill_id, 0) < c.level}
    return Target(roles, sectors, lacking)


def _ratings(mentor_ids: list[int]) -> dict[int, tuple[float, int]]:
    """mentor_id → (average participant rating, how many ratings) over all their pairings."""
    if not mentor_ids:
        return {}
    rows = db.session.execute(
        sa.select(MentorPairing.mentor_id, sa.func.avg(MentorConversation.participant_rating),
                  sa.func.count(MentorConversation.participant_rating))
        .join(MentorConversation, MentorConversation.pairing_id == MentorPairing.id)
        .where(MentorPairing.mentor_id.in_(mentor_ids), MentorConversation.participant_rating.is_not(None))
        .group_by(MentorPairing.mentor_id))
    return {mentor_id: (float(avg), count) for mentor_id, avg, count in rows}


def open_counts(mentor_ids: list[int]) -> dict[int, int]:
    """mentor_id → requested and active pairings (what takes up their capacity)."""
    if not mentor_ids:
        return {}
    return dict(db.session.execute(
        sa.select(MentorPairing.mentor_id, sa.func.count(MentorPairing.id))
        .where(MentorPairing.mentor_id.in_(mentor_ids), MentorPairing.status.in_(OPEN_PAIRING_STATUSES))
        .group_by(MentorPairing.mentor_id)).all())


def _fit(mentor: MentorProfile, target: Target) -> tuple[float, list[str]]:
    score, reasons = 0.0, []
    role = mentor.role_title.strip().lower()
    matched_role = next((label for key, label in target.roles.items() if role and (role in key or key in role)), None)
    if matched_role:
        score += 3
        reasons.append(f"Works as {mentor.role_title}, close to the {matched_role} role you are training for.")
    sectors = [s for s in mentor.sector_list if s.lower() in target.sectors]
    if sectors:
        score += 2
        reasons.append(f"Knows the {', '.join(sectors)} sector, where your target employers are.")
    skills = [s.label for s in mentor.skills if s.id in target.lacking]
    if skills:
        score += 2 * min(len(skills), MAX_SKILLS_COUNTED)
        reasons.append(f"Can help with {', '.join(skills)}: below the level your target role asks for.")
    return score, reasons


def suggest_mentors(participant: Participant, limit: int = 10) -> list[Suggestion]:
    """Active mentors with room, best first, with their reasons (see the module's docstring)."""
    target = participant_target(participant)
    taken = sa.select(MentorPairing.mentor_id).where(MentorPairing.participant_id == participant.id,
                                                     MentorPairing.status.in_(OPEN_PAIRING_STATUSES))
    conditions = [MentorProfile.status == MentorStatus.active, MentorProfile.id.not_in(taken)]
    if participant.id is not None:
        conditions.append(sa.or_(MentorProfile.participant_id.is_(None),
                                 MentorProfile.participant_id != participant.id))
    mentors = db.session.scalars(sa.select(MentorProfile).where(*conditions)
                                 .options(joinedload(MentorProfile.user), selectinload(MentorProfile.skills))
                                 .order_by(MentorProfile.id)).unique().all()
    ids = [m.id for m in mentors]
    counts, ratings = open_counts(ids), _ratings(ids)
    suggestions = []
    for mentor in mentors:
        room = mentor.capacity - counts.get(mentor.id, 0)
        if room <= 0:
            continue
        score, reasons = _fit(mentor, target)
        score += 1
        reasons.append(f"Has room for {room} more {'mentee' if room == 1 else 'mentees'}.")
        average, count = ratings.get(mentor.id, (None, 0))
        if average is not None:
            score += average - 3
            reasons.append(f"Mentees rated their conversations {average:.1f} out of 5 ({count} "
                           f"{'rating' if count == 1 else 'ratings'}).")
        suggestions.append(Suggestion(mentor, score, room, average, count, reasons))
    suggestions.sort(key=lambda s: (-s.score, -s.room_left, s.mentor.id))
    return suggestions[:limit]
