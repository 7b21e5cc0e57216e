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

from app.api_tokens.models import ApiToken
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
    EqualityMonitoring,
    InterviewFeedback,
    InterviewScore,
    IssuedCredential,
    LearningResource,
    MentorPairing,
    MentorProfile,
    Participant,
    ParticipantDocument,
    Placement,
    ReachOut,
    ResourceProgress,
    RetentionCheck,
    SavedPosting,
    SessionRating,
    SkillAssessment,
    TalentProfile,
)
from cohorts.privacy.inwork_data import check_ins_export
from cohorts.privacy.work_history_data import later_jobs_export
from employers.jobs.models import JobSource
from employers.models import HiringNeed

SECTIONS = (
    "profile", "account", "intake", "enrolments", "attendance", "assessments", "candidacies", "interview_feedback",
    "placements", "retention_checks", "session_ratings", "documents", "consent", "case_notes", "emails", "notifications", "api_tokens", "audit_events",
    "job_applications", "job_sources",
    "mentoring", "mentor_profile",
    "learning", "learning_suggestions",
    "credentials",
    "talent_profile",
    "check_ins",
    "later_jobs",
    "equality_monitoring",
)
#: tables with a foreign key to participants.id → the section listing their rows
PARTICIPANT_TABLES = {
    "enrolments": "enrolments", "attendance": "attendance", "skill_assessments": "assessments",
    "candidacies": "candidacies", "placements": "placements", "case_notes": "case_notes",
    "session_ratings": "session_ratings", "participant_documents": "documents",
    "saved_postings": "job_applications",
    "mentor_pairings": "mentoring", "mentor_profiles": "mentor_profile",
    "resource_progress": "learning",
    "issued_credentials": "credentials",
    "talent_profiles": "talent_profile",  # and its reach-outs (talent_reach_outs.profile_id)
    "check_ins": "check_ins", "risk_flags": "check_ins",  # in-work check-ins and the flags they raised
    "equality_monitoring": "equality_monitoring",  # voluntary answers (cohorts/coaching)
    "later_jobs": "later_jobs",  # jobs after a placement (how a placement ended is in "placements")
}
#: (table, column) with a foreign key to users.id → the section listing what it says about the
#: participant's own login, or None where only staff are referenced (a participant's login
#: never coaches, writes notes, interviews employers, facilitates, assesses or takes registers)
USER_REFERENCES = {
    ("participants", "user_id"): "account",
    ("audit_events", "actor_id"): "audit_events",
    ("retention_checks", "recorded_by_id"): "retention_checks",  # their own "still in work" answers
    ("notifications", "user_id"): "notifications", ("notification_preferences", "user_id"): "notifications",
    ("api_tokens", "user_id"): "api_tokens",  # their API tokens: names, scopes, use (never the secret)
    ("participants", "coach_id"): None, ("case_notes", "author_id"): None,
    ("discovery_interviews", "interviewer_id"): None, ("sessions", "facilitator_id"): None,
    ("skill_assessments", "assessor_id"): None, ("attendance", "recorded_by_id"): None,
    ("placements", "voided_by_id"): None,  # only staff void a placement
    # the employer CRM: relationship managers, who logged an activity, who owns a follow-up (staff only)
    ("employers", "owner_id"): None, ("employer_activities", "staff_id"): None,
    ("employer_follow_ups", "owner_id"): None,
    ("jobs", "started_by_id"): None,  # background jobs (workbook import) are started by staff only
    ("uploads", "created_by_id"): None,  # workbooks uploaded on the staff workbook page (staff only)
    ("webhook_endpoints", "created_by_id"): None,  # only admins register webhook endpoints (ids-only payloads)
    # interview days are created and scored by employers and staff, never by a participant's login
    ("interview_days", "created_by_id"): None, ("interview_feedback", "given_by_id"): None,
    # mentoring: their own mentor profile, their asks, the conversations they booked; only staff invite mentors
    ("mentor_profiles", "user_id"): "mentor_profile", ("mentor_pairings", "requested_by_id"): "mentoring",
    ("mentor_conversations", "booked_by_id"): "mentoring", ("mentor_profiles", "invited_by_id"): None,
    # job sites a participant added for themselves (staff add the programme's, with no owner)
    ("job_sources", "owner_id"): "job_sources", ("job_sources", "added_by_id"): "job_sources",
    # learning resources their login suggested; only staff approve, reject or retire one
    ("learning_resources", "suggested_by_id"): "learning_suggestions", ("learning_resources", "approved_by_id"): None,
    ("talent_reach_outs", "sent_by_id"): None,  # employer logins reach out, never a participant's
    ("check_ins", "recorded_by_id"): None, ("risk_flags", "resolved_by_id"): None,  # coaches only
    ("later_jobs", "recorded_by_id"): None,  # staff record the work history
    ("coach_profiles", "user_id"): None, ("coach_match_models", "trained_by_id"): None,  # staff coaches and admins
}
#: entity names of audit events about records kept about the person
RELATED_ENTITIES = {"enrolment": Enrolment, "candidacy": Candidacy, "placement": Placement,
                    "participant_document": ParticipantDocument, "saved_posting": SavedPosting,
                    "mentor_pairing": MentorPairing, "mentor_profile": MentorProfile,
                    "issued_credential": IssuedCredential}


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
            joinedload(Participant.coach), joinedload(Participant.referral_partner),
            selectinload(Participant.enrolments).options(joinedload(Enrolment.cohort),
                                                         joinedload(Enrolment.referral_partner)),
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
                       "key_life_areas", referral_partner=p.referral_partner.name if p.referral_partner else None),
        "enrolments": [
            _row(e, "status", "applied_on", "enrolled_on", "exited_on", "withdrawal_reason", "job_seeking",
                 "exclusion_reason", "source", "decline_reason", cohort=e.cohort.code, cohort_name=e.cohort.name,
                 referral_partner=e.referral_partner.name if e.referral_partner else None)
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
                 "employment_type", "in_field", "ended_on", "end_reason", "end_note", employer=pl.employer.name)
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
        "api_tokens": _api_tokens(account),
        **_mentoring(p.id),
        "audit_events": [_row(ev, "at", "entity", "entity_id", "action", "changes", by=ev.actor_label)
                         for ev in trail],
        **_job_search(p),
        **_learning(p),
        "credentials": _credentials(p.id),
        "talent_profile": _talent(p.id),
        "check_ins": check_ins_export(p.id),
        "later_jobs": later_jobs_export(p.id),
        "equality_monitoring": _equality(p.id),
    }


