"""Malformed workbooks: every error listed as `SHEET row N, COLUMN: message`, nothing written."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import Workbook

from app.extensions import db
from cohorts.models import Attendance, Cohort, CohortSession, Participant
from cohorts.workbook.services import import_workbook
from employers.models import Employer, HiringNeed
from tests import factories as f

EMPLOYERS = "name,sector,size_band,status\nAcme Ltd,Retail,10-49,hiring_partner\n"


def folder(tmp_path: Path, **sheets: str | bytes) -> Path:
    path = tmp_path / "workbook"
    path.mkdir()
    for name, content in sheets.items():
        data = content.encode("utf-8") if isinstance(content, str) else content
        (path / f"{name}.csv").write_bytes(data)
    return path


def lines(result) -> list[str]:
    return [str(error) for error in result.errors]


def counts() -> dict[str, int]:
    models = (Employer, HiringNeed, Cohort, CohortSession, Participant, Attendance)
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in models}


class Unchanged:
    def __init__(self) -> None:
        self.reset()

    def reset(self) -> None:
        """Count again after the test's own setup rows."""
        self.before = counts()


@pytest.fixture
def unchanged():
    """Assert the database holds exactly what it held before the import."""
    tracker = Unchanged()
    yield tracker
    assert counts() == tracker.before


def test_a_wrong_type(tmp_path, unchanged):
    path = folder(tmp_path, employers=EMPLOYERS, hiring_needs=(
        "ref,employer,role_title,openings,salary_min\n"
        "HN-1,Acme Ltd,Account Executive,two,50000\n"
        "HN-2,Acme Ltd,Account Executive,0,lots\n"))
    assert lines(import_workbook(path)) == [
        'hiring_needs row 2, openings: "two" is not a whole number',
        "hiring_needs row 3, openings: must be at least 1",
        'hiring_needs row 3, salary_min: "lots" is not a whole number',
    ]


def test_a_bad_date(tmp_path, unchanged):
    path = folder(tmp_path, cohorts=(
        "code,programme,starts_on,ends_on\n"
        "SC-1,SalesCamp,2026-02-30,2026-03-27\n"
        "SC-2,SalesCamp,05/01/2026,2026-03-27\n"
        "SC-3,SalesCamp,2026-04-01,2026-03-01\n"))
    assert lines(import_workbook(path)) == [
        'cohorts row 2, starts_on: "2026-02-30" is not a date (YYYY-MM-DD)',
        'cohorts row 3, starts_on: "05/01/2026" is not a date (YYYY-MM-DD)',
        "cohorts row 4, ends_on: must not be before starts_on",
    ]


def test_a_bad_date_time_and_an_unknown_value(tmp_path, unchanged):
    f.CohortFactory(code="SC-1")
    unchanged.reset()
    path = folder(tmp_path, sessions=(
        "ref,cohort,title,kind,starts_at\n"
        "S-1,SC-1,Kick-off,lecture,2026-01-06 09:30\n"))
    assert lines(import_workbook(path)) == [
        'sessions row 2, kind: "lecture" is not one of: training, employer_session, workshop, '
        "mock_interview, networking, assessment",
        'sessions row 2, starts_at: "2026-01-06 09:30" is not a date-time (YYYY-MM-DDTHH:MM)',
    ]


def test_an_unknown_sheet_and_an_unknown_column(tmp_path, unchanged):
    path = folder(tmp_path, employers="name,sectr\nAcme Ltd,Retail\n", staff="name\nBob\n")
    assert lines(import_workbook(path)) == [
        "staff: unknown sheet (expected: employers, hiring_needs, cohorts, sessions, participants, "
        "enrolments, attendance, assessments, placements, retention_checks)",
        "employers row 1, sectr: unknown column (expected: name, sector, size_band, region, website, status)",
    ]


def test_a_missing_key(tmp_path, unchanged):
    path = folder(tmp_path,
                  employers="name,sector\n,Retail\nAcme Ltd,Retail\n",
                  participants="first_name,last_name\nAda,Lovelace\n")
    assert lines(import_workbook(path)) == [
        "employers row 2, name: a value is required",
        "participants row 1, email: this required column is missing",
    ]


def test_a_duplicate_key(tmp_path, unchanged):
    path = folder(tmp_path, employers=EMPLOYERS + "Acme Ltd,Retail,,\n", participants=(
        "email,first_name,last_name\nada@example.test,Ada,Lovelace\nADA@example.test ,Ada,L\n"))
    assert lines(import_workbook(path)) == [
        'employers row 3, name: "Acme Ltd" appears twice (first on row 2)',
        'participants row 3, email: "ada@example.test" appears twice (first on row 2)',
    ]


