"""Data sets for the open data tests: people assessed, employers' needs, cohorts' starters."""

from __future__ import annotations

import csv
import io
import zipfile
from datetime import UTC, date, datetime

from cohorts.models import AssessmentStage, CohortStatus, EnrolmentStatus
from tests import factories

AS_OF = date(2026, 6, 30)
ASSESSED_ON = date(2026, 5, 10)  # 2026-Q2
OPENED_AT = datetime(2026, 5, 1, 12, tzinfo=UTC)


def assessed(skill, people: int, *, baselines: int | None = None, exit_level: int = 3, region: str = "Toronto",
             **participant):
    """`people` participants assessed at exit in `skill` in 2026-Q2; the first `baselines` (all by default)
    also have a baseline at level 1."""
    made = []
    for n in range(people):
        person = factories.ParticipantFactory(region=region, **participant)
        factories.SkillAssessmentFactory(participant=person, skill=skill, stage=AssessmentStage.exit,
                                         level=exit_level, assessed_on=ASSESSED_ON)
        if baselines is None or n < baselines:
            factories.SkillAssessmentFactory(participant=person, skill=skill, stage=AssessmentStage.baseline,
                                             level=1, assessed_on=date(2026, 4, 1))
        made.append(person)
    return made


def needs(skill, openings_by_employer: list[int], employer_name: str | None = None):
    """One open need per employer requiring `skill`, opened in 2026-Q2."""
    for n, openings in enumerate(openings_by_employer):
        employer = factories.EmployerFactory(**({"name": f"{employer_name} {n}"} if employer_name else {}))
        need = factories.HiringNeedFactory(openings=openings, submitted_at=OPENED_AT, employer=employer)
        factories.HiringNeedSkillFactory(hiring_need=need, skill=skill)


def starters(count: int, *, programme_name: str = "Open Data Programme"):
    """A cohort that ended in 2026-Q1 with `count` completers."""
    cohort = factories.CohortFactory(programme=factories.ProgrammeFactory(name=programme_name),
                                     starts_on=date(2026, 1, 5), ends_on=date(2026, 3, 27),
                                     status=CohortStatus.closed)
    for _ in range(count):
        factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.completed, exited_on=date(2026, 3, 27))
    return cohort


def rows(tables, name: str) -> list[dict]:
    return tables[name].astype(object).where(tables[name].notna(), None).to_dict("records")


def zip_csv(archive: bytes, name: str) -> list[dict]:
    with zipfile.ZipFile(io.BytesIO(archive)) as package:
        return list(csv.DictReader(io.StringIO(package.read(f"{name}.csv").decode("utf-8"))))
