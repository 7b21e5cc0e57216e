"""Mentor profiles and pairings: invite, opt in, ask, accept or decline, pair directly, end.

Every function enforces its rule, flushes and never commits; consequential changes are audited.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlalchemy as sa

from app.audit import changed_fields, record_audit
from app.db import flush_unique, utcnow
from app.extensions import db
from app.models import STAFF_ROLES, Role, Skill, User
from cohorts.errors import CohortRuleError
from cohorts.mentoring import notices
from cohorts.models import (
    HELP_WITH,
    OPEN_PAIRING_STATUSES,
    MentorKind,
    MentorPairing,
    MentorProfile,
    MentorStatus,
    PairingStatus,
    Participant,
)

#: what a mentor may edit on their own profile
PROFILE_FIELDS = ("role_title", "employer_name", "sectors", "availability", "contact_phone", "capacity",
                  "visible_in_directory", "show_role", "show_employer", "show_skills", "show_help")


def open_pairings_count(mentor: MentorProfile) -> int:
    """Requested and active pairings: what counts against the mentor's capacity."""
    return db.session.scalar(sa.select(sa.func.count(MentorPairing.id)).where(
        MentorPairing.mentor_id == mentor.id, MentorPairing.status.in_(OPEN_PAIRING_STATUSES))) or 0


def kind_for(user: User) -> MentorKind:
    """Alumni for a participant's login, a volunteer for an employer's, staff for staff and admins."""
    if user.role == Role.participant:
        return MentorKind.alumni
    return MentorKind.employer if user.role == Role.employer else MentorKind.staff


def invite_mentor(user: User, actor: User | None, *, notify_them: bool = True) -> MentorProfile:
    """Create an invited profile for a login; they opt in by filling it in."""
    if not user.active:
        raise CohortRuleError("This login is deactivated.", "email")
    if db.session.scalar(sa.select(MentorProfile.id).where(MentorProfile.user_id == user.id)):
        raise CohortRuleError("This person already has a mentor profile.", "email")
    kind = kind_for(user)
    participant = user.participant if kind == MentorKind.alumni else None
    if kind == MentorKind.alumni and (participant is None or participant.anonymised_at is not None):
        raise CohortRuleError("This login has no participant record.", "email")
    employer_name = user.employer.name if kind == MentorKind.employer else ""
    profile = MentorProfile(user=user, kind=kind, participant=participant, employer_id=user.employer_id
                            if kind == MentorKind.employer else None, employer_name=employer_name,
                            invited_by_id=actor.id if actor is not None else None, invited_at=utcnow())
    with flush_unique(db.session, CohortRuleError("This person already has a mentor profile.", "email")):
        db.session.add(profile)
    record_audit(actor, "mentor_profile", profile.id, "invited", {"user_id": [None, user.id], "kind": [None, kind]})
    if notify_them:
        notices.mentor_invited(profile)
    return profile


def update_profile(profile: MentorProfile, actor: User, values: dict, skills: Iterable[Skill],
                   help_with: Iterable[str], status: MentorStatus | None = None) -> MentorProfile:
    """Save the mentor's own profile; saving an invited profile opts them in (active)."""
    keys = [key for key in help_with if key in HELP_WITH]
    if not keys:
        raise CohortRuleError("Choose at least one thing you can help with.", "help_with")
    if values.get("capacity", 0) < 0:
        raise CohortRuleError("Capacity cannot be negative.", "capacity")
    for name in PROFILE_FIELDS:
        if name in values:
            setattr(profile, name, values[name])
    profile.help_with = ",".join(keys)
    profile.skills = sorted(set(skills), key=lambda s: s.label)
    if status is not None:
        profile.status = status
    elif profile.status == MentorStatus.invited:
        profile.status = MentorStatus.active
    changes = {k: v for k, v in changed_fields(profile).items() if k in ("status", "capacity", "visible_in_directory")}
    db.session.flush()
    if changes:
        record_audit(actor, "mentor_profile", profile.id, "updated", changes)
    return profile


