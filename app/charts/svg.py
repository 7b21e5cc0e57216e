"""Server-rendered SVG charts, so the page and the PDF show the same picture.

Each chart carries a visible title and axis titles, prints every value on or beside its bar,
sizes its label column (or widens its viewBox) from the estimated width of its longest label,
and is followed by a table of the same figures for people who cannot see it. Colours come from
app.charts.palette only; text drawn on a bar takes the colour that contrasts with that bar.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Sequence
from html import escape

from markupsafe import Markup

from app.charts.palette import BACKGROUND, BLUE, INK, MIN_TEXT_CONTRAST, MUTED, contrast_ratio, series_colour, text_on
from app.charts.text import FONT_FAMILY, text_width, widest, wrap

TITLE_SIZE = 15
#: category labels, values and axis titles
TEXT_SIZE = 13
#: the labels and values of column charts, where room is tighter
SMALL_SIZE = 12
#: line height, as a multiple of the font size
LEADING = 1.3
PAD = 12
#: a horizontal bar's thickness and the gap between rows
BAR = 24
ROW_GAP = 8
#: category labels wider than this wrap onto further lines (between words, never cut)
LABEL_WRAP = 320
#: the least room the bars themselves get; the viewBox widens to keep it
MIN_PLOT = 200
#: space between a bar's end and its value
VALUE_GAP = 6
#: sin 45°: rotated column labels
DIAGONAL = math.sqrt(0.5)


def format_value(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _number(value: float) -> str:
    return f"{value:.1f}".removesuffix(".0")


def _text(x: float, y: float, lines: str | Sequence[str], *, size: int = TEXT_SIZE, fill: str = INK,
          anchor: str = "start", bold: bool = False, rotate: float = 0) -> str:
    """One <text>; several lines become <tspan>s, one line below the other."""
    lines = [lines] if isinstance(lines, str) else list(lines)
    attrs = f'x="{_number(x)}" y="{_number(y)}" font-size="{size}" fill="{fill}"'
    if anchor != "start":
        attrs += f' text-anchor="{anchor}"'
    if bold:
        attrs += ' font-weight="bold"'
    if rotate:
        attrs += f' transform="rotate({_number(rotate)} {_number(x)} {_number(y)})"'
    if len(lines) == 1:
        return f"<text {attrs}>{escape(lines[0])}</text>"
    spans = "".join(f'<tspan x="{_number(x)}" y="{_number(y + i * size * LEADING)}">{escape(line)}</tspan>'
                    for i, line in enumerate(lines))
    return f"<text {attrs}>{spans}</text>"


def _title(title: str, width: float) -> tuple[str, float]:
    """The visible title, wrapped to the chart's width, and the y below it."""
    lines = wrap(title, TITLE_SIZE, width - 2 * PAD, bold=True)
    return _text(PAD, PAD + TITLE_SIZE, lines, size=TITLE_SIZE, bold=True), PAD + len(lines) * TITLE_SIZE * LEADING


def _data_table(title: str, category_label: str, value_label: str, rows: Sequence[tuple[str, str]]) -> str:
    """The chart's figures as a table: its text alternative (hidden on screen, read by screen readers)."""
    body = "".join(f'<tr><th scope="row">{escape(label)}</th><td class="num">{escape(text)}</td></tr>'
                   for label, text in rows)
    return (f'<table class="visually-hidden chart-data"><caption>{escape(title)}</caption>'
            f'<thead><tr><th scope="col">{escape(category_label)}</th>'
            f'<th scope="col" class="num">{escape(value_label)}</th></tr></thead><tbody>{body}</tbody></table>')


