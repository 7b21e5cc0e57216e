"""Read a workbook (.xlsx, a .zip of CSV files, or a folder of them) into frames of text.

Every cell becomes a string ("" when empty) so one set of checks serves every format; a
frame's index is the spreadsheet row number (the header is row 1). Problems that stop a
sheet from being read at all (not UTF-8, empty, too big, formula cells) become errors here.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

import pandas as pd

from cohorts.workbook.errors import WorkbookError

BOM = b"\xef\xbb\xbf"
FILE = "workbook"


@dataclass
class RawWorkbook:
    #: sheet name → frame of str cells, index = spreadsheet row numbers, columns = header cells
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    errors: list[WorkbookError] = field(default_factory=list)

    def error(self, sheet: str, row: int | None, column: str | None, message: str) -> None:
        self.errors.append(WorkbookError.at(sheet, row, column, message))


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def read_workbook(path: str | Path, *, max_bytes: int) -> RawWorkbook:
    """The sheets of the workbook at ``path``; never raises for a bad file, reports it."""
    path = Path(path)
    raw = RawWorkbook()
    if not path.exists():
        raw.error(FILE, None, None, f"{path.name} does not exist")
        return raw
    if path.is_dir():
        files = sorted(p for p in path.iterdir() if p.is_file() and not p.name.startswith("."))
        size = sum(p.stat().st_size for p in files)
        if _too_big(raw, size, max_bytes):
            return raw
        csvs = [p for p in files if p.suffix.lower() == ".csv"]
        if not csvs:
            raw.error(FILE, None, None, "the folder holds no .csv files")
        for csv_path in csvs:
            _read_csv(raw, csv_path.stem, csv_path.read_bytes())
        return raw
    size = path.stat().st_size
    if _too_big(raw, size, max_bytes):
        return raw
    if size == 0:
        raw.error(FILE, None, None, "the file is empty")
        return raw
    suffix = path.suffix.lower()
    if suffix == ".zip":
        _read_zip(raw, path, max_bytes)
    elif suffix == ".xlsx":
        if not _unpacks_too_big(raw, path, max_bytes):
            _read_xlsx(raw, path)
    else:
        raw.error(FILE, None, None, "unsupported file type: use .xlsx, .zip or a folder of .csv files")
    return raw


def _too_big(raw: RawWorkbook, size: int, max_bytes: int) -> bool:
    if size > max_bytes:
        raw.error(FILE, None, None, f"the workbook is {_megabytes(size)}, over the {_megabytes(max_bytes)} limit")
        return True
    return False


def _unpacks_too_big(raw: RawWorkbook, path: Path, max_bytes: int) -> bool:
    """An .xlsx is a zip: a 1 MB file can unpack into a 1 GB string. Its members' declared sizes
    (which reading never exceeds) are checked before openpyxl parses anything."""
    try:
        with zipfile.ZipFile(path) as archive:
            size = sum(m.file_size for m in archive.infolist())
    except zipfile.BadZipFile:
        raw.error(FILE, None, None, "not a readable .xlsx file")
        return True
    if size > max_bytes:
        raw.error(FILE, None, None, f"the workbook unpacks to {_megabytes(size)}, over the "
                                    f"{_megabytes(max_bytes)} limit")
        return True
    return False


#: what a damaged archive raises while it is read (a bad CRC, a truncated member)
DAMAGED = (zipfile.BadZipFile, zlib.error, EOFError, OSError)


def _read_zip(raw: RawWorkbook, path: Path, max_bytes: int) -> None:
    try:
        archive = zipfile.ZipFile(path)
    except zipfile.BadZipFile:
        raw.error(FILE, None, None, "not a readable .zip file")
        return
    with archive:
        members = [
            m for m in archive.infolist()
            if not m.is_dir() and m.filename.lower().endswith(".csv")
            and not Path(m.filename).name.startswith(".") and "__MACOSX" not in m.filename
        ]
        # the uncompressed size is checked too, so a small zip cannot unpack into a huge one
        if _too_big(raw, sum(m.file_size for m in members), max_bytes):
            return
        if not members:
            raw.error(FILE, None, None, "the .zip holds no .csv files")
        for member in members:
            try:
                data = archive.read(member)
            except DAMAGED:
                raw.error(FILE, None, None, f"the .zip is damaged: {member.filename} cannot be unpacked")
                return
            _read_csv(raw, Path(member.filename).stem, data)


_FIELDS = re.compile(r"Expected (\d+) fields in line (\d+), saw (\d+)")


def _read_csv(raw: RawWorkbook, sheet: str, data: bytes) -> None:
    if data.startswith(BOM):
        data = data[len(BOM):]
    if not data.strip():
        raw.error(sheet, None, None, "the file is empty")
        return
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        row = data[: exc.start].count(b"\n") + 1
        raw.error(sheet, row, None, "the file is not UTF-8 text (save it as “CSV UTF-8”)")
        return
    try:
        frame = pd.read_csv(
            io.StringIO(text), dtype=object, header=None, keep_default_na=False,
            na_filter=False, skip_blank_lines=False, quoting=csv.QUOTE_MINIMAL,
        )
    except pd.errors.EmptyDataError:
        raw.error(sheet, 1, None, "the first line is empty: it should be the header row")
        return
    except pd.errors.ParserError as exc:
        found = _FIELDS.search(str(exc))
        if found:
            expected, line, saw = found.groups()
            raw.error(sheet, int(line), None, f"{saw} cells where the header has {expected}")
        else:
            raw.error(sheet, None, None, f"not a readable CSV file ({exc})")
        return
    _add_frame(raw, sheet, frame)


def _add_frame(raw: RawWorkbook, sheet: str, grid: pd.DataFrame) -> None:
    """Header row → column names; drop wholly empty rows and unnamed empty columns."""
    if sheet in raw.frames:
        raw.error(sheet, None, None, "the sheet appears twice")
        return
    grid = grid.fillna("")
    header = [str(h).strip() for h in grid.iloc[0]] if len(grid) else []
    body = grid.iloc[1:]
    body.index = range(2, len(body) + 2)
    body.columns = range(len(header))
    keep = []
    for position, name in enumerate(header):
        if name:
            keep.append(position)
        elif (body[position] != "").any():
            raw.error(sheet, 1, f"column {position + 1}", "this column has data but no header")
    body = body[keep]
    body.columns = [header[p] for p in keep]
    if len(body.columns):
        body = body[(body != "").any(axis=1)]
    raw.frames[sheet] = body


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, datetime):  # a real date cell: dates accept a T00:00 time
        return value.strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(raw: RawWorkbook, path: Path) -> None:
    """One openpyxl pass: the values, and every formula cell (pandas would hide them)."""
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types for a damaged file
        raw.error(FILE, None, None, "not a readable .xlsx file")
        return
    try:
        _read_sheets(raw, book)
    except DAMAGED:
        raw.error(FILE, None, None, "the .xlsx file is damaged: a part of it cannot be unpacked")
    finally:
        book.close()


def _read_sheets(raw: RawWorkbook, book) -> None:
    for ws in book.worksheets:
        rows: list[list[str]] = []
        formulas: list[tuple[int, int]] = []
        for number, cells in enumerate(ws.iter_rows(min_row=1), start=1):
            values = []
            for position, cell in enumerate(cells):
                if cell.data_type == "f":
                    formulas.append((number, position))
                values.append(_cell_text(cell.value))
            rows.append(values)
        if not any(any(v.strip() for v in r) for r in rows):
            raw.frames.setdefault(ws.title.strip(), pd.DataFrame())
            continue
        width = max(len(r) for r in rows)
        grid = pd.DataFrame([r + [""] * (width - len(r)) for r in rows], dtype=object)
        header = [h.strip() for h in grid.iloc[0]]
        for number, position in formulas:
            column = header[position] or f"column {position + 1}"
            raw.error(ws.title.strip(), number, column,
                      "formula cells are not accepted (type the value itself)")
        _add_frame(raw, ws.title.strip(), grid)
