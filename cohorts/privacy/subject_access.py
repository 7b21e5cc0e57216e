"""Subject access: everything Bridgework holds about one participant, as plain JSON-ready data.

Under UK GDPR a subject access request covers case notes written about the person too, so they
are included; so are their login account, every email sent to any address they have had, the
audit trail about them and what they did themselves, and the consent history.

``PARTICIPANT_TABLES`` and ``USER_REFERENCES`` name, for every table with a foreign key to a
participant or a login, the section that exports it (or why it holds nothing of theirs);
tests/security/privacy/test_subject_access.py reads the foreign keys so a new table cannot be forgotten.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.db import json_safe, utcnow
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, User
from app.notifications.models import Notification, NotificationPreference
from cohorts.models import (
    Attendance,
    Candidacy,
    CaseNote,
    CohortSession,
    Enrolment,
    InterviewFeedback,
    InterviewScore,
    Participant,
    ParticipantDocument,
    Placement,
    RetentionCheck,
    SessionRating,
    SkillAssessment,
)
from employers.models import HiringNeed

SECTIONS = (
    "profile", "account", "intake", "enrolments", "attendance", "assessments", "candidacies", "interview_feedback",
    "placements", "retention_checks", "session_ratings", "documents", "consent", "case_notes", "emails", "notifications", "audit_events",
)
#: tables with a foreign key to participants.id → the section listing their rows
PARTICIPANT_TABLES = {
    "enrolments": "enrolments", "attendance": "attendance", "skill_assessments": "assessments",
    "candidacies": "candidacies", "placements": "placements", "case_notes": "case_notes",
    "session_ratings": "session_ratings", "participant_documents": "documents",
}
#: (table, column) with a foreign key to users.id → the section listing what it says about the
#: participant's own login, or None where only staff are referenced (a participant's login
#: never coaches, writes notes, interviews employers, facilitates, assesses or takes registers)
USER_REFERENCES = {
    ("participants", "user_id"): "account",
    ("audit_events", "actor_id"): "audit_events",
    ("retention_checks", "recorded_by_id"): "retention_checks",  # their own "still in work" answers
    ("notifications", "user_id"): "notifications", ("notification_preferences", "user_id"): "notifications",
    ("participants", "coach_id"): None, ("case_notes", "author_id"): None,
    ("discovery_interviews", "interviewer_id"): None, ("sessions", "facilitator_id"): None,
    ("skill_assessments", "assessor_id"): None, ("attendance", "recorded_by_id"): None,
    ("placements", "voided_by_id"): None,  # only staff void a placement
    # the employer CRM: relationship managers, who logged an activity, who owns a follow-up (staff only)
    ("employers", "owner_id"): None, ("employer_activities", "staff_id"): None,
    ("employer_follow_ups", "owner_id"): None,
    ("jobs", "started_by_id"): None,  # background jobs (workbook import) are started by staff only
    ("uploads", "created_by_id"): None,  # workbooks uploaded on the staff workbook page (staff only)
    # interview days are created and scored by employers and staff, never by a participant's login
    ("interview_days", "created_by_id"): None, ("interview_feedback", "given_by_id"): None,
}
#: entity names of audit events about records kept about the person
RELATED_ENTITIES = {"enrolment": Enrolment, "candidacy": Candidacy, "placement": Placement,
                    "participant_document": ParticipantDocument}


def audit_trail(participant: Participant) -> list[AuditEvent]:
    """Audit events about the person, about the records kept about them, and by their login."""
    conditions = [sa.and_(AuditEvent.entity == "participant", AuditEvent.entity_id == str(participant.id))]
    for entity, model in RELATED_ENTITIES.items():
        ids = select(sa.cast(model.id, sa.String)).where(model.participant_id == participant.id)
        conditions.append(sa.and_(AuditEvent.entity == entity, AuditEvent.entity_id.in_(ids)))
    checks = (select(sa.cast(RetentionCheck.id, sa.String)).join(Placement)
              .where(Placement.participant_id == participant.id))
    conditions.append(sa.and_(AuditEvent.entity == "retention_check", AuditEvent.entity_id.in_(checks)))
    if participant.user_id is not None:
        conditions += [AuditEvent.actor_id == participant.user_id,
                       sa.and_(AuditEvent.entity == "user", AuditEvent.entity_id == str(participant.user_id))]
    return db.session.scalars(
        select(AuditEvent).where(sa.or_(*conditions)).order_by(AuditEvent.at, AuditEvent.id)
    ).all()


def known_emails(participant: Participant, trail: list[AuditEvent]) -> set[str]:
    """Every address the person has had: their own, their login's, and earlier ones the trail shows."""
    emails = {participant.email}
    if participant.user is not None:
        emails.add(participant.user.email)
    emails.update(value for event in trail for value in (event.changes or {}).get("email") or ()
                  if isinstance(value, str) and "@" in value)
    return emails



def _row(obj: Any, *names: str, **extra: Any) -> dict[str, Any]:
    return {**{name: json_safe(getattr(obj, name)) for name in names}, **{k: json_safe(v) for k, v in extra.items()}}


