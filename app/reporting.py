"""Shared reporting plumbing only: DataFrame → CSV/XLSX, HTML → PDF (the SVG charts are in app.charts).

Callers pass already-computed figures (no queries here).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from typing import Any

import pandas as pd
from flask import Response, abort, request

#: what makes a spreadsheet run a cell as a formula (OWASP CSV injection: = + - @, TAB and CR)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


# --- tables out ------------------------------------------------------------------


def neutralise_formula(value):
    """Text a spreadsheet would run as a formula gets a leading quote (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def dataframe_to_csv(frame: pd.DataFrame) -> bytes:
    safe = frame.map(neutralise_formula) if not frame.empty else frame
    # RFC 4180 line ends: with "\n" alone pandas leaves a CR inside a cell unquoted, and a
    # spreadsheet then splits the row there (a way to inject a row of one's own)
    return safe.to_csv(index=False, lineterminator="\r\n").encode("utf-8")


def dataframe_to_xlsx(frames: dict[str, pd.DataFrame]) -> bytes:
    """One sheet per frame; text is written as plain strings, never as formulas."""
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for sheet_name, frame in frames.items():
        sheet = workbook.create_sheet(sheet_name[:31])
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False):
            sheet.append([None if _is_missing(v) else v for v in row])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value.startswith(FORMULA_PREFIXES):
                    cell.data_type = "s"  # a string, not a formula
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _is_missing(value) -> bool:
    try:
        return bool(pd.isna(value))
    except (TypeError, ValueError):
        return False


def table_response(frame: pd.DataFrame, filename: str, fmt: str) -> Response:
    """Download a list as CSV or XLSX (fmt is 'csv' or 'xlsx')."""
    if fmt == "xlsx":
        return Response(
            dataframe_to_xlsx({filename[:31]: frame}),
            mimetype="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            headers={"Content-Disposition": f'attachment; filename="{filename}.xlsx"'},
        )
    return Response(
        dataframe_to_csv(frame),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )


# --- PDF ----------------------------------------------------------------------------


def html_to_pdf(html: str, base_url: str | None = None) -> bytes:
    """Render an HTML page (the same template and SVG charts as on screen) to PDF."""
    from weasyprint import HTML

    return HTML(string=html, base_url=base_url).write_pdf()


def pdf_response(pdf: bytes, filename: str) -> Response:
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}.pdf"'},
    )


EXPORT_FORMATS = ("csv", "xlsx")


def requested_format() -> str | None:
    """'csv' or 'xlsx' when the list is asked for as a download (?format=…); 400 for anything else."""
    fmt = request.args.get("format")
    if fmt is not None and fmt not in EXPORT_FORMATS:
        abort(400)
    return fmt


def stored_value(value: Any) -> Any:
    """Enums as their stored value, everything else as is (a cell of a download)."""
    return getattr(value, "value", value)


def rows_frame(rows: Iterable[Sequence[Any]], columns: Sequence[str]) -> pd.DataFrame:
    """Rows of a list page as a DataFrame for table_response, enums as their stored values."""
    return pd.DataFrame([[stored_value(v) for v in row] for row in rows], columns=list(columns))
