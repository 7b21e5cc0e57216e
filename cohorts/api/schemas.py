"""The API's JSON shapes (marshmallow): the OpenAPI document is generated from these."""

from __future__ import annotations

import marshmallow as ma
from marshmallow import fields as f

from cohorts.models import CandidacyStage, CohortStatus, EnrolmentStatus
from employers.models import EmployerStatus, HiringNeedStatus

#: the largest id a path or a filter may name (SQLite and PostgreSQL integers)
MAX_ID = 2**31 - 1


def one_of(enum) -> ma.validate.OneOf:
    return ma.validate.OneOf([member.value for member in enum])


def an_id(**kwargs) -> f.Integer:
    return f.Integer(validate=ma.validate.Range(1, MAX_ID), **kwargs)


class Base(ma.Schema):
    class Meta:
        ordered = True


def page_schema(item: type[ma.Schema], name: str) -> type[ma.Schema]:
    """``{"items": [...], "next": url or null}`` for ``item``."""
    return type(name, (Base,), {
        "items": f.List(f.Nested(item), required=True),
        "next": f.String(allow_none=True, required=True, metadata={"description": "the next page's URL; null on the last"}),
    })


class SkillSchema(Base):
    id = f.Integer(required=True)
    label = f.String(required=True)
    kind = f.String(required=True)
    esco_uri = f.String(allow_none=True, required=True)


class SkillSearchArgs(Base):
    q = f.String(required=True, validate=ma.validate.Length(1, 100))
    limit = f.Integer(load_default=10, validate=ma.validate.Range(1, 50))


class EmployerSchema(Base):
    id = f.Integer(required=True)
    name = f.String(required=True)
    sector = f.String(required=True)
    region = f.String(required=True)
    website = f.String(required=True)
    status = f.String(required=True)


class EmployerArgs(Base):
    sector = f.String(validate=ma.validate.Length(max=120))
    region = f.String(validate=ma.validate.Length(max=120))
    status = f.String(validate=one_of(EmployerStatus))


class ContactSchema(Base):
    id = f.Integer(required=True)
    employer_id = f.Integer(required=True)
    name = f.String(required=True)
    email = f.String(required=True)
    job_title = f.String(required=True)
    is_primary = f.Boolean(required=True)


class CompetencySchema(Base):
    skill_id = f.Integer(required=True)
    skill = f.Function(lambda c: c.skill.label, required=True)
    level = f.Integer(required=True, validate=ma.validate.Range(0, 4))
    importance = f.String(required=True)


class HiringNeedSchema(Base):
    id = f.Integer(dump_only=True, required=True)
    ref = f.String(dump_only=True, required=True)
    employer_id = an_id(required=True)
    role_title = f.String(required=True, validate=ma.validate.Length(1, 200))
    openings = f.Integer(required=True, validate=ma.validate.Range(1, 1000))
    region = f.String(required=True, validate=ma.validate.Length(max=120))
    salary_min = f.Integer(allow_none=True, required=True, validate=ma.validate.Range(0, 10_000_000))
    salary_max = f.Integer(allow_none=True, required=True, validate=ma.validate.Range(0, 10_000_000))
    needed_by = f.Date(allow_none=True, required=True)
    status = f.String(dump_only=True, required=True)
    version = f.Integer(dump_only=True, required=True)
    competencies = f.List(f.Nested(CompetencySchema), dump_only=True, required=True)


class HiringNeedArgs(Base):
    employer_id = an_id()
    status = f.String(validate=one_of(HiringNeedStatus))
    region = f.String(validate=ma.validate.Length(max=120))


class HiringNeedEdit(Base):
    """A partial edit: only the fields sent change; ``version`` (or If-Match) guards against lost updates."""

    role_title = f.String(validate=ma.validate.Length(1, 200))
    openings = f.Integer(validate=ma.validate.Range(1, 1000))
    region = f.String(validate=ma.validate.Length(max=120))
    version = an_id()


class CohortSchema(Base):
    id = f.Integer(required=True)
    code = f.String(required=True)
    name = f.String(required=True)
    region = f.String(required=True)
    starts_on = f.Date(required=True)
    ends_on = f.Date(required=True)
    capacity = f.Integer(allow_none=True, required=True)
    status = f.String(required=True)
    version = f.Integer(required=True)


class CohortArgs(Base):
    status = f.String(validate=one_of(CohortStatus))
    region = f.String(validate=ma.validate.Length(max=120))


class SessionSchema(Base):
    id = f.Integer(required=True)
    ref = f.String(required=True)
    cohort_id = f.Integer(required=True)
    title = f.String(required=True)
    kind = f.String(required=True)
    starts_at = f.AwareDateTime(required=True)
    ends_at = f.AwareDateTime(allow_none=True, required=True)
    location = f.String(required=True)