def _chart(width: float, height: float, title: str, category_label: str, value_label: str,
           rows: Sequence[tuple[str, str]], body: str) -> Markup:
    """The <svg> (title and description for assistive technology) followed by its data table."""
    desc = (f"{category_label} and {value_label}: " + "; ".join(f"{label}: {text}" for label, text in rows)
            if rows else "No data yet.")
    ident = "chart-" + hashlib.sha1(f"{title}\n{desc}".encode()).hexdigest()[:12]
    width, height = math.ceil(width), math.ceil(height)
    svg = (f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
           f'width="{width}" height="{height}" role="img" aria-labelledby="{ident}-t {ident}-d" '
           f'font-family="{FONT_FAMILY}">'
           f'<title id="{ident}-t">{escape(title)}</title><desc id="{ident}-d">{escape(desc)}</desc>'
           f'<rect width="{width}" height="{height}" fill="{BACKGROUND}"/>{body}</svg>')
    table = _data_table(title, category_label, value_label, rows) if rows else ""
    return Markup(svg + table)


def _empty(title: str, width: float, category_label: str, value_label: str) -> Markup:
    heading, y = _title(title, width)
    note = _text(PAD, y + 8 + TEXT_SIZE, "No data yet", fill=MUTED)
    return _chart(width, y + 8 + TEXT_SIZE + PAD, title, category_label, value_label, [], heading + note)


def _bars(items: Sequence[tuple[str, float, str]], title: str, *, category_label: str, value_label: str,
          width: float, colour: str) -> Markup:
    """Horizontal bars from one baseline: label column on the left, each value on or beside its bar."""
    colour = series_colour(colour)
    if not items:
        return _empty(title, width, category_label, value_label)
    labels = [wrap(label, TEXT_SIZE, LABEL_WRAP) for label, _, _ in items]
    label_column = max(max(widest(lines, TEXT_SIZE) for lines in labels), text_width(category_label, TEXT_SIZE))
    value_room = VALUE_GAP + widest([text for _, _, text in items], TEXT_SIZE)
    axis_x = PAD + label_column + 8
    width = max(width, axis_x + MIN_PLOT + value_room + PAD)
    span = width - axis_x - value_room - PAD
    heading, y = _title(title, width)
    y += 8 + TEXT_SIZE
    parts = [heading, _text(axis_x - 8, y, category_label, anchor="end")]
    top = y = y + 8
    peak = max((max(0.0, value) for _, value, _ in items), default=0) or 1
    inside_fill = text_on(colour)
    for lines, (_, value, text) in zip(labels, items):
        row = max(BAR, len(lines) * TEXT_SIZE * LEADING)
        middle = y + row / 2
        length = max(0.0, value) / peak * span
        parts.append(_text(axis_x - 8, middle - (len(lines) - 1) * TEXT_SIZE * LEADING / 2 + TEXT_SIZE * 0.35,
                           lines, anchor="end"))
        parts.append(f'<rect x="{_number(axis_x)}" y="{_number(middle - BAR / 2)}" width="{_number(length)}" '
                     f'height="{BAR}" fill="{colour}"/>')
        baseline = middle + TEXT_SIZE * 0.35
        fits = length >= text_width(text, TEXT_SIZE) + 2 * VALUE_GAP
        if fits and contrast_ratio(inside_fill, colour) >= MIN_TEXT_CONTRAST:
            parts.append(_text(axis_x + length - VALUE_GAP, baseline, text, fill=inside_fill, anchor="end"))
        else:
            parts.append(_text(axis_x + length + VALUE_GAP, baseline, text))
        y += row + ROW_GAP
    bottom = y - ROW_GAP
    parts.append(f'<line x1="{_number(axis_x)}" y1="{_number(top - 4)}" x2="{_number(axis_x)}" '
                 f'y2="{_number(bottom + 4)}" stroke="{MUTED}"/>')
    value_lines = wrap(value_label, TEXT_SIZE, width - axis_x - PAD)
    parts.append(_text(axis_x, bottom + 12 + TEXT_SIZE, value_lines))
    height = bottom + 12 + len(value_lines) * TEXT_SIZE * LEADING + PAD
    rows = [(label, text) for label, _, text in items]
    return _chart(width, height, title, category_label, value_label, rows, "".join(parts))


def bar_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    *,
    category_label: str,
    value_label: str,
    width: int = 640,
    value_format: Callable[[float], str] = format_value,
    colour: str = BLUE,
) -> Markup:
    """Horizontal bars with labels and values: ranking-style figures (demand by skill …)."""
    return _bars([(label, value, value_format(value)) for label, value in items], title,
                 category_label=category_label, value_label=value_label, width=width, colour=colour)


