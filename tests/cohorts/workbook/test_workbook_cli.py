"""`flask import-workbook` / `flask export-workbook`, and all-or-nothing writes."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa
from openpyxl import load_workbook

from app.extensions import db
from cohorts.models import Attendance, CohortSession, Participant
from cohorts.workbook import writer
from cohorts.workbook.services import import_workbook
from employers.models import Employer
from tests import factories as f


def table_counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m))
            for m in (Employer, CohortSession, Participant, Attendance)}


def write_folder(tmp_path: Path, people: int = 6) -> Path:
    path = tmp_path / "programme"
    path.mkdir()
    (path / "employers.csv").write_text("name,status\nAcme Ltd,hiring_partner\nBeta plc,\n")
    (path / "cohorts.csv").write_text("code,programme,starts_on,ends_on\nSC-1,SalesCamp,2026-01-05,2026-03-27\n")
    (path / "sessions.csv").write_text(
        "ref,cohort,title,starts_at,employer\nS-1,SC-1,Kick-off,2026-01-06T09:30,Acme Ltd\n")
    (path / "participants.csv").write_text("email,first_name,last_name\n" + "".join(
        f"p{i}@example.test,P{i},Person\n" for i in range(people)))
    (path / "attendance.csv").write_text("session,email,status\n" + "".join(
        f"S-1,p{i}@example.test,present\n" for i in range(people)))
    return path


@pytest.fixture
def runner(app):
    return app.test_cli_runner(mix_stderr=False) if _mixes() else app.test_cli_runner()


def _mixes() -> bool:
    import inspect

    from click.testing import CliRunner

    return "mix_stderr" in inspect.signature(CliRunner.__init__).parameters


def test_import_prints_what_it_created_and_exits_0(runner, tmp_path):
    result = runner.invoke(args=["import-workbook", str(write_folder(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "participants" in result.output and "6 created" in result.output
    assert "Imported." in result.output
    assert table_counts() == {"Employer": 2, "CohortSession": 1, "Participant": 6, "Attendance": 6}


def test_dry_run_shows_what_would_change_and_writes_nothing(runner, tmp_path):
    result = runner.invoke(args=["import-workbook", str(write_folder(tmp_path)), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "6 would be created" in result.output
    assert "Dry run: nothing was written." in result.output
    assert table_counts() == {"Employer": 0, "CohortSession": 0, "Participant": 0, "Attendance": 0}


def test_errors_are_printed_one_a_line_and_exit_1(runner, tmp_path):
    path = write_folder(tmp_path)
    (path / "attendance.csv").write_text("session,email,status\nS-1,p0@example.test,maybe\nS-9,p1@example.test,late\n")
    result = runner.invoke(args=["import-workbook", str(path)])
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [
        'attendance row 2, status: "maybe" is not one of: present, late, absent, excused',
        'attendance row 3, session: unknown session "S-9" (not in the sessions sheet or the database)',
    ]
    assert table_counts() == {"Employer": 0, "CohortSession": 0, "Participant": 0, "Attendance": 0}


def test_export_writes_an_xlsx_or_a_folder(runner, tmp_path):
    f.AttendanceFactory()
    result = runner.invoke(args=["export-workbook", str(tmp_path / "out.xlsx")])
    assert result.exit_code == 0, result.output
    assert load_workbook(tmp_path / "out.xlsx").sheetnames[-1] == "retention_checks"
    result = runner.invoke(args=["export-workbook", str(tmp_path / "csv")])
    assert result.exit_code == 0
    assert sorted(p.name for p in (tmp_path / "csv").iterdir())[:2] == ["assessments.csv", "attendance.csv"]
    assert len((tmp_path / "csv" / "attendance.csv").read_text().splitlines()) == 2


def test_a_failure_halfway_through_the_write_leaves_the_database_unchanged(tmp_path, monkeypatch):
    f.EmployerFactory(name="Acme Ltd", status="prospect")
    before = table_counts()
    path = write_folder(tmp_path, people=10)
    monkeypatch.setattr(writer, "CHUNK", 3)
    calls = []
    original = writer.Writer.insert_chunk

    def failing_insert(self, model, rows):
        calls.append(model.__name__)
        if model is Attendance and calls.count("Attendance") == 2:  # 3 attendance rows are in
            raise RuntimeError("disk on fire")
        original(self, model, rows)

    monkeypatch.setattr(writer.Writer, "insert_chunk", failing_insert)
    with pytest.raises(RuntimeError, match="disk on fire"):
        import_workbook(path)

    assert calls.count("Participant") == 4  # participants were written before the failure…
    assert table_counts() == before  # …and rolled back with everything else
    assert db.session.scalar(sa.select(Employer.status).where(Employer.name == "Acme Ltd")) == "prospect"


def test_a_database_refusal_is_reported_and_nothing_is_written(tmp_path, monkeypatch):
    path = write_folder(tmp_path)
    original = writer.Writer.insert_chunk

    def refusing_insert(self, model, rows):
        original(self, model, rows)
        if model is Attendance:
            raise sa.exc.IntegrityError("INSERT INTO attendance", {}, Exception("CHECK constraint failed"))

    monkeypatch.setattr(writer.Writer, "insert_chunk", refusing_insert)
    result = import_workbook(path)
    assert [str(e) for e in result.errors] == [
        "workbook: the database refused the import, nothing was written (CHECK constraint failed)"]
    assert table_counts() == {"Employer": 0, "CohortSession": 0, "Participant": 0, "Attendance": 0}


def test_progress_is_reported_while_writing(tmp_path):
    seen = []
    import_workbook(write_folder(tmp_path), progress=lambda stage, done, total: seen.append((stage, done, total)))
    assert seen[0] == ("reading", 0, 1) and seen[1] == ("checking", 0, 1)
    writes = [s for s in seen[2:]]
    assert writes[-1][1] == writes[-1][2] == 1 + 2 + 1 + 1 + 6 + 6  # programme, employers, cohort, session …
    assert [d for _, d, _ in writes] == sorted(d for _, d, _ in writes)