class ParticipantSchema(Base):
    id = f.Integer(required=True)
    first_name = f.String(required=True)
    last_name = f.String(required=True)
    email = f.String(required=True)
    region = f.String(required=True)
    coach_id = f.Integer(allow_none=True, required=True)
    consent_to_share = f.Boolean(required=True)
    version = f.Integer(required=True)


class ParticipantArgs(Base):
    region = f.String(validate=ma.validate.Length(max=120))
    coach_id = an_id()


class EnrolmentSchema(Base):
    id = f.Integer(required=True)
    participant_id = f.Integer(required=True)
    cohort_id = f.Integer(required=True)
    status = f.String(required=True)
    applied_on = f.Date(allow_none=True, required=True)
    enrolled_on = f.Date(allow_none=True, required=True)
    exited_on = f.Date(allow_none=True, required=True)


class EnrolmentArgs(Base):
    cohort_id = an_id()
    status = f.String(validate=one_of(EnrolmentStatus))


class CandidacySchema(Base):
    id = f.Integer(required=True)
    participant_id = f.Integer(required=True)
    hiring_need_id = f.Integer(required=True)
    cohort_id = f.Integer(allow_none=True, required=True)
    stage = f.String(required=True)
    stage_changed_at = f.AwareDateTime(required=True)
    employer_feedback = f.String(required=True)
    version = f.Integer(required=True)


class CandidacyArgs(Base):
    hiring_need_id = an_id()
    stage = f.String(validate=one_of(CandidacyStage))


class StageMove(Base):
    stage = f.String(required=True, validate=ma.validate.Length(1, 40))
    feedback = f.String(load_default="", validate=ma.validate.Length(max=5000))
    version = an_id()


class AttendanceMark(Base):
    participant_id = an_id(required=True)
    status = f.String(required=True, validate=ma.validate.Length(1, 40))


class AttendanceWrite(Base):
    marks = f.List(f.Nested(AttendanceMark), required=True, validate=ma.validate.Length(1, 500))


class AttendanceResult(Base):
    created = f.Integer(required=True)
    corrected = f.Integer(required=True)
    unchanged = f.Integer(required=True)


class OutcomesArgs(Base):
    as_of = f.Date()
    cohort = f.List(f.String(validate=ma.validate.Length(1, 40)))


class OpenDataSchema(Base):
    """The latest anonymised open data package (docs/OPEN_DATA.md): its descriptor and where to download it."""

    as_of = f.Date(required=True)
    created_at = f.AwareDateTime(required=True)
    sha256 = f.String(required=True, metadata={"description": "of the zip"})
    size = f.Integer(required=True, metadata={"description": "bytes of the zip"})
    download_url = f.String(required=True, metadata={"description": "the zip on the public open data page"})
    descriptor = f.Dict(required=True, metadata={"description": "datapackage.json (Frictionless Data Package)"})


class OutcomesSchema(Base):
    """Exactly the JSON of ``flask outcomes --format json`` (docs/OUTCOMES.md, /work/shared/spec/outcomes.md)."""

    as_of = f.Date(required=True)
    programme = f.Dict(required=True, metadata={"description": "the programme-wide measures"})
    cohorts = f.Dict(keys=f.String(), values=f.Dict(), required=True,
                     metadata={"description": "cohort code → its measures"})
    beyond_180 = f.Dict(required=True, metadata={
        "description": "retention at 12 months and salary changes: {programme, cohorts: {code: …}}"})


class LearnabilityArgs(Base):
    as_of = f.Date()


class LearnabilitySchema(Base):
    """The learnability object of cohorts/learnability (its spec): returned as that module computes it."""

    class Meta:
        unknown = ma.INCLUDE


class AssessmentSchema(Base):
    id = f.Integer(required=True)
    participant_id = f.Integer(required=True)
    skill_id = f.Integer(required=True)
    stage = f.String(required=True)
    level = f.Integer(required=True)
    assessed_on = f.Date(allow_none=True, required=True)


class AssessmentArgs(Base):
    participant_id = an_id()


class PlacementSchema(Base):
    id = f.Integer(required=True)
    ref = f.String(required=True)
    participant_id = f.Integer(required=True)
    employer_id = f.Integer(required=True)
    hiring_need_id = f.Integer(allow_none=True, required=True)
    cohort_id = f.Integer(required=True)
    role_title = f.String(required=True)
    start_date = f.Date(required=True)
    employment_type = f.String(required=True)
    in_field = f.Boolean(required=True)
    version = f.Integer(required=True)


class PlacementArgs(Base):
    cohort_id = an_id()
    employer_id = an_id()


class RetentionCheckSchema(Base):
    id = f.Integer(required=True)
    placement_id = f.Integer(required=True)
    day_mark = f.Integer(required=True)
    due_on = f.Date(required=True)
    checked_on = f.Date(allow_none=True, required=True)
    still_employed = f.String(required=True)
    same_employer = f.Boolean(allow_none=True, required=True)
    confirmed_by_participant = f.Boolean(required=True)


class RetentionArgs(Base):
    placement_id = an_id()
