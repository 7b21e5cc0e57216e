"""Opting in and out, reaching out, and the participant's answer; each flushes and audits, never commits."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.errors import CohortRuleError
from cohorts.learnability.queries import participant_learnability
from cohorts.models import Candidacy, CandidacyStage, Participant, ReachOut, ReachOutStatus, TalentProfile
from cohorts.models.talent import new_handle
from cohorts.placements.services import introduce, shortlist
from cohorts.talent import notices
from employers.models import Employer, HiringNeed, HiringNeedStatus

R = ReachOutStatus
MESSAGE_MAX = 1000
#: requests one employer may have awaiting an answer from one profile (a follow-up, not a flood)
MAX_PENDING = 3


def profile_of(participant: Participant) -> TalentProfile | None:
    return db.session.scalar(sa.select(TalentProfile).where(TalentProfile.participant_id == participant.id))


def _band(participant: Participant) -> str:
    return participant_learnability(participant.id).get("band") or ""


def opt_in(participant: Participant, available_from: date | None, actor: User | None) -> TalentProfile:
    """Switch the profile on (a fresh handle when it was off), or update the availability while on."""
    profile = profile_of(participant)
    if profile is None:
        profile = TalentProfile(participant=participant)
        db.session.add(profile)
    action = "updated" if profile.id is not None and profile.opted_in else "opted_in"
    if action == "opted_in":
        profile.handle, profile.opted_in_at, profile.opted_out_at = new_handle(), utcnow(), None
    profile.available_from = available_from.replace(day=1) if available_from else None
    profile.region = participant.region
    profile.learnability_band = _band(participant)
    db.session.flush()
    record_audit(actor, "talent_profile", profile.id, action,
                 {"handle": profile.handle, "available_from": str(profile.available_from or "")})
    return profile


def opt_out(participant: Participant, actor: User | None) -> TalentProfile:
    """Hide the profile at once; reach-outs still awaiting an answer expire."""
    profile = profile_of(participant)
    if profile is None or not profile.opted_in:
        raise CohortRuleError("Your talent profile is already switched off.")
    now = utcnow()
    profile.opted_out_at = now
    for reach_out in db.session.scalars(sa.select(ReachOut).where(ReachOut.profile_id == profile.id,
                                                                   ReachOut.status == R.sent)):
        reach_out.status, reach_out.decided_at = R.expired, now
    db.session.flush()
    record_audit(actor, "talent_profile", profile.id, "opted_out", {"handle": profile.handle})
    return profile


def reach_out(profile: TalentProfile, employer: Employer, need: HiringNeed, actor: User | None, *,
              message: str, training_pledge: str = "") -> ReachOut:
    """Ask the person behind a listed profile to be introduced about one of the employer's open needs."""
    if not profile.opted_in:
        raise CohortRuleError("This profile is no longer listed.")
    if need.employer_id != employer.id or need.status != HiringNeedStatus.open:
        raise CohortRuleError("Choose one of your open hiring needs.", "hiring_need")
    message = (message or "").strip()
    if not message:
        raise CohortRuleError("Write a short message to the person.", "message")
    if len(message) > MESSAGE_MAX:
        raise CohortRuleError(f"Keep the message to {MESSAGE_MAX:,} characters.", "message")
    pending = db.session.scalar(sa.select(sa.func.count()).select_from(ReachOut).where(
        ReachOut.profile_id == profile.id, ReachOut.employer_id == employer.id, ReachOut.status == R.sent))
    if pending >= MAX_PENDING:
        raise CohortRuleError(f"You already have {pending} requests to {profile.handle} awaiting an answer; "
                              "wait for one before sending another.", "message")
    row = ReachOut(profile=profile, handle=profile.handle, employer=employer, hiring_need=need, sent_by=actor,
                   message=message, training_pledge=(training_pledge or "").strip())
    db.session.add(row)
    db.session.flush()
    record_audit(actor, "reach_out", row.id, "sent",
                 {"handle": profile.handle, "hiring_need_id": need.id, "pledge": bool(row.training_pledge)})
    notices.reach_out_received(row)
    return row


def _introduction(reach_out: ReachOut, actor: User | None) -> Candidacy:
    """The candidacy that introduces the person: an existing one is reused (and introduced if shortlisted)."""
    participant, need = reach_out.profile.participant, reach_out.hiring_need
    candidacy = db.session.scalar(sa.select(Candidacy).where(Candidacy.participant_id == participant.id,
                                                             Candidacy.hiring_need_id == need.id))
    if candidacy is None:
        candidacy = shortlist(need, participant, actor)
    if candidacy.stage == CandidacyStage.shortlisted:
        introduce(candidacy, actor)
    return candidacy


def _require_unanswered(reach_out: ReachOut) -> None:
    if reach_out.status != R.sent:
        raise CohortRuleError(f"This request is already {reach_out.status.value}.")


def _decide(reach_out: ReachOut, status: R, actor: User | None, audited: dict | None = None) -> ReachOut:
    """An unanswered request moves to status, once: stamped, flushed and audited (with audited)."""
    _require_unanswered(reach_out)
    reach_out.status, reach_out.decided_at = status, utcnow()
    db.session.flush()
    record_audit(actor, "reach_out", reach_out.id, status.value, {"status": [R.sent.value, status.value], **(audited or {})})
    return reach_out


def accept(reach_out: ReachOut, actor: User | None) -> ReachOut:
    """The person agrees: they are introduced to the employer (needs their consent to share)."""
    _require_unanswered(reach_out)
    if not reach_out.profile.participant.consent_to_share:
        raise CohortRuleError("To be introduced, first allow us to share your profile with employers "
                              "(My consent), then accept again.")
    reach_out.candidacy = _introduction(reach_out, actor)
    _decide(reach_out, R.accepted, actor, {"candidacy_id": reach_out.candidacy.id})
    notices.reach_out_answered(reach_out)
    return reach_out


def decline(reach_out: ReachOut, actor: User | None) -> ReachOut:
    """The person says no: the employer hears so and still does not learn who they are."""
    _decide(reach_out, R.declined, actor)
    notices.reach_out_answered(reach_out)
    return reach_out


def withdraw(reach_out: ReachOut, actor: User | None) -> ReachOut:
    """The employer takes back a request the person has not answered."""
    return _decide(reach_out, R.withdrawn, actor)
