"""Export then import into an empty database: the same records and the same outcome figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
import sqlalchemy as sa

from app.extensions import db
from cohorts.models import (
    AssessmentStage,
    AttendanceStatus,
    CohortSession,
    EmploymentType,
    EnrolmentStatus,
    ExclusionReason,
    Participant,
    SessionKind,
    StillEmployed,
)
from cohorts.outcomes.measures import cohort_outcomes
from cohorts.workbook.export import workbook_frames
from cohorts.workbook.services import export_workbook, import_workbook
from employers.models import Employer, HiringNeed, Importance
from tests import factories as f

#: tables the workbook carries (everything else — users, audit, mail — stays put)
WORKBOOK_TABLES = (
    "attendance", "skill_assessments", "retention_checks", "placements", "candidacies",
    "enrolments", "case_notes", "sessions", "module_skills", "modules", "consortium_members",
    "cohort_hiring_needs", "cohorts", "programmes", "hiring_need_skills", "hiring_needs",
    "interview_answers", "discovery_interviews", "contacts", "participants", "employers", "skills",
)
#: what the demo holds beyond the workbook (interview days, mentoring, learning, jobs, referrals): the
#: workbook neither exports nor imports it, so the demo's round trip clears it first
BEYOND_WORKBOOK_TABLES = (
    "interview_scores", "interview_feedback", "interview_slots", "interview_days", "mentor_conversations",
    "mentor_pairings", "mentor_skills", "mentor_profiles", "resource_progress", "resource_skills",
    "learning_resources", "saved_postings", "job_posting_skills", "job_posting_sources", "job_postings",
    "job_sources", "session_ratings", "participant_documents",
)
AS_OF = date(2026, 9, 30)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    """A whole-minute UTC time (the workbook carries minutes)."""
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)


def build_programme() -> dict:
    """A small but complete programme touching every sheet and every awkward value."""
    python, sales = f.SkillFactory(label="Python"), f.SkillFactory(label="Consultative Selling")
    acme = f.EmployerFactory(name="Acme Ltd", sector="Retail", region="Leeds")
    evil = f.EmployerFactory(name="=HYPERLINK(\"x\")", sector="+Sales", size_band=None, website="")
    need = f.HiringNeedFactory(ref="HN-1", employer=acme, openings=3, needed_by=date(2026, 3, 1),
                               stated_requirements="-5 years; @home", salary_min=None)
    f.HiringNeedSkillFactory(hiring_need=need, skill=python, level=3, importance=Importance.must)
    f.HiringNeedSkillFactory(hiring_need=need, skill=sales, level=2, importance=Importance.nice)
    other_need = f.HiringNeedFactory(ref="HN-2", employer=evil, openings=1, needed_by=None)
    programme = f.ProgrammeFactory(name="SalesCamp")
    spring = f.CohortFactory(code="SC-1", programme=programme, starts_on=date(2026, 1, 5),
                             ends_on=date(2026, 3, 27), capacity=None)
    autumn = f.CohortFactory(code="SC-2", programme=programme, starts_on=date(2026, 4, 6),
                             ends_on=date(2026, 6, 26))
    f.CohortHiringNeedFactory(cohort=spring, hiring_need=need)
    f.CohortHiringNeedFactory(cohort=spring, hiring_need=other_need)
    f.CohortHiringNeedFactory(cohort=autumn, hiring_need=need)
    sessions = [
        f.CohortSessionFactory(ref="S-1", cohort=spring, starts_at=at(date(2026, 1, 6), 9, 30),
                               ends_at=at(date(2026, 1, 6), 12)),
        f.CohortSessionFactory(ref="S-2", cohort=spring, kind=SessionKind.employer_session,
                               employer=acme, starts_at=at(date(2026, 7, 7), 13, 15), ends_at=None),
        f.CohortSessionFactory(ref="S-3", cohort=autumn, starts_at=at(date(2026, 4, 7), 8)),
    ]
    people = [
        f.ParticipantFactory(email=f"p{i}@example.test", phone="+44 7700 900123" if i == 0 else "",
                             consent_to_share=bool(i % 2), barriers="'=already quoted" if i == 1 else "")
        for i in range(6)
    ]
    statuses = [EnrolmentStatus.completed, EnrolmentStatus.completed, EnrolmentStatus.withdrawn,
                EnrolmentStatus.completed, EnrolmentStatus.enrolled, EnrolmentStatus.applied]
    for person, status in zip(people, statuses):
        f.EnrolmentFactory(participant=person, cohort=spring, status=status,
                           enrolled_on=None if status == EnrolmentStatus.applied else spring.starts_on,
                           exited_on=date(2026, 2, 1) if status == EnrolmentStatus.withdrawn else None,
                           withdrawal_reason="Moved away" if status == EnrolmentStatus.withdrawn else "")
    f.EnrolmentFactory(participant=people[3], cohort=autumn, status=EnrolmentStatus.completed,
                       job_seeking=False, exclusion_reason=ExclusionReason.serious_illness)
    marks = [AttendanceStatus.present, AttendanceStatus.late, AttendanceStatus.absent, AttendanceStatus.excused]
    for i, person in enumerate(people[:5]):
        for j, session in enumerate(sessions[:2]):
            f.AttendanceFactory(session=session, participant=person, status=marks[(i + j) % 4])
    f.SkillAssessmentFactory(participant=people[0], skill=python, stage=AssessmentStage.baseline,
                             level=0, assessed_on=None)
    f.SkillAssessmentFactory(participant=people[0], skill=python, stage=AssessmentStage.exit, level=3)
    first = f.PlacementFactory(ref="PL-1", participant=people[0], cohort=spring, employer=acme,
                               hiring_need=need, start_date=date(2026, 4, 1),
                               offer_accepted_on=date(2026, 3, 20), hours_per_week=Decimal("37.50"))
    second = f.PlacementFactory(ref="PL-2", participant=people[1], cohort=spring, employer=evil,
                                start_date=date(2026, 5, 1), annual_salary=None, in_field=False,
                                employment_type=EmploymentType.fixed_term, hours_per_week=Decimal("40"))
    f.PlacementFactory(ref="PL-3", participant=people[3], cohort=autumn, employer=acme,
                       start_date=date(2026, 7, 1), hiring_need=need)
    f.RetentionCheckFactory(placement=first, day_mark=90, checked_on=date(2026, 7, 1),
                            still_employed=StillEmployed.yes)
    f.RetentionCheckFactory(placement=first, day_mark=180, still_employed=StillEmployed.unknown)
    f.RetentionCheckFactory(placement=second, day_mark=90, checked_on=date(2026, 8, 1),
                            still_employed=StillEmployed.no)
    db.session.flush()
    return {"people": people, "sessions": sessions}


def empty_workbook_tables() -> None:
    for table in WORKBOOK_TABLES:
        db.session.execute(sa.text(f"DELETE FROM {table}"))
    db.session.expire_all()


def frames_as_lists() -> dict[str, list]:
    return {name: frame.values.tolist() for name, frame in workbook_frames().items()}


@pytest.mark.parametrize("target", ["programme.xlsx", "csv-folder"])
def test_export_then_import_into_an_empty_database_gives_the_same_records(tmp_path, target):
    build_programme()
    before, figures = frames_as_lists(), cohort_outcomes(AS_OF)
    path = export_workbook(tmp_path / target)
    empty_workbook_tables()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Participant)) == 0

    result = import_workbook(path)

    assert result.errors == []
    assert result.counts["attendance"] == {"created": 10, "updated": 0, "unchanged": 0}
    assert result.counts["programmes"]["created"] == 1
    assert result.counts["skills"]["created"] == 2
    assert frames_as_lists() == before
    assert cohort_outcomes(AS_OF) == figures
    assert figures["programme"]["placed_180"] >= 1  # the comparison covers real figures


def test_round_trip_keeps_local_times_and_exact_values(tmp_path):
    build_programme()
    path = export_workbook(tmp_path / "out")
    sessions = (path / "sessions.csv").read_text(encoding="utf-8")
    assert "S-1,SC-1,Session" in sessions.replace('"', "")
    assert "2026-01-06T09:30,2026-01-06T12:00" in sessions  # January: London = UTC
    assert "2026-07-07T14:15" in sessions  # July: London = UTC+1
    empty_workbook_tables()
    import_workbook(path)
    late = db.session.scalar(sa.select(CohortSession).where(CohortSession.ref == "S-2"))
    assert late.starts_at == at(date(2026, 7, 7), 13, 15)
    evil = db.session.scalar(sa.select(Employer).where(Employer.name.startswith("=")))
    assert evil.sector == "+Sales"
    quoted = db.session.scalar(sa.select(Participant).where(Participant.email == "p1@example.test"))
    assert quoted.barriers == "'=already quoted"
    need = db.session.scalar(sa.select(HiringNeed).where(HiringNeed.ref == "HN-1"))
    assert need.stated_requirements == "-5 years; @home"
    assert sorted((c.skill.label, c.level, c.importance.value) for c in need.competencies) == [
        ("Consultative Selling", 2, "nice"), ("Python", 3, "must")]


@pytest.mark.parametrize("target", ["again.xlsx", "again"])
def test_importing_the_same_workbook_twice_changes_nothing(tmp_path, target):
    build_programme()
    path = export_workbook(tmp_path / target)

    result = import_workbook(path)

    assert result.errors == []
    assert result.total("created") == 0
    assert result.total("updated") == 0
    assert result.counts["participants"]["unchanged"] == 6


def test_a_changed_value_updates_the_record(tmp_path):
    build_programme()
    path = export_workbook(tmp_path / "out")
    participants = path / "participants.csv"
    text = participants.read_text(encoding="utf-8")
    participants.write_text(text.replace("p2@example.test", "P2@Example.test  ", 1), encoding="utf-8")
    attendance = path / "attendance.csv"
    rows = attendance.read_text(encoding="utf-8").splitlines()
    rows[1] = rows[1].rsplit(",", 1)[0] + ",EXCUSED"
    attendance.write_text("\n".join(rows) + "\n", encoding="utf-8")
    needs = path / "hiring_needs.csv"
    needs.write_text(needs.read_text(encoding="utf-8").replace("Python:3:must", "python:4"),
                     encoding="utf-8")

    result = import_workbook(path)

    assert result.errors == []
    assert result.counts["attendance"] == {"created": 0, "updated": 1, "unchanged": 9}
    assert result.counts["hiring_needs"]["updated"] == 1
    assert result.counts["participants"]["updated"] == 0  # e-mails are matched lower-cased
    assert "skills" not in result.counts  # "python" is the existing "Python"
    need = db.session.scalar(sa.select(HiringNeed).where(HiringNeed.ref == "HN-1"))
    assert {(c.skill.label, c.level) for c in need.competencies} == {
        ("Python", 4), ("Consultative Selling", 2)}
    assert need.version == 2


def test_today_figures_survive_the_round_trip(tmp_path):
    build_programme()
    today = date.today() + timedelta(days=1)
    figures = cohort_outcomes(today)
    path = export_workbook(tmp_path / "today.xlsx")
    empty_workbook_tables()
    assert import_workbook(path).ok
    assert cohort_outcomes(today) == figures


def test_the_demo_programme_survives_the_round_trip(tmp_path):
    from cohorts.seed.demo import seed_demo

    seed_demo()
    db.session.flush()
    before = frames_as_lists()
    figures = [cohort_outcomes(day) for day in (AS_OF, date.today())]
    assert len(before["attendance"]) > 100
    path = export_workbook(tmp_path / "demo.xlsx")
    db.session.execute(sa.text("DELETE FROM audit_events"))
    for table in BEYOND_WORKBOOK_TABLES:
        db.session.execute(sa.text(f"DELETE FROM {table}"))
    db.session.execute(sa.text("DELETE FROM users WHERE role = 'employer'"))
    empty_workbook_tables()  # employer logins go too: an employer cannot be deleted under them

    result = import_workbook(path)

    assert result.errors == []
    assert frames_as_lists() == before
    assert [spec_figures(cohort_outcomes(day)) for day in (AS_OF, date.today())] == [spec_figures(f) for f in figures]
    assert figures[1]["programme"]["starters"] > 0


def spec_figures(outcomes: dict) -> dict:
    """The measures of spec/outcomes.md: the workbook (spec/workbook.md) carries no check-ins, later jobs or
    job ends, so the figures beyond 180 days (docs/OUTCOMES.md) are outside what a round trip keeps."""
    return {key: value for key, value in outcomes.items() if key != "beyond_180"}


@pytest.mark.parametrize("target", ["empty.xlsx", "empty-folder"])
def test_an_export_of_an_empty_database_imports_as_nothing(tmp_path, target):
    empty_workbook_tables()
    path = export_workbook(tmp_path / target)
    result = import_workbook(path)
    assert result.errors == []
    assert len(result.counts) == 10  # every sheet was read: headers only
    assert {tuple(c.values()) for c in result.counts.values()} == {(0, 0, 0)}
