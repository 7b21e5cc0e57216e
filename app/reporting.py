"""Shared reporting plumbing only: SVG charts, DataFrame → CSV/XLSX, HTML → PDF.

Charts are plain server-rendered SVG strings so the page and the PDF show the same
picture; callers pass already-computed figures (no queries here).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from html import escape
from typing import Any

import pandas as pd
from flask import Response, abort, request
from markupsafe import Markup

#: colours with at least 4.5:1 contrast on white
PALETTE = ("#0b5cad", "#7a3e00", "#116329", "#a40e26", "#5a3d9a", "#33414e")
#: what makes a spreadsheet run a cell as a formula (OWASP CSV injection: = + - @, TAB and CR)
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _svg(width: int, height: int, title: str, body: str, desc: str = "") -> Markup:
    ident = "chart-" + str(abs(hash((title, width, height, body))) % 10**8)
    return Markup(
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d">'
        f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc or title)}</desc>'
        f'<rect width="{width}" height="{height}" fill="#ffffff"/>{body}</svg>'
    )


def _fmt(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def bar_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    *,
    width: int = 640,
    bar_height: int = 24,
    value_format=_fmt,
    colour: str = PALETTE[0],
) -> Markup:
    """Horizontal bars with labels and values: ranking-style figures (demand by skill …)."""
    label_width = 220
    gap = 8
    top = 8
    height = top + max(1, len(items)) * (bar_height + gap) + 8
    peak = max((v for _, v in items), default=0) or 1
    span = width - label_width - 70
    parts = []
    for index, (label, value) in enumerate(items):
        y = top + index * (bar_height + gap)
        length = max(0.0, value) / peak * span
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{label_width - 8}" y="{y + bar_height * 0.7:.1f}" text-anchor="end" '
            f'font-size="13" fill="#1b1f24">{escape(short)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length:.1f}" height="{bar_height}" fill="{colour}"/>'
            f'<text x="{label_width + length + 6:.1f}" y="{y + bar_height * 0.7:.1f}" font-size="13" '
            f'fill="#1b1f24">{escape(value_format(value))}</text>'
        )
    if not items:
        parts.append(f'<text x="{width / 2}" y="24" text-anchor="middle" font-size="13" fill="#4a5560">No data yet</text>')
    desc = "; ".join(f"{label}: {value_format(value)}" for label, value in items)
    return _svg(width, height, title, "".join(parts), desc)


def column_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    *,
    width: int = 640,
    height: int = 260,
    value_format=_fmt,
    colour: str = PALETTE[0],
) -> Markup:
    """Vertical columns over ordered categories (months, day ranges …)."""
    left, bottom, top = 40, 40, 16
    plot_h = height - bottom - top
    n = max(1, len(items))
    slot = (width - left - 10) / n
    peak = max((v for _, v in items), default=0) or 1
    parts = [f'<line x1="{left}" y1="{top + plot_h}" x2="{width - 10}" y2="{top + plot_h}" stroke="#4a5560"/>']
    for index, (label, value) in enumerate(items):
        h = max(0.0, value) / peak * plot_h
        x = left + index * slot + slot * 0.15
        w = slot * 0.7
        parts.append(
            f'<rect x="{x:.1f}" y="{top + plot_h - h:.1f}" width="{w:.1f}" height="{h:.1f}" fill="{colour}"/>'
            f'<text x="{x + w / 2:.1f}" y="{top + plot_h - h - 4:.1f}" text-anchor="middle" font-size="11" '
            f'fill="#1b1f24">{escape(value_format(value))}</text>'
            f'<text x="{x + w / 2:.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="11" '
            f'fill="#1b1f24">{escape(label)}</text>'
        )
    desc = "; ".join(f"{label}: {value_format(value)}" for label, value in items)
    return _svg(width, height, title, "".join(parts), desc)


def funnel_chart(stages: Sequence[tuple[str, int]], title: str, *, width: int = 640) -> Markup:
    """Centred bars narrowing stage by stage, each with its count and share of the first."""
    bar_height, gap, top = 30, 6, 8
    height = top + max(1, len(stages)) * (bar_height + gap) + 8
    first = stages[0][1] if stages and stages[0][1] else 0
    parts = []
    for index, (label, value) in enumerate(stages):
        share = value / first if first else 0
        w = max(2.0, share * (width - 40))
        x = (width - w) / 2
        y = top + index * (bar_height + gap)
        pct = f" ({share:.0%})" if first and index else ""
        parts.append(
            f'<rect x="{x:.1f}" y="{y}" width="{w:.1f}" height="{bar_height}" '
            f'fill="{PALETTE[index % len(PALETTE)]}"/>'
            f'<text x="{width / 2}" y="{y + bar_height * 0.68:.1f}" text-anchor="middle" font-size="13" '
            f'fill="#ffffff" stroke="#1b1f24" stroke-width="0.6" paint-order="stroke">'
            f'{escape(label)}: {value}{pct}</text>'
        )
    desc = "; ".join(f"{label}: {value}" for label, value in stages)
    return _svg(width, height, title, "".join(parts), desc)


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