def _check_can_take(mentor: MentorProfile, participant: Participant, field: str | None = None) -> None:
    if mentor.status != MentorStatus.active:
        raise CohortRuleError("This mentor is not taking mentees just now.", field)
    if mentor.participant_id == participant.id:
        raise CohortRuleError("You cannot be your own mentor.", field)
    if participant.anonymised_at is not None:
        raise CohortRuleError("This participant's record was erased.", field)
    if db.session.scalar(sa.select(MentorPairing.id).where(
            MentorPairing.mentor_id == mentor.id, MentorPairing.participant_id == participant.id,
            MentorPairing.status.in_(OPEN_PAIRING_STATUSES))):
        raise CohortRuleError("There is already an open request or pairing with this mentor.", field)


def _check_capacity(mentor: MentorProfile, field: str | None = None) -> None:
    if open_pairings_count(mentor) >= mentor.capacity:
        raise CohortRuleError("This mentor has no room for another mentee just now.", field)


def _open(pairing: MentorPairing) -> MentorPairing:
    with flush_unique(db.session, CohortRuleError("There is already an open request or pairing with this mentor.")):
        db.session.add(pairing)
    return pairing


def request_mentor(participant: Participant, mentor: MentorProfile, user: User, message: str = "") -> MentorPairing:
    """The participant asks a mentor; it holds one of the mentor's places until they answer."""
    _check_can_take(mentor, participant)
    _check_capacity(mentor)
    pairing = _open(MentorPairing(mentor=mentor, participant=participant, requested_by=user,
                                  message=message.strip(), requested_at=utcnow()))
    record_audit(user, "mentor_pairing", pairing.id, "requested", {"mentor_id": [None, mentor.id]})
    notices.mentee_asked(pairing)
    return pairing


def decide_request(pairing: MentorPairing, accept: bool, user: User, reason: str = "") -> MentorPairing:
    """The mentor accepts (contact details are then shared) or declines a request."""
    if pairing.status != PairingStatus.requested:
        raise CohortRuleError("This request was already answered.")
    if accept and pairing.mentor.status != MentorStatus.active:
        raise CohortRuleError("Your profile is paused or withdrawn: reactivate it to accept mentees.")
    pairing.status = PairingStatus.active if accept else PairingStatus.declined
    pairing.decided_at = utcnow()
    if not accept:
        pairing.end_reason = reason.strip()
    db.session.flush()
    record_audit(user, "mentor_pairing", pairing.id, "accepted" if accept else "declined",
                 {"status": [PairingStatus.requested, pairing.status]})
    notices.pairing_decided(pairing)
    return pairing


def pair_directly(participant: Participant, mentor: MentorProfile, actor: User) -> MentorPairing:
    """Staff pair a participant with a mentor at once (active, no request)."""
    if actor.role not in STAFF_ROLES:
        raise CohortRuleError("Only programme staff pair directly.")
    _check_can_take(mentor, participant, "mentor_id")
    _check_capacity(mentor, "mentor_id")
    now = utcnow()
    pairing = _open(MentorPairing(mentor=mentor, participant=participant, requested_by=actor,
                                  status=PairingStatus.active, requested_at=now, decided_at=now))
    record_audit(actor, "mentor_pairing", pairing.id, "paired", {"mentor_id": [None, mentor.id],
                                                                  "participant_id": [None, participant.id]})
    notices.paired_by_staff(pairing)
    return pairing


def end_pairing(pairing: MentorPairing, user: User, reason: str, by_mentor: bool) -> MentorPairing:
    """Either side (or staff) ends an active pairing, or the participant withdraws a request, with a reason."""
    if not pairing.is_open:
        raise CohortRuleError("This pairing has already ended.", "reason")
    if not reason.strip():
        raise CohortRuleError("Say briefly why it ends.", "reason")
    old = pairing.status
    pairing.status = PairingStatus.ended
    pairing.ended_at = utcnow()
    pairing.end_reason = reason.strip()
    db.session.flush()
    record_audit(user, "mentor_pairing", pairing.id, "ended", {"status": [old, pairing.status]})
    notices.pairing_ended(pairing, by_mentor)
    return pairing