def export_subject_data(participant: Participant) -> dict[str, Any]:
    """Every record about the participant, section by section (see SECTIONS)."""
    p = db.session.scalars(
        select(Participant)
        .options(
            joinedload(Participant.coach),
            selectinload(Participant.enrolments).joinedload(Enrolment.cohort),
            selectinload(Participant.assessments).joinedload(SkillAssessment.skill),
            selectinload(Participant.candidacies).joinedload(Candidacy.hiring_need).joinedload(HiringNeed.employer),
            selectinload(Participant.placements).options(
                joinedload(Placement.employer), selectinload(Placement.retention_checks)),
            selectinload(Participant.case_notes).joinedload(CaseNote.author),
        )
        .where(Participant.id == participant.id)
    ).one()
    attendance = db.session.execute(
        select(Attendance, CohortSession)
        .join(CohortSession, CohortSession.id == Attendance.session_id)
        .where(Attendance.participant_id == p.id)
        .order_by(CohortSession.starts_at)
    ).all()
    ratings = db.session.execute(
        select(SessionRating, CohortSession)
        .join(CohortSession, CohortSession.id == SessionRating.session_id)
        .where(SessionRating.participant_id == p.id)
        .order_by(CohortSession.starts_at)
    ).all()
    documents = db.session.scalars(select(ParticipantDocument).where(ParticipantDocument.participant_id == p.id)
                                   .order_by(ParticipantDocument.kind, ParticipantDocument.version)).all()
    trail = audit_trail(p)
    consent_events = [ev for ev in trail if ev.entity == "participant" and ev.entity_id == str(p.id)
                      and ev.action in ("consent_given", "consent_withdrawn", "nudges_opt_out")]
    emails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient.in_(sorted(known_emails(p, trail))))
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    ).all()
    account = p.user
    return {
        "exported_at": utcnow().isoformat(),
        "profile": _row(p, "id", "first_name", "last_name", "email", "phone", "region", "created_at",
                        coach=p.coach.display_name if p.coach else None),
        "account": _row(account, "email", "role", "active", "created_at", "last_login_at")
        if account is not None else None,
        "intake": _row(p, "referral_source", "needs", "barriers", "strengths", "interests", "goals",
                       "key_life_areas"),
        "enrolments": [
            _row(e, "status", "applied_on", "enrolled_on", "exited_on", "withdrawal_reason", "job_seeking",
                 "exclusion_reason", cohort=e.cohort.code, cohort_name=e.cohort.name)
            for e in p.enrolments
        ],
        "attendance": [
            _row(a, "status", "recorded_at", session=s.title, session_ref=s.ref, starts_at=s.starts_at)
            for a, s in attendance
        ],
        "assessments": [
            _row(a, "stage", "level", "assessed_on", skill=a.skill.label) for a in p.assessments
        ],
        "candidacies": [
            _row(c, "stage", "shortlisted_at", "introduced_at", "interviewing_at", "offer_at", "closed_at",
                 "employer_feedback", employer=c.hiring_need.employer.name, role=c.hiring_need.role_title)
            for c in p.candidacies
        ],
        "interview_feedback": _interview_feedback(p.id),
        "placements": [
            _row(pl, "ref", "role_title", "offer_accepted_on", "start_date", "annual_salary", "hours_per_week",
                 "employment_type", "in_field", employer=pl.employer.name)
            for pl in p.placements
        ],
        "retention_checks": [
            _row(rc, "day_mark", "due_on", "checked_on", "still_employed", "same_employer",
                 "confirmed_by_participant", "notes", placement=pl.ref)
            for pl in p.placements for rc in pl.retention_checks
        ],
        "session_ratings": [
            _row(r, "rating", "comment", "created_at", "updated_at", session=s.title, session_ref=s.ref,
                 starts_at=s.starts_at)
            for r, s in ratings
        ],
        "documents": [  # what is held, not the files (the participant downloads those in their portal)
            _row(d, "kind", "version", "filename", "content_type", "size", "shared", "created_at")
            for d in documents
        ],
        "consent": {
            "consent_to_share": p.consent_to_share,
            "consent_changed_at": json_safe(p.consent_changed_at),
            "reminder_emails_opted_out": p.nudges_opt_out,
            "history": [_row(ev, "at", "action", "changes", by=ev.actor_label) for ev in consent_events],
        },
        "case_notes": [
            _row(n, "written_at", "body", author=n.author.display_name if n.author else None)
            for n in p.case_notes
        ],
        "emails": [_row(m, "created_at", "recipient", "subject", "body_text", "kind") for m in emails],
        "notifications": _notifications(account),
        "audit_events": [_row(ev, "at", "entity", "entity_id", "action", "changes", by=ev.actor_label)
                         for ev in trail],
    }


def _interview_feedback(participant_id: int) -> list[dict[str, Any]]:
    """Every employer's feedback on the person's interviews, with the levels given (shared or not)."""
    rows = db.session.scalars(
        select(InterviewFeedback)
        .options(selectinload(InterviewFeedback.scores).joinedload(InterviewScore.skill),
                 joinedload(InterviewFeedback.candidacy).joinedload(Candidacy.hiring_need)
                 .joinedload(HiringNeed.employer))
        .join(Candidacy, Candidacy.id == InterviewFeedback.candidacy_id)
        .where(Candidacy.participant_id == participant_id)
        .order_by(InterviewFeedback.interviewed_at, InterviewFeedback.id)
    )
    return [
        _row(f, "interviewed_at", "decision", "strengths", "concerns", "message_to_candidate", "share_scores",
             "share_decision", "created_at", "updated_at", employer=f.candidacy.hiring_need.employer.name,
             role=f.candidacy.hiring_need.role_title,
             levels={score.skill.label: score.level for score in f.scores})
        for f in rows
    ]


def _notifications(account: User | None) -> dict[str, list]:
    """The login's notifications list and its choices per kind (app/notifications)."""
    if account is None:
        return {"received": [], "choices": []}
    received = db.session.scalars(select(Notification).where(Notification.user_id == account.id)
                                  .order_by(Notification.created_at, Notification.id))
    choices = db.session.scalars(select(NotificationPreference).where(NotificationPreference.user_id == account.id)
                                 .order_by(NotificationPreference.kind))
    return {"received": [_row(n, "created_at", "kind", "title", "body", "read_at") for n in received],
            "choices": [_row(c, "kind", "email", "portal") for c in choices]}