def test_a_dangling_reference(tmp_path, unchanged):
    f.ParticipantFactory(email="known@example.test")
    unchanged.reset()
    path = folder(tmp_path, employers=EMPLOYERS, cohorts=(
        "code,programme,starts_on,ends_on,hiring_needs\nSC-1,SalesCamp,2026-01-05,2026-03-27,HN-9; HN-8\n"),
        enrolments="cohort,email,status\nSC-1,known@example.test,enrolled\nSC-2,nobody@example.test,enrolled\n")
    assert lines(import_workbook(path)) == [
        'cohorts row 2, hiring_needs: unknown hiring need "HN-8" (not in the hiring_needs sheet or the database)',
        'cohorts row 2, hiring_needs: unknown hiring need "HN-9" (not in the hiring_needs sheet or the database)',
        'enrolments row 3, cohort: unknown cohort "SC-2" (not in the cohorts sheet or the database)',
        'enrolments row 3, email: unknown participant "nobody@example.test" (not in the participants sheet or the database)',
    ]


def test_a_formula_cell(tmp_path, unchanged):
    book = Workbook()
    sheet = book.active
    sheet.title = "hiring_needs"
    sheet.append(["ref", "employer", "role_title", "openings"])
    sheet.append(["HN-1", "Acme Ltd", "Account Executive", "=1+1"])
    employers = book.create_sheet("employers")
    employers.append(["name"])
    employers.append(["Acme Ltd"])
    path = tmp_path / "formula.xlsx"
    book.save(path)
    assert lines(import_workbook(path)) == [
        "hiring_needs row 2, openings: formula cells are not accepted (type the value itself)",
        'hiring_needs row 2, openings: "=1+1" is not a whole number',
    ]


def test_a_csv_that_is_not_utf8(tmp_path, unchanged):
    data = "email,first_name,last_name\nzoe@example.test,Zoë,Brontë\n".encode("latin-1")
    path = folder(tmp_path, employers=EMPLOYERS, participants=data)
    assert lines(import_workbook(path)) == [
        "participants row 2: the file is not UTF-8 text (save it as “CSV UTF-8”)",
    ]


def test_a_utf8_csv_with_a_byte_order_mark_is_fine(tmp_path):
    data = "\ufeffemail,first_name,last_name\nzoe@example.test,Zoë,Brontë\n".encode("utf-8")
    result = import_workbook(folder(tmp_path, participants=data))
    assert result.errors == []
    assert db.session.scalar(sa.select(Participant.last_name)) == "Brontë"


@pytest.mark.parametrize("name", ["empty.xlsx", "empty.zip"])
def test_an_empty_file(tmp_path, unchanged, name):
    path = tmp_path / name
    path.write_bytes(b"")
    assert lines(import_workbook(path)) == ["workbook: the file is empty"]


def test_an_empty_csv_in_a_folder(tmp_path, unchanged):
    path = folder(tmp_path, employers=EMPLOYERS, participants="")
    assert lines(import_workbook(path)) == ["participants: the file is empty"]


def test_a_huge_file(tmp_path, unchanged):
    rows = "".join(f"p{i}@example.test,First,Last\n" for i in range(2000))
    path = folder(tmp_path, participants="email,first_name,last_name\n" + rows)
    assert lines(import_workbook(path, max_bytes=10_000)) == [
        "workbook: the workbook is 0.1 MB, over the 0.0 MB limit",
    ]


def test_a_zip_that_would_unpack_into_a_huge_workbook(tmp_path, unchanged):
    path = tmp_path / "bomb.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("participants.csv", "email,first_name,last_name\n" + "x" * 2_000_000)
    assert path.stat().st_size < 100_000
    assert lines(import_workbook(path, max_bytes=1_000_000)) == [
        "workbook: the workbook is 2.0 MB, over the 1.0 MB limit",
    ]


def test_a_damaged_xlsx_and_an_unsupported_type(tmp_path, unchanged):
    damaged = tmp_path / "damaged.xlsx"
    damaged.write_bytes(b"PK\x03\x04 not really a workbook")
    other = tmp_path / "notes.txt"
    other.write_text("name\nAcme\n")
    assert lines(import_workbook(damaged)) == ["workbook: not a readable .xlsx file"]
    assert lines(import_workbook(other)) == [
        "workbook: unsupported file type: use .xlsx, .zip or a folder of .csv files"]


