"""Coach-matching actions: choosing a coach (audited with the suggestion), profiles, training, equality."""

from __future__ import annotations

from app.audit import record_audit
from app.extensions import db
from app.models import User
from app.tasks.queue import current_queue
from cohorts.coaching.suggestions import Suggestions
from cohorts.models import CoachProfile, EqualityMonitoring, Participant
from cohorts.participants.services import assign_coach

TRAIN_TASK = "coaching.train"
EQUALITY_FIELDS = ("age_band", "gender", "disability", "ethnicity")


def choose_coach(participant: Participant, coach: User, actor: User, suggested: Suggestions) -> None:
    """Give the participant the coach staff chose, recording where (if at all) the model ranked them."""
    match = next((s for s in suggested.ranked if s.coach.id == coach.id), None)
    assign_coach(participant, coach, actor)
    record_audit(actor, "participant", participant.id, "coach_chosen", {
        "coach_id": coach.id, "model_version": suggested.model.version if suggested.model else None,
        "suggested_rank": match.rank if match else None,
        "probability": round(match.probability, 4) if match else None,
    })
    db.session.flush()


def save_coach_profile(user: User, actor: User, *, sectors: str, capacity: int, accepting: bool) -> CoachProfile:
    profile = db.session.query(CoachProfile).filter_by(user_id=user.id).one_or_none() or CoachProfile(user=user)
    profile.sectors = ", ".join(s.strip() for s in sectors.split(",") if s.strip())
    profile.capacity, profile.accepting = capacity, accepting
    db.session.add(profile)
    db.session.flush()
    record_audit(actor, "coach_profile", profile.id, "saved",
                 {"sectors": profile.sectors, "capacity": capacity, "accepting": accepting})
    return profile


def request_training(actor: User) -> None:
    """Queue a training run (the weekly task, now)."""
    current_queue().enqueue(TRAIN_TASK, trained_by_id=actor.id)


def record_equality(participant: Participant, answers: dict[str, str]) -> EqualityMonitoring:
    """The participant's own answers (blank = not answered); never read by matching."""
    row = db.session.query(EqualityMonitoring).filter_by(participant_id=participant.id).one_or_none()
    row = row or EqualityMonitoring(participant=participant)
    for name in ("age_band", "gender", "disability"):
        setattr(row, name, answers.get(name) or None)
    row.ethnicity = (answers.get("ethnicity") or "").strip()
    db.session.add(row)
    db.session.flush()
    return row
