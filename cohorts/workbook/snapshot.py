"""The database as workbook sheets: one query per sheet, values in the workbook's typed form.

The plan compares an import with these frames, the checks resolve references against their
keys, and the export writes them out, so all three agree on what a record looks like.
"""

from __future__ import annotations

from collections import defaultdict

import pandas as pd
import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import aliased

from app.extensions import db
from app.models import Skill
from cohorts.models import (
    Attendance,
    Cohort,
    CohortHiringNeed,
    CohortSession,
    Enrolment,
    Participant,
    Placement,
    Programme,
    RetentionCheck,
    SkillAssessment,
)
from cohorts.workbook.schema import SHEETS_BY_NAME
from employers.models import Employer, HiringNeed, HiringNeedSkill


def _text(column):
    """An enum column as its plain stored value (no Enum objects to convert row by row)."""
    return sa.type_coerce(column, sa.String)


def _employers():
    return sa.select(Employer.name, Employer.sector, _text(Employer.size_band), Employer.region,
                     Employer.website, _text(Employer.status), Employer.id)


def _hiring_needs():
    return (
        sa.select(HiringNeed.ref, Employer.name, HiringNeed.role_title, HiringNeed.openings,
                  HiringNeed.region, HiringNeed.salary_min, HiringNeed.salary_max,
                  HiringNeed.needed_by, _text(HiringNeed.status), HiringNeed.stated_requirements,
                  HiringNeed.non_negotiables, HiringNeed.id)
        .join(Employer, HiringNeed.employer_id == Employer.id)
    )


def _cohorts():
    return (
        sa.select(Cohort.code, Programme.name, Cohort.name, Cohort.region, Cohort.starts_on,
                  Cohort.ends_on, Cohort.capacity, _text(Cohort.status), Cohort.id)
        .join(Programme, Cohort.programme_id == Programme.id)
    )


def _sessions():
    return (
        sa.select(CohortSession.ref, Cohort.code, CohortSession.title, _text(CohortSession.kind),
                  CohortSession.starts_at, CohortSession.ends_at, Employer.name,
                  CohortSession.location, CohortSession.id)
        .join(Cohort, CohortSession.cohort_id == Cohort.id)
        .outerjoin(Employer, CohortSession.employer_id == Employer.id)
    )


def _participants():
    p = Participant
    return sa.select(p.email, p.first_name, p.last_name, p.phone, p.region, p.referral_source,
                     p.consent_to_share, p.barriers, p.strengths, p.interests, p.goals, p.id)


def _enrolments():
    e = Enrolment
    return (
        sa.select(Cohort.code, Participant.email, _text(e.status), e.enrolled_on, e.exited_on,
                  e.job_seeking, _text(e.exclusion_reason), e.withdrawal_reason, e.id)
        .join(Cohort, e.cohort_id == Cohort.id)
        .join(Participant, e.participant_id == Participant.id)
    )


def _attendance():
    return (
        sa.select(CohortSession.ref, Participant.email, _text(Attendance.status),
                  Attendance.session_id)
        .join(CohortSession, Attendance.session_id == CohortSession.id)
        .join(Participant, Attendance.participant_id == Participant.id)
    )


def _assessments():
    a = SkillAssessment
    return (
        sa.select(Participant.email, Skill.label_key, _text(a.stage), a.level, a.assessed_on,
                  a.id, Skill.label)
        .join(Participant, a.participant_id == Participant.id)
        .join(Skill, a.skill_id == Skill.id)
    )


def _placements():
    p = Placement
    need = aliased(HiringNeed)
    return (
        sa.select(p.ref, Participant.email, Employer.name, Cohort.code, p.role_title,
                  p.start_date, p.offer_accepted_on, need.ref, p.annual_salary,
                  p.hours_per_week, _text(p.employment_type), p.in_field, p.id)
        .join(Participant, p.participant_id == Participant.id)
        .join(Employer, p.employer_id == Employer.id)
        .join(Cohort, p.cohort_id == Cohort.id)
        .outerjoin(need, p.hiring_need_id == need.id)
    )


def _retention_checks():
    r = RetentionCheck
    return (
        sa.select(Placement.ref, r.day_mark, r.checked_on, _text(r.still_employed), r.id)
        .join(Placement, r.placement_id == Placement.id)
    )


