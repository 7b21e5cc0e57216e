"""The catalogue of notification kinds: who may get each, its label, and what is on by default.

A kind is stored as its value (a short string) in notifications, preferences and the outbox, so
the catalogue can grow without a migration; nothing outside this list is ever sent.
"""

from __future__ import annotations

from dataclasses import dataclass

from app.db import StrEnum
from app.models import STAFF_ROLES, Role


class Kind(StrEnum):
    # participants
    application = "application"
    enrolment = "enrolment"
    introduction = "introduction"
    candidacy_stage = "candidacy_stage"
    retention_check_in = "retention_check_in"
    interview_booking = "interview_booking"
    interview_feedback = "interview_feedback"
    # employers
    candidate_introduced = "candidate_introduced"
    need_reviewed = "need_reviewed"
    session_changed = "session_changed"
    interview_booked = "interview_booked"
    interview_feedback_due = "interview_feedback_due"
    # programme staff
    need_submitted = "need_submitted"
    questionnaire_submitted = "questionnaire_submitted"
    application_arrived = "application_arrived"
    retention_overdue = "retention_overdue"
    follow_up_due = "follow_up_due"
    # mentoring: a mentor may be a participant (alumni), an employer volunteer or staff
    mentor_invitation = "mentor_invitation"
    mentee_request = "mentee_request"
    mentor_pairing = "mentor_pairing"
    mentor_conversation = "mentor_conversation"
    # learning resources: anyone but staff suggests one, staff review it
    resource_suggested = "resource_suggested"
    resource_reviewed = "resource_reviewed"
    # job search: a participant hired from a job they found; staff record the placement
    job_search_hire = "job_search_hire"
    # talent profiles: an employer reaches out to an anonymous profile, the participant answers
    talent_reach_out = "talent_reach_out"
    talent_reach_out_answer = "talent_reach_out_answer"
    # in-work support: a check-in answer raised a risk flag for the participant's coach
    risk_flag_raised = "risk_flag_raised"


@dataclass(frozen=True)
class KindInfo:
    #: what the settings page calls it
    label: str
    #: the roles that may get it (and see it on their settings page)
    roles: frozenset[Role]
    #: by email unless the person turned it off
    email: bool = True
    #: in the portal's notifications list unless the person turned it off
    portal: bool = True


PARTICIPANT = frozenset({Role.participant})
EMPLOYER = frozenset({Role.employer})

KINDS: dict[Kind, KindInfo] = {
    Kind.application: KindInfo("My application: received, accepted or not accepted", PARTICIPANT),
    Kind.enrolment: KindInfo("I am enrolled on a cohort", PARTICIPANT),
    Kind.introduction: KindInfo("I am introduced to an employer", PARTICIPANT),
    Kind.candidacy_stage: KindInfo("My job applications: interviews, offers and hires", PARTICIPANT),
    Kind.retention_check_in: KindInfo("A check-in about my job is due", PARTICIPANT),
    Kind.interview_booking: KindInfo("Interview days: slots to book, my bookings and reminders", PARTICIPANT),
    Kind.interview_feedback: KindInfo("An employer shares feedback on my interview", PARTICIPANT),
    Kind.candidate_introduced: KindInfo("A candidate is introduced to us", EMPLOYER),
    Kind.need_reviewed: KindInfo("Our hiring need is reviewed: published, filled or closed", EMPLOYER),
    Kind.session_changed: KindInfo("A session we co-deliver changes or is cancelled", EMPLOYER),
    Kind.interview_booked: KindInfo("A candidate books, swaps or cancels an interview slot; reminders", EMPLOYER),
    Kind.interview_feedback_due: KindInfo("Feedback on an interview is due", EMPLOYER),
    Kind.need_submitted: KindInfo("An employer submits a hiring need for review", STAFF_ROLES),
    Kind.questionnaire_submitted: KindInfo("An employer sends their questionnaire", STAFF_ROLES),
    Kind.application_arrived: KindInfo("An application to a cohort arrives", STAFF_ROLES, email=False),
    Kind.retention_overdue: KindInfo("A retention check is overdue", STAFF_ROLES),
    Kind.follow_up_due: KindInfo("A follow-up I own with an employer is due", STAFF_ROLES),
    Kind.mentor_invitation: KindInfo("I am invited to mentor participants", PARTICIPANT | EMPLOYER | STAFF_ROLES),
    Kind.mentee_request: KindInfo("A participant asks me to be their mentor", PARTICIPANT | EMPLOYER | STAFF_ROLES),
    Kind.mentor_pairing: KindInfo("Mentoring: my mentor accepts, declines or ends; staff pair us",
                                  PARTICIPANT | EMPLOYER | STAFF_ROLES),
    Kind.mentor_conversation: KindInfo("Mentoring conversations: booked or cancelled", PARTICIPANT | EMPLOYER | STAFF_ROLES),
    Kind.resource_suggested: KindInfo("A learning resource is suggested for review", STAFF_ROLES, email=False),
    Kind.resource_reviewed: KindInfo("A learning resource I suggested is approved or not", PARTICIPANT | EMPLOYER),
    Kind.job_search_hire: KindInfo("A participant is hired from a job they found: record the placement", STAFF_ROLES),
    Kind.talent_reach_out: KindInfo("A hiring partner reaches out to my anonymous talent profile", PARTICIPANT),
    Kind.talent_reach_out_answer: KindInfo("A person we reached out to accepts or declines", EMPLOYER),
    Kind.risk_flag_raised: KindInfo("A check-in of someone I coach raises a risk flag", STAFF_ROLES),
}


def kinds_for(role: Role | str) -> list[Kind]:
    """The kinds a role may get, in catalogue order (the settings page's rows)."""
    return [kind for kind, info in KINDS.items() if Role(role) in info.roles]
