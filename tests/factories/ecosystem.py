"""Factories for the capabilities around the cohort loop: interview days, learning, referrals, mentoring.

Kept apart from tests/factories/__init__.py (the core loop) so neither grows past the module limit;
import them from ``tests.factories`` as before.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory

from app.models import Role
from cohorts.models import (
    InterviewAttendance,
    InterviewDay,
    InterviewFeedback,
    InterviewSlot,
    LearningResource,
    MentorConversation,
    MentorKind,
    MentorPairing,
    MentorProfile,
    MentorStatus,
    PairingStatus,
    PartnerKind,
    ProgressStatus,
    ReferralContact,
    ReferralPartner,
    ResourceProgress,
    ResourceSkill,
    ResourceStatus,
)
from tests.factories import (
    BaseFactory,
    CandidacyFactory,
    EmployerFactory,
    HiringNeedFactory,
    ParticipantFactory,
    SkillFactory,
    UserFactory,
)

# --- interview days, booked slots and scored feedback (cohorts/models/interviews.py) ---


class InterviewDayFactory(BaseFactory):
    class Meta:
        model = InterviewDay

    employer = factory.SubFactory(EmployerFactory)
    hiring_need = factory.SubFactory(HiringNeedFactory, employer=factory.SelfAttribute("..employer"))
    title = "Interview day"
    starts_at = factory.LazyFunction(lambda: datetime.now(UTC).replace(microsecond=0) - timedelta(days=4))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=4))
    booking_closes_at = factory.LazyAttribute(lambda o: o.starts_at - timedelta(days=1))
    slot_minutes = 30


class InterviewSlotFactory(BaseFactory):
    """A booked slot the candidate attended, unless told otherwise."""

    class Meta:
        model = InterviewSlot

    day = factory.SubFactory(InterviewDayFactory)
    starts_at = factory.LazyAttributeSequence(lambda o, n: o.day.starts_at + timedelta(minutes=30 * (n % 8)))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=30))
    candidacy = factory.SubFactory(CandidacyFactory, hiring_need=factory.SelfAttribute("..day.hiring_need"))
    attendance = InterviewAttendance.attended


class InterviewFeedbackFactory(BaseFactory):
    class Meta:
        model = InterviewFeedback

    slot = factory.SubFactory(InterviewSlotFactory)
    candidacy = factory.SelfAttribute("slot.candidacy")
    decision = "advance"
    interviewed_at = factory.SelfAttribute("slot.starts_at")


# --- learning resources, the competencies they teach and participants' progress (cohorts/models/learning.py) ---


class LearningResourceFactory(BaseFactory):
    """An approved, free resource of 4 hours."""

    class Meta:
        model = LearningResource

    title = factory.Sequence(lambda n: f"Learning resource {n}")
    url = factory.Sequence(lambda n: f"https://learn.example.test/resource/{n}")
    provider = "Open College"
    cost = 0
    hours = 4
    status = ResourceStatus.approved


class ResourceSkillFactory(BaseFactory):
    class Meta:
        model = ResourceSkill

    resource = factory.SubFactory(LearningResourceFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class ResourceProgressFactory(BaseFactory):
    class Meta:
        model = ResourceProgress

    participant = factory.SubFactory(ParticipantFactory)
    resource = factory.SubFactory(LearningResourceFactory)
    status = ProgressStatus.started
    started_on = factory.LazyFunction(lambda: datetime.now(UTC).date())


# --- referral partners (cohorts/referrals) ---------------------------------------------------



class ReferralPartnerFactory(BaseFactory):
    class Meta:
        model = ReferralPartner

    name = factory.Sequence(lambda n: f"Referral partner {n}")
    kind = PartnerKind.charity
    region = "Toronto"


class ReferralContactFactory(BaseFactory):
    class Meta:
        model = ReferralContact

    partner = factory.SubFactory(ReferralPartnerFactory)
    name = factory.Faker("name")
    role = "Work coach"
    email = factory.Sequence(lambda n: f"contact{n}@partner.example.org")


# --- mentoring: mentor profiles, pairings and conversations (cohorts/models/mentoring.py) ---


class MentorProfileFactory(BaseFactory):
    """An active staff mentor unless told otherwise (pass user= a login of another role with kind=)."""

    class Meta:
        model = MentorProfile

    user = factory.SubFactory(UserFactory, role=Role.staff)
    kind = MentorKind.staff
    role_title = "Account Executive"
    sectors = "Technology"
    help_with = "interview_practice,sector_insight"
    capacity = 2
    status = MentorStatus.active
    visible_in_directory = True


class MentorPairingFactory(BaseFactory):
    class Meta:
        model = MentorPairing

    mentor = factory.SubFactory(MentorProfileFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = PairingStatus.active
    decided_at = factory.LazyFunction(lambda: datetime.now(UTC))


class MentorConversationFactory(BaseFactory):
    class Meta:
        model = MentorConversation

    pairing = factory.SubFactory(MentorPairingFactory)
    starts_at = factory.LazyFunction(lambda: datetime.now(UTC) + timedelta(days=3))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(minutes=45))
    meeting_url = "https://meet.example.org/m"