def funnel_chart(
    stages: Sequence[tuple[str, int]],
    title: str,
    *,
    category_label: str = "Stage",
    value_label: str = "People (share of the first stage)",
    width: int = 640,
    colour: str = BLUE,
) -> Markup:
    """Stages from one baseline, each with its count and, after the first, its share of the first."""
    first = stages[0][1] if stages and stages[0][1] else 0
    items = [(label, value, f"{value:,}" + (f" ({value / first:.0%})" if first and index else ""))
             for index, (label, value) in enumerate(stages)]
    return _bars(items, title, category_label=category_label, value_label=value_label, width=width, colour=colour)


def column_chart(
    items: Sequence[tuple[str, float]],
    title: str,
    *,
    category_label: str,
    value_label: str,
    width: int = 640,
    plot_height: int = 150,
    value_format: Callable[[float], str] = format_value,
    colour: str = BLUE,
) -> Markup:
    """Vertical columns over ordered categories (months, day ranges …), each value above its column.

    Category labels that do not fit under their column turn 45° instead of overlapping.
    """
    colour = series_colour(colour)
    if not items:
        return _empty(title, width, category_label, value_label)
    texts = [value_format(value) for _, value in items]
    label_widths = [text_width(label, SMALL_SIZE) for label, _ in items]
    left = PAD + 6
    width = max(width, left + len(items) * max(28.0, widest(texts, SMALL_SIZE) + 6) + PAD)
    slot = (width - left - PAD) / len(items)
    diagonal = max(label_widths) > slot - 6
    if diagonal:  # the first labels reach left of their column: make room
        reach = max(w * DIAGONAL - (i + 0.5) * slot for i, w in enumerate(label_widths))
        extra = max(0.0, reach + PAD - left)
        left, width = left + extra, width + extra
        band = max(label_widths) * DIAGONAL + SMALL_SIZE + 10
    else:
        band = SMALL_SIZE * LEADING + 6
    heading, y = _title(title, width)
    y_title = wrap(value_label, TEXT_SIZE, width - 2 * PAD)
    parts = [heading, _text(PAD, y + 8 + TEXT_SIZE, y_title)]
    top = y + 8 + len(y_title) * TEXT_SIZE * LEADING + SMALL_SIZE + 8
    axis_y = top + plot_height
    peak = max((max(0.0, value) for _, value in items), default=0) or 1
    for index, ((label, value), text) in enumerate(zip(items, texts)):
        h = max(0.0, value) / peak * plot_height
        centre = left + (index + 0.5) * slot
        w = slot * 0.7
        parts.append(f'<rect x="{_number(centre - w / 2)}" y="{_number(axis_y - h)}" width="{_number(w)}" '
                     f'height="{_number(h)}" fill="{colour}"/>')
        parts.append(_text(centre, axis_y - h - 4, text, size=SMALL_SIZE, anchor="middle"))
        if diagonal:
            parts.append(_text(centre + SMALL_SIZE * 0.35, axis_y + 10, label, size=SMALL_SIZE, anchor="end",
                               rotate=-45))
        else:
            parts.append(_text(centre, axis_y + 4 + SMALL_SIZE, label, size=SMALL_SIZE, anchor="middle"))
    parts.append(f'<line x1="{_number(left)}" y1="{_number(top - 4)}" x2="{_number(left)}" y2="{_number(axis_y)}" '
                 f'stroke="{MUTED}"/><line x1="{_number(left)}" y1="{_number(axis_y)}" '
                 f'x2="{_number(width - PAD)}" y2="{_number(axis_y)}" stroke="{MUTED}"/>')
    x_title = wrap(category_label, TEXT_SIZE, width - 2 * PAD)
    parts.append(_text(left + (width - PAD - left) / 2, axis_y + band + TEXT_SIZE, x_title, anchor="middle"))
    height = axis_y + band + len(x_title) * TEXT_SIZE * LEADING + PAD
    rows = [(label, text) for (label, _), text in zip(items, texts)]
    return _chart(width, height, title, category_label, value_label, rows, "".join(parts))
