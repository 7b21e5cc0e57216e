"""Cohort models, split by what they describe; import them from here."""

from cohorts.models.documents import DocumentKind, ParticipantDocument
from cohorts.models.feedback import RATING_SCALE, SessionRating
from cohorts.models.interviews import (
    InterviewAttendance,
    InterviewDay,
    InterviewDayStatus,
    InterviewDecision,
    InterviewFeedback,
    InterviewScore,
    InterviewSlot,
)
from cohorts.models.jobsearch import ApplicationStage, SavedPosting
from cohorts.models.mentoring import HELP_WITH, MentorConversation, MentorKind, MentorPairing, MentorProfile, MentorSkill, MentorStatus, OPEN_PAIRING_STATUSES, PairingStatus
from cohorts.models.learning import LearningResource, ProgressStatus, ResourceFormat, ResourceProgress, ResourceSkill, ResourceStatus
from cohorts.models.participants import (
    Attendance,
    AttendanceStatus,
    CaseNote,
    Enrolment,
    EnrolmentStatus,
    ExclusionReason,
    Participant,
    AssessmentStage,
    SkillAssessment,
)
from cohorts.models.placements import (
    Candidacy,
    CandidacyStage,
    HOURS_PER_WEEK_RANGE,
    EmploymentType,
    Placement,
    RetentionCheck,
    StillEmployed,
    placement_term_problems,
)
from cohorts.models.opendata import OpenDataPackage
from cohorts.models.talent import ReachOut, ReachOutStatus, TalentProfile
from cohorts.models.credentials import STATUS_LIST_SIZE, CredentialKind, IssuedCredential, IssuerKey
from cohorts.models.referrals import DeclineReason, PartnerKind, ReferralContact, ReferralPartner
from cohorts.models.programmes import (
    PROGRAMME_SALARY_RANGE,
    Cohort,
    CohortHiringNeed,
    CohortSession,
    CohortStatus,
    ConsortiumMember,
    Module,
    ModuleSkill,
    Programme,
    SessionKind,
)
from cohorts.models.tallies import STARTER_STATUSES, StarterAttendanceTally, starter_clause

__all__ = [
    "LearningResource", "ProgressStatus", "ResourceFormat", "ResourceProgress", "ResourceSkill", "ResourceStatus",
    "ApplicationStage", "SavedPosting",
    "HELP_WITH", "MentorConversation", "MentorKind", "MentorPairing", "MentorProfile", "MentorSkill", "MentorStatus", "OPEN_PAIRING_STATUSES", "PairingStatus",
    "AssessmentStage", "Attendance", "AttendanceStatus", "Candidacy", "CandidacyStage",
    "HOURS_PER_WEEK_RANGE", "InterviewAttendance", "InterviewDay", "InterviewDayStatus", "InterviewDecision",
    "InterviewFeedback", "InterviewScore", "InterviewSlot", "PROGRAMME_SALARY_RANGE", "CaseNote", "Cohort", "CohortHiringNeed", "CohortSession", "CohortStatus",
    "ConsortiumMember", "DocumentKind", "EmploymentType", "Enrolment", "EnrolmentStatus", "ExclusionReason",
    "Module", "ModuleSkill", "Participant", "ParticipantDocument", "Placement", "Programme", "RetentionCheck",
    "RATING_SCALE", "STARTER_STATUSES", "SessionKind", "SessionRating", "SkillAssessment", "StarterAttendanceTally",
    "StillEmployed",
    "DeclineReason", "PartnerKind", "ReferralContact", "ReferralPartner",
    "OpenDataPackage",
    "ReachOut", "ReachOutStatus", "TalentProfile",
    "STATUS_LIST_SIZE", "CredentialKind", "IssuedCredential", "IssuerKey",
    "placement_term_problems", "starter_clause",
]