def _equality(participant_id: int) -> list[dict[str, Any]]:
    """Their voluntary equality answers (never used to match or decide): one row, or none."""
    rows = db.session.scalars(select(EqualityMonitoring).where(EqualityMonitoring.participant_id == participant_id))
    return [_row(row, "age_band", "gender", "disability", "ethnicity", "recorded_at") for row in rows]


def _credentials(participant_id: int) -> list[dict[str, Any]]:
    """The verifiable credentials issued to them, each with its signed text (cohorts/credentials)."""
    rows = db.session.scalars(select(IssuedCredential).where(IssuedCredential.participant_id == participant_id)
                              .options(joinedload(IssuedCredential.skill)).order_by(IssuedCredential.id))
    return [_row(c, "kind", "jti", "issued_at", "expires_at", "revoked_at", "revoke_reason", "compact_jwt",
                 skill=c.skill.label if c.skill else None) for c in rows]


def _learning(participant: Participant) -> dict[str, list]:
    """The learning resources they started, finished and rated, and the ones their login suggested."""
    progress = db.session.scalars(select(ResourceProgress).options(joinedload(ResourceProgress.resource))
                                  .where(ResourceProgress.participant_id == participant.id).order_by(ResourceProgress.id))
    suggested = db.session.scalars(select(LearningResource).where(LearningResource.suggested_by_id == participant.user_id)
                                   .order_by(LearningResource.id)) if participant.user_id is not None else ()
    return {
        "learning": [_row(r, "status", "started_on", "done_on", "rating", "comment", "created_at", "updated_at",
                          resource=r.resource.title, link=r.resource.url) for r in progress],
        "learning_suggestions": [_row(r, "title", "url", "provider", "status", "created_at") for r in suggested],
    }


