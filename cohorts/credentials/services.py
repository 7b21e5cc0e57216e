"""Issue and revoke credentials; each signs with the current key, flushes and never commits."""

from __future__ import annotations

import secrets
import uuid
from datetime import datetime

import sqlalchemy as sa
from joserfc import jwt
from sqlalchemy.orm import selectinload

from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import User
from cohorts.credentials import badges, keys
from cohorts.errors import CohortRuleError
from cohorts.models import (
    STATUS_LIST_SIZE,
    AssessmentStage,
    Cohort,
    CredentialKind,
    Enrolment,
    EnrolmentStatus,
    IssuedCredential,
    Module,
    ModuleSkill,
    SkillAssessment,
)


def _free_status_index() -> int:
    """A random unused bit of the status list (random, so neighbouring bits say nothing about each other)."""
    for _ in range(64):
        index = secrets.randbelow(STATUS_LIST_SIZE)
        if not db.session.scalar(sa.select(sa.exists().where(IssuedCredential.status_index == index))):
            return index
    raise CohortRuleError("The status list is full: start a second one before issuing more.")


def _sign(credential: IssuedCredential, cohort: Cohort) -> str:
    kid, private = keys.signing_key()
    header = {"alg": keys.ALGORITHM, "typ": "JWT", "kid": kid}
    return jwt.encode(header, badges.credential_claims(credential, cohort), private, algorithms=[keys.ALGORITHM])


def _issue(enrolment: Enrolment, kind: CredentialKind, *, skill_id: int | None = None,
           expires_at: datetime | None = None, actor: User | None) -> IssuedCredential:
    now = utcnow().replace(microsecond=0)
    if expires_at is not None and expires_at <= now:
        raise CohortRuleError("The expiry must be in the future.", "expires_at")
    credential = IssuedCredential(participant=enrolment.participant, enrolment=enrolment, kind=kind,
                                  skill_id=skill_id, jti=str(uuid.uuid4()), issued_at=now, expires_at=expires_at,
                                  status_index=_free_status_index(), public_token=secrets.token_urlsafe(32))
    db.session.add(credential)
    db.session.flush()
    credential.compact_jwt = _sign(credential, enrolment.cohort)
    db.session.flush()
    record_audit(actor, "issued_credential", credential.id, "issued",
                 {"kind": [None, kind.value], "participant_id": [None, enrolment.participant_id]})
    return credential


def _existing(enrolment: Enrolment) -> dict[int | None, IssuedCredential]:
    rows = db.session.scalars(sa.select(IssuedCredential).where(IssuedCredential.enrolment_id == enrolment.id))
    return {row.skill_id: row for row in rows}


def issue_completion(enrolment: Enrolment, *, actor: User | None,
                     expires_at: datetime | None = None) -> IssuedCredential:
    """The completion credential of a completed enrolment; asking again returns the one already issued."""
    if enrolment.status != EnrolmentStatus.completed:
        raise CohortRuleError("Only a completed enrolment earns a completion credential.")
    if (found := _existing(enrolment).get(None)) is not None:
        return found
    return _issue(enrolment, CredentialKind.completion, expires_at=expires_at, actor=actor)


def competencies_reached(enrolment: Enrolment) -> list[int]:
    """Skill ids the cohort teaches that the participant was assessed competent in at exit."""
    taught = (sa.select(ModuleSkill.skill_id).join(Module, Module.id == ModuleSkill.module_id)
              .where(Module.cohort_id == enrolment.cohort_id))
    return list(db.session.scalars(
        sa.select(SkillAssessment.skill_id)
        .where(SkillAssessment.participant_id == enrolment.participant_id,
               SkillAssessment.stage == AssessmentStage.exit, SkillAssessment.level >= badges.COMPETENT_LEVEL,
               SkillAssessment.skill_id.in_(taught))
        .order_by(SkillAssessment.skill_id)))


def issue_competencies(enrolment: Enrolment, *, actor: User | None) -> list[IssuedCredential]:
    """One credential per competency reached at exit that has none yet (completed enrolments only)."""
    if enrolment.status != EnrolmentStatus.completed:
        raise CohortRuleError("Only a completed enrolment earns competency credentials.")
    existing = _existing(enrolment)
    return [_issue(enrolment, CredentialKind.competency, skill_id=skill_id, actor=actor)
            for skill_id in competencies_reached(enrolment) if skill_id not in existing]


def issue_for_cohort(cohort: Cohort, *, actor: User | None, competencies: bool = True) -> list[IssuedCredential]:
    """Credentials for every completer of the cohort that has not had them yet; returns the new ones."""
    completers = db.session.scalars(
        sa.select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.completed)
        .options(selectinload(Enrolment.participant)).order_by(Enrolment.id)).all()
    issued = []
    for enrolment in completers:
        if enrolment.participant.anonymised_at is not None:
            continue
        if None not in _existing(enrolment):
            issued.append(issue_completion(enrolment, actor=actor))
        if competencies:
            issued.extend(issue_competencies(enrolment, actor=actor))
    return issued


def revoke_credential(credential: IssuedCredential, reason: str, *, actor: User | None) -> IssuedCredential:
    """Set its status bit: verifiers answer "revoked" from now on. A reason is required."""
    reason = " ".join((reason or "").split())
    if not reason:
        raise CohortRuleError("Say why the credential is revoked.", "reason")
    if credential.revoked_at is not None:
        raise CohortRuleError("This credential is already revoked.")
    credential.revoked_at, credential.revoke_reason = utcnow(), reason[:500]
    db.session.flush()
    record_audit(actor, "issued_credential", credential.id, "revoked",
                 {"revoked_at": [None, credential.revoked_at], "revoke_reason": ["", credential.revoke_reason]})
    return credential


def on_enrolment_completed(enrolment: Enrolment, **_: object) -> None:
    """Receiver of cohorts.signals.enrolment_completed: the completion credential follows the completion."""
    issue_completion(enrolment, actor=None)
