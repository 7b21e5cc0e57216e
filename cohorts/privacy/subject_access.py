"""Subject access: everything Bridgework holds about one participant, as plain JSON-ready data.

Under UK GDPR a subject access request covers case notes written about the person too,
so they are included; so are the reminder emails sent to them and the consent history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.db import json_safe, utcnow
from app.extensions import db
from app.models import AuditEvent, OutboxMessage
from cohorts.models import (
    Attendance,
    Candidacy,
    CaseNote,
    CohortSession,
    Enrolment,
    Participant,
    Placement,
    SkillAssessment,
)
from employers.models import HiringNeed

SECTIONS = (
    "profile", "intake", "enrolments", "attendance", "assessments", "candidacies", "placements",
    "retention_checks", "consent", "case_notes", "emails",
)



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
    consent_events = db.session.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity == "participant", AuditEvent.entity_id == str(p.id),
               AuditEvent.action.in_(["consent_given", "consent_withdrawn", "nudges_opt_out"]))
        .order_by(AuditEvent.at, AuditEvent.id)
    ).all()
    emails = db.session.scalars(
        select(OutboxMessage).where(OutboxMessage.recipient == p.email).order_by(OutboxMessage.created_at)
    ).all()
    return {
        "exported_at": utcnow().isoformat(),
        "profile": _row(p, "id", "first_name", "last_name", "email", "phone", "region", "created_at",
                        coach=p.coach.display_name if p.coach else None),
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
        "placements": [
            _row(pl, "ref", "role_title", "offer_accepted_on", "start_date", "annual_salary", "hours_per_week",
                 "employment_type", "in_field", employer=pl.employer.name)
            for pl in p.placements
        ],
        "retention_checks": [
            _row(rc, "day_mark", "due_on", "checked_on", "still_employed", "same_employer",
                 "confirmed_by_participant", placement=pl.ref)
            for pl in p.placements for rc in pl.retention_checks
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
        "emails": [_row(m, "created_at", "subject", "body_text", "kind") for m in emails],
    }