def _job_search(participant: Participant) -> dict[str, list]:
    """The jobs they saved and how each application went, and the job sites they added for themselves."""
    saved = db.session.scalars(select(SavedPosting).options(joinedload(SavedPosting.posting))
                               .where(SavedPosting.participant_id == participant.id).order_by(SavedPosting.id))
    sources = db.session.scalars(select(JobSource).where(JobSource.owner_id == participant.user_id)
                                 .order_by(JobSource.id)) if participant.user_id is not None else ()
    return {
        "job_applications": [
            _row(s, "stage", "applied_on", "stage_changed_at", "notes", "created_at", job=s.posting.title,
                 employer=s.posting.employer_name, link=s.posting.url)
            for s in saved
        ],
        "job_sources": [_row(s, "name", "url", "kind", "created_at") for s in sources],
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


def _mentoring(participant_id: int) -> dict[str, list]:
    """Their mentors and conversations (as mentee) and, for an alumni mentor, their profile and pairings."""
    def pairing_row(pairing: MentorPairing, other: str) -> dict[str, Any]:
        return _row(pairing, "status", "message", "requested_at", "decided_at", "ended_at", "end_reason", **{
            other: (pairing.mentor.display_name if other == "mentor" else pairing.participant.first_name),
            "conversations": [_row(c, "starts_at", "ends_at", "location", "meeting_url", "note",
                                   "participant_rating", "mentor_rating", "cancelled_at")
                              for c in pairing.conversations]})

    options = (joinedload(MentorPairing.mentor).joinedload(MentorProfile.user),
               joinedload(MentorPairing.participant), selectinload(MentorPairing.conversations))
    as_mentee = db.session.scalars(select(MentorPairing).where(MentorPairing.participant_id == participant_id)
                                   .options(*options).order_by(MentorPairing.requested_at)).all()
    profile = db.session.scalar(select(MentorProfile).where(MentorProfile.participant_id == participant_id)
                                .options(selectinload(MentorProfile.skills)))
    as_mentor = db.session.scalars(select(MentorPairing).where(MentorPairing.mentor_id == profile.id)
                                   .options(*options).order_by(MentorPairing.requested_at)).all() if profile else []
    return {
        "mentoring": [pairing_row(p, "mentor") for p in as_mentee],
        "mentor_profile": [_row(profile, "kind", "status", "role_title", "employer_name", "sectors", "help_with",
                                "availability", "contact_phone", "capacity", "visible_in_directory", "show_role",
                                "show_employer", "show_skills", "show_help", "invited_at",
                                skills=[s.label for s in profile.skills],
                                pairings=[pairing_row(p, "mentee") for p in as_mentor])] if profile else [],
    }


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


def _api_tokens(account: User | None) -> list[dict[str, Any]]:
    """The login's API tokens (app/api_tokens): what they were called and used for, not their hashes."""
    if account is None:
        return []
    tokens = db.session.scalars(select(ApiToken).where(ApiToken.user_id == account.id).order_by(ApiToken.id))
    return [_row(t, "name", "prefix", "scopes", "created_at", "expires_at", "last_used_at", "revoked_at")
            for t in tokens]


def _talent(participant_id: int) -> list[dict[str, Any]]:
    """Their anonymous talent profile (handle, availability, region, band) and the requests employers sent to it."""
    profile = db.session.scalar(select(TalentProfile).where(TalentProfile.participant_id == participant_id))
    if profile is None:
        return []
    requests = db.session.scalars(select(ReachOut).where(ReachOut.profile_id == profile.id)
                                  .options(joinedload(ReachOut.employer), joinedload(ReachOut.hiring_need))
                                  .order_by(ReachOut.sent_at))
    return [_row(profile, "handle", "opted_in_at", "opted_out_at", "available_from", "region", "learnability_band",
                 reach_outs=[_row(r, "handle", "message", "training_pledge", "status", "sent_at", "decided_at",
                                  employer=r.employer.name, hiring_need=r.hiring_need.ref) for r in requests])]
