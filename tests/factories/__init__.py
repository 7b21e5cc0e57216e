"""factory_boy factories for every model; they flush into the test's rolled-back session."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, Skill, SkillKind, User
from cohorts.models import (
    AssessmentStage,
    Attendance,
    AttendanceStatus,
    Candidacy,
    CandidacyStage,
    CaseNote,
    Cohort,
    CohortHiringNeed,
    CohortSession,
    CohortStatus,
    ConsortiumMember,
    Enrolment,
    EnrolmentStatus,
    Module,
    ModuleSkill,
    Participant,
    Placement,
    Programme,
    RetentionCheck,
    SessionKind,
    SkillAssessment,
    StillEmployed,
)
from employers.models import (
    Contact,
    DiscoveryInterview,
    DiscoveryQuestion,
    Employer,
    EmployerStatus,
    HiringNeed,
    HiringNeedSkill,
    HiringNeedStatus,
    Importance,
    InterviewAnswer,
    QuestionSection,
    SizeBand,
)

PASSWORD = "correct horse battery staple"


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session
        sqlalchemy_session_persistence = "flush"


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@example.test")
    full_name = factory.Faker("name")
    role = Role.staff
    active = True
    password_hash = factory.LazyFunction(lambda: _password_hash())


_HASH: dict[str, str] = {}


def _password_hash() -> str:
    """Hashing is slow on purpose; tests share one hash of the test password."""
    if "hash" not in _HASH:
        from werkzeug.security import generate_password_hash

        _HASH["hash"] = generate_password_hash(PASSWORD)
    return _HASH["hash"]


class SkillFactory(BaseFactory):
    class Meta:
        model = Skill

    label = factory.Sequence(lambda n: f"Skill {n}")
    label_key = factory.LazyAttribute(lambda o: Skill.key_for(o.label))
    kind = SkillKind.skill


class EmployerFactory(BaseFactory):
    class Meta:
        model = Employer

    name = factory.Sequence(lambda n: f"Employer {n} Ltd")
    sector = "Technology"
    size_band = SizeBand.medium
    region = "Toronto"
    website = factory.LazyAttribute(lambda o: f"https://{o.name.split()[0].lower()}.example")
    status = EmployerStatus.hiring_partner


class ContactFactory(BaseFactory):
    class Meta:
        model = Contact

    employer = factory.SubFactory(EmployerFactory)
    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"contact{n}@employer.example")
    job_title = "Head of Sales"


class DiscoveryQuestionFactory(BaseFactory):
    class Meta:
        model = DiscoveryQuestion

    bank_version = 1
    position = factory.Sequence(lambda n: n + 1000)
    section = QuestionSection.talent
    key = factory.Sequence(lambda n: f"question_{n}")
    text = factory.Sequence(lambda n: f"Question {n}?")


class DiscoveryInterviewFactory(BaseFactory):
    class Meta:
        model = DiscoveryInterview

    employer = factory.SubFactory(EmployerFactory)
    held_on = factory.LazyFunction(date.today)
    summary = "They struggle to hire account executives."
    pain_points = factory.LazyFunction(lambda: ["slow hiring"])


class InterviewAnswerFactory(BaseFactory):
    class Meta:
        model = InterviewAnswer

    interview = factory.SubFactory(DiscoveryInterviewFactory)
    question = factory.SubFactory(DiscoveryQuestionFactory)
    answer = "Account executives"


class HiringNeedFactory(BaseFactory):
    class Meta:
        model = HiringNeed

    ref = factory.Sequence(lambda n: f"HN-{n:05d}")
    employer = factory.SubFactory(EmployerFactory)
    role_title = "Account Executive"
    openings = 2
    region = "Toronto"
    salary_min = 50000
    salary_max = 65000
    needed_by = factory.LazyFunction(lambda: date.today() + timedelta(days=120))
    status = HiringNeedStatus.open
    stated_requirements = "3+ years of B2B sales"


class HiringNeedSkillFactory(BaseFactory):
    class Meta:
        model = HiringNeedSkill

    hiring_need = factory.SubFactory(HiringNeedFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3
    importance = Importance.must


class ProgrammeFactory(BaseFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Programme {n}")
    target_occupation = "Sales development"


class CohortFactory(BaseFactory):
    class Meta:
        model = Cohort

    code = factory.Sequence(lambda n: f"C-{n:04d}")
    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.LazyAttribute(lambda o: f"Cohort {o.code}")
    region = "Toronto"
    starts_on = factory.LazyFunction(lambda: date.today() - timedelta(days=30))
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + timedelta(days=56))
    capacity = 30
    status = CohortStatus.training


class CohortHiringNeedFactory(BaseFactory):
    class Meta:
        model = CohortHiringNeed

    cohort = factory.SubFactory(CohortFactory)
    hiring_need = factory.SubFactory(HiringNeedFactory)


class ConsortiumMemberFactory(BaseFactory):
    class Meta:
        model = ConsortiumMember

    cohort = factory.SubFactory(CohortFactory)
    employer = factory.SubFactory(EmployerFactory)
    co_delivery_sessions = 1
    interviews_guaranteed = 2


class ModuleFactory(BaseFactory):
    class Meta:
        model = Module

    cohort = factory.SubFactory(CohortFactory)
    position = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Module {n}")
    hours = 12


class ModuleSkillFactory(BaseFactory):
    class Meta:
        model = ModuleSkill

    module = factory.SubFactory(ModuleFactory)
    skill = factory.SubFactory(SkillFactory)
    level = 3


class CohortSessionFactory(BaseFactory):
    class Meta:
        model = CohortSession

    ref = factory.Sequence(lambda n: f"S-{n:05d}")
    cohort = factory.SubFactory(CohortFactory)
    title = factory.Sequence(lambda n: f"Session {n}")
    kind = SessionKind.training
    starts_at = factory.LazyFunction(lambda: datetime.now(UTC).replace(microsecond=0) + timedelta(days=1))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=3))
    location = "Room 1, 100 King St W"


class ParticipantFactory(BaseFactory):
    class Meta:
        model = Participant

    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"participant{n}@example.test")
    region = "Toronto"
    referral_source = "Community partner"
    consent_to_share = True


class CaseNoteFactory(BaseFactory):
    class Meta:
        model = CaseNote

    participant = factory.SubFactory(ParticipantFactory)
    body = "Talked through interview nerves; practising the STAR method."


class EnrolmentFactory(BaseFactory):
    class Meta:
        model = Enrolment

    participant = factory.SubFactory(ParticipantFactory)
    cohort = factory.SubFactory(CohortFactory)
    status = EnrolmentStatus.enrolled
    enrolled_on = factory.LazyAttribute(lambda o: o.cohort.starts_on)
    job_seeking = True


class AttendanceFactory(BaseFactory):
    class Meta:
        model = Attendance

    session = factory.SubFactory(CohortSessionFactory)
    participant = factory.SubFactory(ParticipantFactory)
    status = AttendanceStatus.present


class SkillAssessmentFactory(BaseFactory):
    class Meta:
        model = SkillAssessment

    participant = factory.SubFactory(ParticipantFactory)
    skill = factory.SubFactory(SkillFactory)
    stage = AssessmentStage.baseline
    level = 1
    assessed_on = factory.LazyFunction(date.today)


class CandidacyFactory(BaseFactory):
    class Meta:
        model = Candidacy

    participant = factory.SubFactory(ParticipantFactory)
    hiring_need = factory.SubFactory(HiringNeedFactory)
    stage = CandidacyStage.shortlisted


class PlacementFactory(BaseFactory):
    class Meta:
        model = Placement

    ref = factory.Sequence(lambda n: f"PL-{n:05d}")
    participant = factory.SubFactory(ParticipantFactory)
    cohort = factory.SubFactory(CohortFactory)
    employer = factory.SubFactory(EmployerFactory)
    role_title = "Sales Development Representative"
    start_date = factory.LazyAttribute(lambda o: o.cohort.ends_on + timedelta(days=30))
    annual_salary = 52000
    in_field = True


class RetentionCheckFactory(BaseFactory):
    class Meta:
        model = RetentionCheck

    placement = factory.SubFactory(PlacementFactory)
    day_mark = 90
    due_on = factory.LazyAttribute(lambda o: o.placement.start_date + timedelta(days=o.day_mark))
    still_employed = StillEmployed.unknown


class AuditEventFactory(BaseFactory):
    class Meta:
        model = AuditEvent

    entity = "user"
    entity_id = "1"
    action = "updated"


class OutboxMessageFactory(BaseFactory):
    class Meta:
        model = OutboxMessage

    recipient = factory.Sequence(lambda n: f"to{n}@example.test")
    subject = "Hello"
    body_text = "Hello there"


def user_for_role(role: Role, **fields) -> User:
    """A user of any role, with the employer or participant record that role needs."""
    if role == Role.employer and "employer" not in fields:
        fields["employer"] = EmployerFactory()
    user = UserFactory(role=role, **{k: v for k, v in fields.items() if k != "participant"})
    if role == Role.participant:
        participant = fields.get("participant") or ParticipantFactory(email=user.email)
        participant.user = user
        db.session.flush()
    return user


# the capabilities around the loop, kept in their own module (re-exported here for the tests)
from tests.factories.ecosystem import (
    InterviewDayFactory,
    InterviewFeedbackFactory,
    InterviewSlotFactory,
    LearningResourceFactory,
    MentorConversationFactory,
    MentorPairingFactory,
    MentorProfileFactory,
    ReferralContactFactory,
    ReferralPartnerFactory,
    ResourceProgressFactory,
    ResourceSkillFactory,
)