def test_a_row_with_too_many_cells(tmp_path, unchanged):
    path = folder(tmp_path, employers="name,sector\nAcme Ltd,Retail\nBeta,Retail,extra\n")
    assert lines(import_workbook(path)) == ["employers row 3: 3 cells where the header has 2"]


def test_every_error_is_listed_not_just_the_first(tmp_path, unchanged):
    rows = "".join(f"S-1,p{i}@example.test,maybe\n" for i in range(50))
    f.CohortSessionFactory(ref="S-1")
    unchanged.reset()
    path = folder(tmp_path, attendance="session,email,status\n" + rows)
    errors = lines(import_workbook(path))
    assert len(errors) == 100  # each row: an unknown participant and a bad status
    assert errors[0] == 'attendance row 2, email: unknown participant "p0@example.test" ' \
                        "(not in the participants sheet or the database)"
    assert errors[1] == 'attendance row 2, status: "maybe" is not one of: present, late, absent, excused'
    assert errors[-1].startswith("attendance row 51, status:")


def test_hiring_need_skills_are_checked(tmp_path, unchanged):
    path = folder(tmp_path, employers=EMPLOYERS, hiring_needs=(
        "ref,employer,role_title,openings,skills\n"
        "HN-1,Acme Ltd,AE,1,Python:5; Selling; Python:2:must; python:3\n"))
    assert lines(import_workbook(path)) == [
        'hiring_needs row 2, skills: the level of "Python" must be 1 to 4, not 5',
        'hiring_needs row 2, skills: "Selling" is not label:level or label:level:must|nice',
        'hiring_needs row 2, skills: "python" is listed twice',
    ]


def test_a_zip_of_csv_files_imports(tmp_path):
    path = tmp_path / "programme.zip"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("employers.csv", EMPLOYERS)
        archive.writestr("__MACOSX/._employers.csv", "junk")
    result = import_workbook(path)
    assert result.errors == [] and result.counts["employers"]["created"] == 1


def test_real_date_cells_in_xlsx_are_accepted(tmp_path):
    from datetime import datetime

    book = Workbook()
    sheet = book.active
    sheet.title = "cohorts"
    sheet.append(["code", "programme", "starts_on", "ends_on", "capacity"])
    sheet.append(["SC-1", "SalesCamp", datetime(2026, 1, 5), datetime(2026, 3, 27), 30])
    path = tmp_path / "dates.xlsx"
    book.save(path)
    assert import_workbook(path).errors == []
    cohort = db.session.scalar(sa.select(Cohort).where(Cohort.code == "SC-1"))
    assert (cohort.starts_on.isoformat(), cohort.capacity) == ("2026-01-05", 30)


def test_formula_like_text_comes_in_as_text(tmp_path):
    path = folder(tmp_path, employers="name,sector\n'=SUM(A1),'+Sales\n@acme,-\n")
    assert import_workbook(path).errors == []
    names = dict(db.session.execute(sa.select(Employer.name, Employer.sector)).all())
    assert names == {"=SUM(A1)": "+Sales", "@acme": "-"}


def test_impossible_placement_terms_are_row_errors_as_in_the_portals(tmp_path, unchanged):
    """The same rule as the hire form (cohorts.models.placement_term_problems); openings are not held
    against history, so two hires on a one-opening need import."""
    path = folder(
        tmp_path, employers=EMPLOYERS,
        participants="email,first_name,last_name\na@example.test,Ann,A\nb@example.test,Ben,B\n",
        cohorts="code,programme,starts_on,ends_on\nSC-1,SalesCamp,2026-01-05,2026-03-27\n",
        enrolments="cohort,email,status,enrolled_on\nSC-1,a@example.test,completed,2026-01-05\n"
                   "SC-1,b@example.test,completed,2026-01-05\n",
        placements=("ref,email,employer,cohort,role_title,start_date,offer_accepted_on,annual_salary,hours_per_week\n"
                    "PL-1,a@example.test,Acme Ltd,SC-1,AE,2026-04-01,2026-04-09,520,90\n"
                    "PL-2,b@example.test,Acme Ltd,SC-1,AE,2025-12-01,,52000,37.5\n"))
    assert lines(import_workbook(path)) == [
        "placements row 2, offer_accepted_on: The offer must be accepted on or before the start date (1 Apr 2026).",
        "placements row 2, annual_salary: An annual salary must be between 5,000 and 500,000 GBP for this "
        "programme; check for a missing or extra digit.",
        "placements row 2, hours_per_week: Hours per week must be between 1 and 80.",
        "placements row 3, start_date: This date is before the participant enrolled in the cohort (5 Jan 2026).",
    ]
