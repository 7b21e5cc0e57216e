"""The programme workbook described once (docs/WORKBOOK.md): parsing, checks and export read it.

A sheet lists its columns in export order, key columns first. A column's ``kind`` says how a
cell is parsed and written; ``attr`` is the model attribute it fills (None when the writer
handles it specially: references become foreign keys, lists become link rows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from app.models import Skill
from cohorts.models import (
    AssessmentStage,
    Attendance,
    AttendanceStatus,
    Cohort,
    CohortSession,
    CohortStatus,
    EmploymentType,
    Enrolment,
    EnrolmentStatus,
    ExclusionReason,
    Participant,
    Placement,
    RetentionCheck,
    SessionKind,
    SkillAssessment,
    StillEmployed,
)
from employers.models import Employer, EmployerStatus, HiringNeed, HiringNeedStatus, SizeBand

#: cell kinds; "ref" is a key of another sheet, "refs" a ;-list of them, "skills" the
#: hiring-need competency list (label:level[:must|nice]), "skill" one skill label
KINDS = frozenset(
    {"text", "email", "int", "decimal", "bool", "date", "datetime", "enum",
     "ref", "refs", "skills", "skill", "programme"}
)


@dataclass(frozen=True)
class Column:
    name: str
    kind: str = "text"
    required: bool = False
    #: the model attribute written; None when the writer maps it (references, lists)
    attr: str | None = None
    #: the canonical value of an empty cell (None for nullable columns)
    default: Any = ""
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int | None = None
    #: for ref/refs: the sheet whose key the cell names
    target: str | None = None

    def __post_init__(self) -> None:
        assert self.kind in KINDS, self.kind


@dataclass(frozen=True)
class Sheet:
    name: str
    model: type
    key: tuple[str, ...]
    columns: tuple[Column, ...]
    #: singular noun used in messages ("unknown employer …")
    noun: str = ""
    by_name: dict[str, Column] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_name", {c.name: c for c in self.columns})

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required_columns(self) -> list[str]:
        return [c.name for c in self.columns if c.required]


def _values(enum_cls) -> tuple[str, ...]:
    return tuple(member.value for member in enum_cls)


def _len(model: type, attr: str) -> int | None:
    return getattr(model.__table__.c[attr].type, "length", None)


def text(model: type, name: str, *, required: bool = False, attr: str | None = None) -> Column:
    attr = attr or name
    return Column(name, "text", required, attr, max_length=_len(model, attr))


def enum(name: str, enum_cls, *, default: Any = None, required: bool = False,
         attr: str | None = None) -> Column:
    return Column(name, "enum", required, attr or name, default=default, choices=_values(enum_cls))


def ref(name: str, target: str, *, required: bool = True, attr: str | None = None) -> Column:
    return Column(name, "ref", required, attr, default=None, target=target)


def date_(name: str, *, required: bool = False) -> Column:
    return Column(name, "date", required, name, default=None)


def integer(name: str, *, required: bool = False, minimum: int | None = None,
            maximum: int | None = None) -> Column:
    return Column(name, "int", required, name, default=None, minimum=minimum, maximum=maximum)


def boolean(name: str, default: bool) -> Column:
    return Column(name, "bool", False, name, default=default)


EMPLOYERS = Sheet("employers", Employer, ("name",), (
    text(Employer, "name", required=True),
    text(Employer, "sector"),
    enum("size_band", SizeBand),
    text(Employer, "region"),
    text(Employer, "website"),
    enum("status", EmployerStatus, default="prospect"),
), noun="employer")

HIRING_NEEDS = Sheet("hiring_needs", HiringNeed, ("ref",), (
    text(HiringNeed, "ref", required=True),
    ref("employer", "employers", attr="employer_id"),
    text(HiringNeed, "role_title", required=True),
    integer("openings", required=True, minimum=1),
    text(HiringNeed, "region"),
    integer("salary_min", minimum=0),
    integer("salary_max", minimum=0),
    date_("needed_by"),
    enum("status", HiringNeedStatus, default="open"),
    Column("skills", "skills", default=frozenset()),
    text(HiringNeed, "stated_requirements"),
    text(HiringNeed, "non_negotiables"),
), noun="hiring need")

COHORTS = Sheet("cohorts", Cohort, ("code",), (
    text(Cohort, "code", required=True),
    Column("programme", "programme", True, "programme_id", default=None, max_length=200),
    text(Cohort, "name"),
    text(Cohort, "region"),
    date_("starts_on", required=True),
    date_("ends_on", required=True),
    integer("capacity", minimum=1),
    enum("status", CohortStatus, default="design"),
    Column("hiring_needs", "refs", default=frozenset(), target="hiring_needs"),
), noun="cohort")

SESSIONS = Sheet("sessions", CohortSession, ("ref",), (
    text(CohortSession, "ref", required=True),
    ref("cohort", "cohorts", attr="cohort_id"),
    text(CohortSession, "title", required=True),
    enum("kind", SessionKind, default="training"),
    Column("starts_at", "datetime", True, "starts_at", default=None),
    Column("ends_at", "datetime", False, "ends_at", default=None),
    ref("employer", "employers", required=False, attr="employer_id"),
    text(CohortSession, "location"),
), noun="session")

PARTICIPANTS = Sheet("participants", Participant, ("email",), (
    Column("email", "email", True, "email", default=None, max_length=_len(Participant, "email")),
    text(Participant, "first_name", required=True),
    text(Participant, "last_name", required=True),
    text(Participant, "phone"),
    text(Participant, "region"),
    text(Participant, "referral_source"),
    boolean("consent_to_share", False),
    text(Participant, "barriers"),
    text(Participant, "strengths"),
    text(Participant, "interests"),
    text(Participant, "goals"),
), noun="participant")

ENROLMENTS = Sheet("enrolments", Enrolment, ("cohort", "email"), (
    ref("cohort", "cohorts", attr="cohort_id"),
    ref("email", "participants", attr="participant_id"),
    enum("status", EnrolmentStatus, required=True),
    date_("enrolled_on"),
    date_("exited_on"),
    boolean("job_seeking", True),
    enum("exclusion_reason", ExclusionReason),
    text(Enrolment, "withdrawal_reason"),
), noun="enrolment")

ATTENDANCE = Sheet("attendance", Attendance, ("session", "email"), (
    ref("session", "sessions", attr="session_id"),
    ref("email", "participants", attr="participant_id"),
    enum("status", AttendanceStatus, required=True),
), noun="attendance row")

ASSESSMENTS = Sheet("assessments", SkillAssessment, ("email", "skill", "stage"), (
    ref("email", "participants", attr="participant_id"),
    Column("skill", "skill", True, "skill_id", default=None, max_length=_len(Skill, "label")),
    enum("stage", AssessmentStage, required=True),
    integer("level", required=True, minimum=0, maximum=4),
    date_("assessed_on"),
), noun="assessment")

PLACEMENTS = Sheet("placements", Placement, ("ref",), (
    text(Placement, "ref", required=True),
    ref("email", "participants", attr="participant_id"),
    ref("employer", "employers", attr="employer_id"),
    ref("cohort", "cohorts", attr="cohort_id"),
    text(Placement, "role_title", required=True),
    date_("start_date", required=True),
    date_("offer_accepted_on"),
    ref("hiring_need", "hiring_needs", required=False, attr="hiring_need_id"),
    integer("annual_salary", minimum=0),
    Column("hours_per_week", "decimal", False, "hours_per_week", default=None),
    enum("employment_type", EmploymentType, default="permanent"),
    boolean("in_field", True),
), noun="placement")

RETENTION_CHECKS = Sheet("retention_checks", RetentionCheck, ("placement", "day_mark"), (
    ref("placement", "placements", attr="placement_id"),
    Column("day_mark", "enum", True, "day_mark", default=None, choices=("90", "180")),
    date_("checked_on"),
    enum("still_employed", StillEmployed, required=True),
), noun="retention check")

#: every sheet in dependency order: a sheet only refers to sheets before it
SHEETS: tuple[Sheet, ...] = (
    EMPLOYERS, HIRING_NEEDS, COHORTS, SESSIONS, PARTICIPANTS,
    ENROLMENTS, ATTENDANCE, ASSESSMENTS, PLACEMENTS, RETENTION_CHECKS,
)
SHEETS_BY_NAME: dict[str, Sheet] = {sheet.name: sheet for sheet in SHEETS}
SHEET_ORDER: dict[str, int] = {sheet.name: i for i, sheet in enumerate(SHEETS)}
