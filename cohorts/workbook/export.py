"""Export every sheet of the workbook: the database as the import reads it back.

Text a spreadsheet would run as a formula is neutralised by app.reporting (a leading ' in
CSV, a plain string cell in .xlsx). A text that itself starts with ' before a formula
character gets one more ', because the import drops one: the round trip stays exact.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pandas as pd
from flask import current_app

from app.reporting import dataframe_to_csv, dataframe_to_xlsx
from cohorts.workbook.schema import SHEETS, Column, Sheet
from cohorts.workbook.snapshot import Snapshot, cohort_time_zones

_QUOTED = re.compile(r"^'+[=+\-@\t\r]")


def _protect(value: str) -> str:
    return "'" + value if _QUOTED.match(value) else value


def _cell(column: Column, value, zone: ZoneInfo, labels: dict[str, str]):
    if value is None:
        return None
    kind = column.kind
    if kind == "bool":
        return "yes" if value else "no"
    if kind == "datetime":
        return value.astimezone(zone).strftime("%Y-%m-%dT%H:%M")
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if kind == "decimal":
        return format(Decimal(value).normalize(), "f")
    if kind == "int":
        return int(value)
    if kind == "refs":
        return "; ".join(_protect(v) for v in sorted(value))
    if kind == "skills":
        items = sorted((labels.get(key, key), level, importance) for key, level, importance in value)
        return "; ".join(f"{label}:{level}:{importance}" for label, level, importance in items)
    if kind == "skill":
        return _protect(labels.get(value, value))
    return _protect(str(value))


def sheet_frame(sheet: Sheet, snapshot: Snapshot, zone: ZoneInfo,
                zones: dict[str, ZoneInfo] | None = None) -> pd.DataFrame:
    """One sheet as export rows (text, ints and empty cells), sorted by key; date-times on the clock
    of each row's cohort (``zones`` by cohort code), else on ``zone``'s."""
    existing = snapshot.frame(sheet.name)
    if sheet.name == "assessments":
        labels = dict(zip(existing["skill"], existing["_label"]))
    else:
        labels = snapshot.skill_labels
    existing = existing.sort_values(list(sheet.key), kind="stable") if len(existing) else existing
    row_zones = ([(zones or {}).get(code, zone) for code in existing["cohort"]] if "cohort" in existing
                 else [zone] * len(existing))
    data = {
        column.name: [_cell(column, v, z, labels) for v, z in zip(existing[column.name], row_zones)]
        for column in sheet.columns
    }
    return pd.DataFrame(data, columns=sheet.column_names, dtype=object)


def workbook_frames() -> dict[str, pd.DataFrame]:
    zone = ZoneInfo(current_app.config["LOCAL_TIMEZONE"])
    snapshot = Snapshot()
    zones = {code: ZoneInfo(name) for code, name in cohort_time_zones().items()}
    return {sheet.name: sheet_frame(sheet, snapshot, zone, zones) for sheet in SHEETS}


def workbook_xlsx() -> bytes:
    return dataframe_to_xlsx(workbook_frames())


def workbook_csv_files() -> dict[str, bytes]:
    """File name → UTF-8 CSV bytes, one file per sheet."""
    return {f"{name}.csv": dataframe_to_csv(_as_text(frame)) for name, frame in workbook_frames().items()}


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Numbers as their digits: pandas would widen an int column with gaps to floats."""
    return pd.DataFrame(
        {c: [None if v is None else str(v) for v in frame[c]] for c in frame.columns},
        columns=frame.columns, dtype=object,
    )


def workbook_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in workbook_csv_files().items():
            archive.writestr(name, data)
    return buffer.getvalue()
