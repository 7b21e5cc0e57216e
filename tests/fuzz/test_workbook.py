"""Random bytes, broken zips and mangled spreadsheets to the workbook importer: always a clear
error list, never an exception, never a row written."""

from __future__ import annotations

import io
import tempfile
import zipfile
from pathlib import Path

import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from cohorts.workbook.services import import_workbook

TABLES = ("employers", "hiring_needs", "cohorts", "participants", "enrolments", "attendance", "placements",
          "audit_events")
SETTINGS = settings(max_examples=40, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])


def _counts() -> dict[str, int]:
    return {t: db.session.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar() for t in TABLES}


def _import(data: bytes, suffix: str):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"upload{suffix}"
        path.write_bytes(data)
        return import_workbook(path, max_bytes=1024 * 1024)


def _assert_refused_cleanly(data: bytes, suffix: str) -> None:
    before = _counts()
    result = _import(data, suffix)
    assert not result.ok and result.errors, "garbage was accepted"
    assert all(str(error).strip() for error in result.errors)
    assert _counts() == before


@SETTINGS
@given(st.binary(max_size=4096), st.sampled_from([".xlsx", ".zip", ".csv", ".bin", ""]))
def test_random_bytes(data, suffix):
    _assert_refused_cleanly(data, suffix)


@st.composite
def zips(draw) -> bytes:
    """Zip files of CSVs with random names and random (often unicode) content."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for _ in range(draw(st.integers(1, 4))):
            name = draw(st.sampled_from(["employers.csv", "cohorts.csv", "participants.csv", "attendance.csv",
                                         "../evil.csv", "x.txt", "participants/../../p.csv"]))
            header = draw(st.sampled_from(["name,sector", "code,name,starts_on,ends_on", "email,first_name", ""]))
            body = draw(st.text(max_size=300))
            archive.writestr(name, f"{header}\n{body}")
    return buffer.getvalue()


@SETTINGS
@given(zips())
def test_random_zips_of_csv(data):
    before = _counts()
    result = _import(data, ".zip")
    assert _counts() == before or result.ok
    if not result.ok:
        assert result.errors and all(str(error).strip() for error in result.errors)


@SETTINGS
@given(st.integers(0, 2000), st.binary(min_size=1, max_size=64))
def test_a_truncated_or_corrupted_real_workbook(cut, noise):
    from cohorts.workbook.export import workbook_xlsx

    data = bytearray(workbook_xlsx())
    position = min(cut, len(data) - 1)
    mangled = bytes(data[:position]) + noise + bytes(data[position + len(noise):])
    before = _counts()
    result = _import(mangled, ".xlsx")
    if not result.ok:
        assert result.errors and _counts() == before
