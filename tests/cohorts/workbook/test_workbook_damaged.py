"""Damaged and inflating workbooks get a clear message, never a 500 or a worker's memory."""

from __future__ import annotations

import zipfile

from openpyxl import Workbook

from cohorts.workbook.reader import read_workbook

MB = 1_000_000


def _messages(raw) -> str:
    return " | ".join(str(e) for e in raw.errors)


def test_an_xlsx_that_unpacks_beyond_the_limit_is_refused_before_parsing(tmp_path):
    """A few kB on disk that unpack into megabytes (a 1 GB shared string, in the real attack)."""
    book = Workbook()
    book.active.title = "participants"
    book.active.append(["email", "first_name", "last_name"])
    path = tmp_path / "bomb.xlsx"
    book.save(path)
    with zipfile.ZipFile(path, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/sharedStrings.xml", "<sst>" + "A" * (3 * MB) + "</sst>")
    assert path.stat().st_size < MB
    raw = read_workbook(path, max_bytes=MB)
    assert "unpacks to" in _messages(raw) and not raw.frames


def _damage(path, marker: bytes) -> None:
    data = bytearray(path.read_bytes())
    at = data.index(marker)
    data[at] ^= 0xFF  # one flipped byte inside a stored member: its CRC no longer matches
    path.write_bytes(bytes(data))


def test_a_zip_with_a_bad_crc_is_reported_not_raised(tmp_path):
    path = tmp_path / "programme.zip"
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_STORED) as archive:
        archive.writestr("employers.csv", "name,status\nAcme Ltd,hiring_partner\n")
    _damage(path, b"Acme")
    raw = read_workbook(path, max_bytes=MB)
    assert "damaged" in _messages(raw)


def test_an_xlsx_with_a_bad_crc_is_reported_not_raised(tmp_path):
    book = Workbook()
    book.active.title = "employers"
    book.active.append(["name", "status"])
    book.active.append(["Acme Ltd", "hiring_partner"])
    path = tmp_path / "programme.xlsx"
    book.save(path)
    stored = tmp_path / "stored.xlsx"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(stored, "w", compression=zipfile.ZIP_STORED) as target:
        for member in source.infolist():
            target.writestr(member.filename, source.read(member))
    _damage(stored, b"<sheetData>")
    raw = read_workbook(stored, max_bytes=MB)
    assert raw.errors and ("damaged" in _messages(raw) or "not a readable" in _messages(raw))