QUERIES = {
    "employers": (_employers, []),
    "hiring_needs": (_hiring_needs, []),
    "cohorts": (_cohorts, []),
    "sessions": (_sessions, []),
    "participants": (_participants, []),
    "enrolments": (_enrolments, []),
    #: attendance has a composite primary key; the session id stands in for "_id"
    "attendance": (_attendance, []),
    "assessments": (_assessments, ["_label"]),
    "placements": (_placements, []),
    "retention_checks": (_retention_checks, []),
}
#: list columns filled from link tables, not part of the sheet's main query
LINKED = {"hiring_needs": "skills", "cohorts": "hiring_needs"}


class Snapshot:
    """Existing records per sheet, loaded once each and only when asked for."""

    def __init__(self) -> None:
        self._frames: dict[str, pd.DataFrame] = {}
        self.skill_labels: dict[str, str] = {}

    def frame(self, sheet_name: str) -> pd.DataFrame:
        if sheet_name not in self._frames:
            self._frames[sheet_name] = self._load(sheet_name)
        return self._frames[sheet_name]

    def keys(self, sheet_name: str) -> set:
        return set(self.frame(sheet_name)[SHEETS_BY_NAME[sheet_name].key[0]])

    def _load(self, sheet_name: str) -> pd.DataFrame:
        sheet = SHEETS_BY_NAME[sheet_name]
        query, extra = QUERIES[sheet_name]
        names = [c for c in sheet.column_names if c != LINKED.get(sheet_name)] + ["_id"] + extra
        rows = db.session.execute(query()).all()
        frame = pd.DataFrame(rows, columns=names, dtype=object)
        frame = frame.astype(object).where(frame.notna(), None)
        if sheet_name == "hiring_needs":
            frame["skills"] = self._linked_skills(frame["_id"])
        elif sheet_name == "cohorts":
            frame["hiring_needs"] = self._linked_needs(frame["_id"])
        elif sheet_name == "assessments":
            self.skill_labels.update(zip(frame["skill"], frame["_label"]))
        return frame

    def _linked_skills(self, ids: pd.Series) -> pd.Series:
        links: dict[int, set] = defaultdict(set)
        stmt = sa.select(HiringNeedSkill.hiring_need_id, Skill.label_key, Skill.label,
                         HiringNeedSkill.level, _text(HiringNeedSkill.importance)
                         ).join(Skill, HiringNeedSkill.skill_id == Skill.id)
        for need_id, key, label, level, importance in db.session.execute(stmt):
            links[need_id].add((key, level, importance))
            self.skill_labels[key] = label
        return pd.Series([frozenset(links.get(i, ())) for i in ids], index=ids.index, dtype=object)

    def _linked_needs(self, ids: pd.Series) -> pd.Series:
        links: dict[int, set] = defaultdict(set)
        stmt = sa.select(CohortHiringNeed.cohort_id, HiringNeed.ref).join(
            HiringNeed, CohortHiringNeed.hiring_need_id == HiringNeed.id)
        for cohort_id, ref in db.session.execute(stmt):
            links[cohort_id].add(ref)
        return pd.Series([frozenset(links.get(i, ())) for i in ids], index=ids.index, dtype=object)

    def id_map(self, sheet_name: str) -> dict:
        """Key → id, read fresh (rows may have just been inserted)."""
        sheet = SHEETS_BY_NAME[sheet_name]
        model = sheet.model
        key_attr = getattr(model, sheet.key[0])
        return dict(db.session.execute(sa.select(key_attr, model.id)).all())


def programme_salary_ranges() -> dict[str, tuple[int, int, str]]:
    """{programme name: (salary_min, salary_max, currency)}: the range a placement's salary must fit."""
    return {name: (low, high, currency) for name, low, high, currency in db.session.execute(
        sa.select(Programme.name, Programme.salary_min, Programme.salary_max, Programme.currency))}


def default_salary_range() -> tuple[int, int, str]:
    """What a programme created by this workbook will have (the model's defaults)."""
    columns = Programme.__table__.c
    return columns.salary_min.default.arg, columns.salary_max.default.arg, current_app.config["DEFAULT_CURRENCY"]


def programme_zones() -> dict[str, str]:
    """{programme name: its IANA zone}: session times in a workbook are on their programme's clock."""
    return dict(db.session.execute(sa.select(Programme.name, Programme.time_zone)).all())


def cohort_time_zones() -> dict[str, str]:
    """{cohort code: its programme's IANA zone}, for the export's session times."""
    return dict(db.session.execute(
        sa.select(Cohort.code, Programme.time_zone).join(Programme, Cohort.programme_id == Programme.id)).all())
