"""Right to erasure and the retention period (UK GDPR): anonymise a participant, keep the outcomes.

Erasure is irreversible: names, contact details, intake answers and every free-text field
written about the person are overwritten, case notes, their documents (CVs), their job search (saved postings
not placed, the job sites they added) and the emails sent to them are deleted,
and their login is anonymised and switched off; mail to any address they had goes too, and
whatever else holds their data hears ``personal_data_erased`` (the workbook drops waiting uploads). The rows the outcome measures count
(enrolments with their dates and statuses, attendance, assessments, candidacies and their
stages, placements with salary and hours, retention checks) stay exactly as they were, so
``flask outcomes`` reads the same before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from app.api_tokens.models import ApiToken
from app.audit import record_audit
from app.db import utcnow
from app.extensions import db
from app.models import AuditEvent, OutboxMessage, User
from app.notifications.models import Notification
from app.notifications.services import forget_subject
from cohorts.errors import CohortRuleError
from cohorts.models import (
    Candidacy,
    CaseNote,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    EqualityMonitoring,
    InterviewFeedback,
    IssuedCredential,
    LearningResource,
    MentorConversation,
    MentorPairing,
    MentorProfile,
    MentorStatus,
    Participant,
    ParticipantDocument,
    Placement,
    ReachOut,
    ResourceProgress,
    RetentionCheck,
    SavedPosting,
    SessionRating,
    TalentProfile,
)
from cohorts.notices import subject_of
from cohorts.privacy.inwork_data import erase_check_ins
from cohorts.privacy.subject_access import audit_trail, known_emails
from cohorts.privacy.work_history_data import erase_work_history
from cohorts.signals import personal_data_erased
from employers.jobs.models import JobSource
from employers.models import new_token

ERASED = "[erased]"
ERASED_DOMAIN = "erased.invalid"
#: participant columns holding personal data, and what each becomes
PERSONAL_FIELDS: dict[str, Any] = {
    "first_name": "Erased", "last_name": "participant", "phone": "", "region": "", "referral_source": "",
    "needs": "", "barriers": "", "strengths": "", "interests": "", "goals": "", "key_life_areas": [],
    "referral_partner_id": None,  # who referred them; their enrolments keep it for the partner's counts
}
#: free text written about the person on the records that are kept
FREE_TEXT = {Enrolment: "withdrawal_reason", Candidacy: "employer_feedback", RetentionCheck: "notes",
             SessionRating: "comment"}  # the rating itself stays: it names no one
#: an employer's words about the person after an interview (the levels and decision stay: outcomes)
INTERVIEW_FREE_TEXT = {"strengths": "", "concerns": "", "message_to_candidate": ""}
#: keys of audit-event changes that may carry personal data
AUDITED_PERSONAL_KEYS = {*PERSONAL_FIELDS, "email", "full_name", *FREE_TEXT.values(), *INTERVIEW_FREE_TEXT,
                         "end_note"}  # staff's note on how a placement ended
#: enrolment statuses that mean the person is still with the programme
ACTIVE_STATUSES = (EnrolmentStatus.applied, EnrolmentStatus.accepted, EnrolmentStatus.enrolled)


def erased_email(participant_id: int) -> str:
    return f"erased-{participant_id}@{ERASED_DOMAIN}"


def _scrub_changes(changes: dict | None) -> dict:
    return {key: ([ERASED, ERASED] if isinstance(value, list) else ERASED)
            if key in AUDITED_PERSONAL_KEYS and value not in (None, "", [None, None]) else value
            for key, value in (changes or {}).items()}


def _scrub_audit_trail(participant: Participant, user: User | None, trail) -> None:
    """Keep who-did-what, drop the personal values the trail recorded about the person."""
    for event in trail:
        event.changes = _scrub_changes(event.changes)
    if user is not None:
        db.session.execute(sa.update(AuditEvent).where(AuditEvent.actor_id == user.id)
                           .values(actor_label=erased_email(participant.id)))


def _related_ids(participant: Participant) -> dict[str, list[int]]:
    return {
        "enrolment": list(db.session.scalars(sa.select(Enrolment.id).where(Enrolment.participant_id == participant.id))),
        "candidacy": list(db.session.scalars(sa.select(Candidacy.id).where(Candidacy.participant_id == participant.id))),
        "retention_check": list(db.session.scalars(
            sa.select(RetentionCheck.id).join(Placement).where(Placement.participant_id == participant.id))),
        "session_rating": list(db.session.scalars(
            sa.select(SessionRating.id).where(SessionRating.participant_id == participant.id))),
    }


def _delete_documents(participant_id: int) -> None:
    """CVs and signed papers go with the person; the introductions that shared a CV lose it."""
    ids = sa.select(ParticipantDocument.id).where(ParticipantDocument.participant_id == participant_id)
    db.session.execute(sa.update(Candidacy).where(Candidacy.shared_cv_id.in_(ids)).values(shared_cv_id=None),
                       execution_options={"synchronize_session": "fetch"})
    db.session.execute(sa.delete(ParticipantDocument).where(ParticipantDocument.participant_id == participant_id),
                       execution_options={"synchronize_session": "fetch"})


def _erase_mentoring(participant: Participant) -> None:
    """Mentoring: the words on their pairings and conversations (as mentee or as alumni mentor) are blanked,
    ratings and dates stay (they name no one); their mentor profile is withdrawn and emptied, its feed closed."""
    profile_ids = sa.select(MentorProfile.id).where(MentorProfile.participant_id == participant.id)
    theirs = sa.or_(MentorPairing.participant_id == participant.id, MentorPairing.mentor_id.in_(profile_ids))
    sync = {"synchronize_session": "fetch"}
    db.session.execute(sa.update(MentorConversation).where(MentorConversation.pairing_id.in_(
        sa.select(MentorPairing.id).where(theirs))).values(note="", location="", meeting_url=""), execution_options=sync)
    db.session.execute(sa.update(MentorPairing).where(theirs, MentorPairing.status.in_(("requested", "active")))
                       .values(status="ended", ended_at=utcnow()), execution_options=sync)
    db.session.execute(sa.update(MentorPairing).where(theirs).values(message="", end_reason=""), execution_options=sync)
    db.session.execute(sa.update(MentorProfile).where(MentorProfile.participant_id == participant.id).values(
        role_title="", employer_name="", sectors="", availability="", contact_phone="", visible_in_directory=False,
        status=MentorStatus.withdrawn, feed_token=new_token()), execution_options=sync)


def _erase_job_search(participant: Participant) -> None:
    """Their job search goes with them: saved postings are deleted, except one a placement was recorded
    from (kept for the outcomes, its notes blanked); the job sites their login added are deleted."""
    mine = SavedPosting.participant_id == participant.id
    db.session.execute(sa.delete(SavedPosting).where(mine, SavedPosting.placement_id.is_(None)),
                       execution_options={"synchronize_session": "fetch"})
    db.session.execute(sa.update(SavedPosting).where(mine).values(notes=""),
                       execution_options={"synchronize_session": "fetch"})
    if participant.user_id is not None:
        db.session.execute(sa.delete(JobSource).where(JobSource.owner_id == participant.user_id),
                           execution_options={"synchronize_session": "fetch"})



def _erase_learning(participant: Participant) -> None:
    """Learning: their comments on resources are blanked (the status and rating stay: they name no one) and the
    resources their login suggested no longer say who suggested them."""
    sync = {"synchronize_session": "fetch"}
    db.session.execute(sa.update(ResourceProgress).where(ResourceProgress.participant_id == participant.id)
                       .values(comment=""), execution_options=sync)
    if participant.user_id is not None:
        db.session.execute(sa.update(LearningResource).where(LearningResource.suggested_by_id == participant.user_id)
                           .values(suggested_by_id=None), execution_options=sync)


def erase_participant(participant: Participant, actor: User | None) -> Participant:
    """Anonymise the participant irreversibly; every row the outcomes count is kept as it is."""
    if participant.anonymised_at is not None:
        raise CohortRuleError("This participant's personal data was already erased.", "understood")
    user = participant.user
    related = _related_ids(participant)
    trail = audit_trail(participant)
    old_emails = known_emails(participant, trail)
    for model, column in FREE_TEXT.items():
        ids = related[{Enrolment: "enrolment", Candidacy: "candidacy", RetentionCheck: "retention_check",
                       SessionRating: "session_rating"}[model]]
        if ids:
            db.session.execute(sa.update(model).where(model.id.in_(ids)).values({column: ""}),
                               execution_options={"synchronize_session": "fetch"})
    if related["candidacy"]:
        db.session.execute(sa.update(InterviewFeedback).where(InterviewFeedback.candidacy_id.in_(related["candidacy"]))
                           .values(INTERVIEW_FREE_TEXT), execution_options={"synchronize_session": "fetch"})
    db.session.execute(sa.delete(CaseNote).where(CaseNote.participant_id == participant.id))
    _delete_documents(participant.id)
    _erase_job_search(participant)
    _erase_mentoring(participant)
    _erase_learning(participant)
    erase_check_ins(participant.id)  # cohorts/privacy/inwork_data.py
    erase_work_history(participant.id)  # later jobs go, placement end notes blanked (work_history_data.py)
    db.session.execute(sa.delete(EqualityMonitoring).where(EqualityMonitoring.participant_id == participant.id))
    # the anonymous talent profile goes, with the requests employers sent to it (an introduction stays a candidacy)
    talent = sa.select(TalentProfile.id).where(TalentProfile.participant_id == participant.id)
    db.session.execute(sa.delete(ReachOut).where(ReachOut.profile_id.in_(talent)),
                       execution_options={"synchronize_session": "fetch"})
    db.session.execute(sa.delete(TalentProfile).where(TalentProfile.participant_id == participant.id),
                       execution_options={"synchronize_session": "fetch"})
    # their credentials are revoked (the status list says so to anyone holding a copy), the signed text and the
    # share link go: the row keeps only its status bit
    db.session.execute(sa.update(IssuedCredential).where(IssuedCredential.participant_id == participant.id)
                       .values(revoked_at=sa.func.coalesce(IssuedCredential.revoked_at, utcnow()),
                               revoke_reason="Personal data erased", compact_jwt="", public_token=None),
                       execution_options={"synchronize_session": "fetch"})
    db.session.execute(sa.delete(OutboxMessage).where(OutboxMessage.recipient.in_(old_emails)))
    forget_subject(subject_of(participant))  # staff's and employers' notices naming them
    if user is not None:
        db.session.execute(sa.delete(Notification).where(Notification.user_id == user.id))
        db.session.execute(sa.delete(ApiToken).where(ApiToken.user_id == user.id))  # app/api_tokens
    db.session.expire(participant, ["case_notes"])
    for key, value in PERSONAL_FIELDS.items():
        setattr(participant, key, value)
    participant.email = erased_email(participant.id)
    participant.feed_token = new_token()  # the old calendar feed link stops working
    participant.nudges_opt_out = True
    participant.anonymised_at = utcnow()
    if user is not None:
        participant.user = None
        user.email = f"erased-user-{user.id}@{ERASED_DOMAIN}"
        user.full_name = ""
        user.password_hash = None
        user.active = False
        user.security_stamp = (user.security_stamp or 0) + 1  # ends every session and link
    db.session.flush()
    _scrub_audit_trail(participant, user, trail)
    record_audit(actor, "participant", participant.id, "erased", {"anonymised_at": [None, participant.anonymised_at]})
    personal_data_erased.send(participant.id, emails=sorted(old_emails))
    return participant


# --- retention ----------------------------------------------------------------------------


@dataclass(frozen=True)
class RetentionCandidate:
    participant_id: int
    email: str
    last_exit_on: date


def _years_before(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


def retention_candidates(today: date, years: int) -> list[RetentionCandidate]:
    """Participants with nothing current whose last exit (or placement start) is before the cutoff."""
    cutoff = _years_before(today, years)
    exit_on = sa.func.coalesce(Enrolment.exited_on, Cohort.ends_on, Enrolment.applied_on)
    last_exit = (
        sa.select(Enrolment.participant_id.label("pid"), sa.func.max(exit_on).label("last_exit"))
        .join(Cohort, Cohort.id == Enrolment.cohort_id)
        .group_by(Enrolment.participant_id)
        .subquery()
    )
    last_start = (
        sa.select(Placement.participant_id.label("pid"), sa.func.max(Placement.start_date).label("last_start"))
        .group_by(Placement.participant_id)
        .subquery()
    )
    active = sa.select(Enrolment.id).where(
        Enrolment.participant_id == Participant.id, Enrolment.status.in_(ACTIVE_STATUSES))
    rows = db.session.execute(
        sa.select(Participant.id, Participant.email, last_exit.c.last_exit, last_start.c.last_start)
        .join(last_exit, last_exit.c.pid == Participant.id)
        .outerjoin(last_start, last_start.c.pid == Participant.id)
        .where(Participant.anonymised_at.is_(None), ~sa.exists(active), last_exit.c.last_exit.is_not(None))
        .order_by(Participant.id)
    ).all()
    found = []
    for pid, email, exit_day, start_day in rows:
        latest = max(d for d in (exit_day, start_day) if d is not None)
        if latest < cutoff:
            found.append(RetentionCandidate(pid, email, latest))
    return found


def enforce_retention(today: date, *, years: int, dry_run: bool = True,
                      actor: User | None = None) -> list[RetentionCandidate]:
    """Anonymise everyone past the retention period; a dry run only reports who that would be."""
    candidates = retention_candidates(today, years)
    if not dry_run:
        for candidate in candidates:
            erase_participant(db.session.get(Participant, candidate.participant_id), actor)
    return candidates
