"""Charts a person can read: titles, axis titles, whole labels, printed values, contrast, a text alternative.

The chart builders live in app.charts (the demand board uses them too); the outcome charts of the
dashboards and the PDF reports are built from them in cohorts.outcomes.charts.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from app.charts import SERIES, bar_chart, column_chart, funnel_chart
from app.charts.palette import BACKGROUND, MIN_TEXT_CONTRAST, TEXT_PAIRS, contrast_ratio, relative_luminance
from app.charts.svg import TEXT_SIZE
from app.charts.text import text_width
from cohorts.outcomes.charts import outcome_charts

SVG = "{http://www.w3.org/2000/svg}"
LONG_LABEL = "Bilingual Sales Development Representative"
#: longer than a label column may be: it wraps onto lines, between words
VERY_LONG_LABEL = "Manage the development of apprenticeship programmes across a regional employer consortium"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
AXES = {"category_label": "Competency", "value_label": "Openings"}


def split(chart) -> tuple[ET.Element, str]:
    """The chart's <svg>, parsed, and the HTML that follows it (the data table)."""
    markup = str(chart)
    end = markup.index("</svg>") + len("</svg>")
    return ET.fromstring(markup[:end]), markup[end:]


def view_box(svg: ET.Element) -> tuple[float, float]:
    _, _, width, height = (float(n) for n in svg.get("viewBox").split())
    return width, height


def texts(svg: ET.Element) -> list[ET.Element]:
    return list(svg.iter(f"{SVG}text"))


def whole(text: ET.Element) -> str:
    """A <text>'s words, its lines (tspans) joined with spaces."""
    spans = text.findall(f"{SVG}tspan")
    return " ".join(span.text for span in spans) if spans else text.text


def every_kind_of_chart() -> list:
    """Each builder, in each series colour, with bars long enough for their value and bars too short for it."""
    items = [("Negotiation", 120), (LONG_LABEL, 64), ("CRM hygiene", 1), (VERY_LONG_LABEL, 0)]
    charts = []
    for colour in SERIES:
        charts += [
            bar_chart(items, "Demand by competency", colour=colour, **AXES),
            column_chart([("Jan 2026", 3), ("Feb 2026", 0), ("Mar 2026", 12)], "Placements by month",
                         category_label="Month", value_label="Placements", colour=colour),
            funnel_chart([("Starters", 40), ("Completers", 30), ("Placed in 180 days", 2)], "Funnel", colour=colour),
        ]
    months = [(f"{month} 2025", n) for n, month in enumerate(MONTHS)]
    charts.append(column_chart(months * 2, "Eighteen months and more", category_label="Month", value_label="Count"))
    charts.append(bar_chart([], "Nothing yet", **AXES))
    return charts


# --- contrast --------------------------------------------------------------------------------------


def test_the_contrast_maths_matches_wcag():
    assert relative_luminance("#ffffff") == pytest.approx(1) and relative_luminance("#000000") == 0
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21)
    assert contrast_ratio("#777777", "#ffffff") == pytest.approx(4.48, abs=0.01)  # the classic near miss
    assert contrast_ratio("#0b5cad", "#ffffff") == contrast_ratio("#ffffff", "#0b5cad")


@pytest.mark.parametrize(("text", "fill"), TEXT_PAIRS, ids=lambda colour: colour)
def test_every_text_and_fill_pair_the_charts_can_emit_has_at_least_4_5_to_1(text, fill):
    assert contrast_ratio(text, fill) >= MIN_TEXT_CONTRAST


def test_the_pairs_cover_text_on_the_background_and_on_every_bar_colour():
    fills = {fill for _, fill in TEXT_PAIRS}
    assert fills == {BACKGROUND, *SERIES}


def test_charts_draw_text_only_in_the_listed_pairs():
    """Each <text> is on a bar (its value inside it) or on the background; either way the pair is listed."""
    on_bars = 0
    for chart in every_kind_of_chart():
        svg, _ = split(chart)
        bars = [rect for rect in svg.iter(f"{SVG}rect") if rect.get("x") is not None]
        for text in texts(svg):
            x, y = float(text.get("x")), float(text.get("y"))
            under = BACKGROUND
            for bar in bars:
                left, top = float(bar.get("x")), float(bar.get("y"))
                if left <= x <= left + float(bar.get("width")) and top <= y <= top + float(bar.get("height")):
                    under = bar.get("fill")
            on_bars += under != BACKGROUND
            assert (text.get("fill"), under) in TEXT_PAIRS, whole(text)
    assert on_bars  # values sit inside long bars


def test_a_colour_outside_the_palette_is_refused():
    with pytest.raises(ValueError, match="series colour"):
        bar_chart([("Sales", 3)], "Demand", colour="#777777", **AXES)


# --- nothing cut off ---------------------------------------------------------------------------------


def test_a_long_label_appears_whole_and_the_view_box_is_wide_enough_for_it():
    svg, _ = split(bar_chart([(LONG_LABEL, 12), ("CRM hygiene", 7)], "Demand", **AXES))
    labels = {whole(text): text for text in texts(svg)}
    assert LONG_LABEL in labels and "CRM hygiene" in labels  # whole: no "…", nothing clipped at the front
    label = labels[LONG_LABEL]
    assert label.get("text-anchor") == "end"
    assert float(label.get("x")) - text_width(LONG_LABEL, TEXT_SIZE) >= 0  # its left end is inside the viewBox
    assert "…" not in ET.tostring(svg, encoding="unicode")


def test_a_label_longer_than_the_column_wraps_between_words_and_keeps_every_word():
    svg, table = split(bar_chart([(VERY_LONG_LABEL, 3)], "Demand", **AXES))
    label = next(text for text in texts(svg) if len(text.findall(f"{SVG}tspan")) > 1)
    assert whole(label) == VERY_LONG_LABEL
    assert VERY_LONG_LABEL in table


def test_no_text_reaches_past_the_view_box():
    for chart in every_kind_of_chart():
        svg, _ = split(chart)
        width, height = view_box(svg)
        for text in texts(svg):
            if text.get("transform"):  # turned column labels: checked below through the band they hang in
                assert float(text.get("y")) < height
                continue
            size, x = float(text.get("font-size")), float(text.get("x"))
            lines = [span.text for span in text.findall(f"{SVG}tspan")] or [text.text]
            for line in lines:
                extent = text_width(line, size, bold=text.get("font-weight") == "bold")
                left = {"end": x - extent, "middle": x - extent / 2}.get(text.get("text-anchor"), x)
                assert 0 <= left and left + extent <= width, line
            assert float(text.get("y")) <= height


def test_turned_column_labels_get_room_on_the_left_and_below():
    months = [(f"September {year}", year - 2000) for year in range(2010, 2030)]
    svg, _ = split(column_chart(months, "By month", category_label="Month", value_label="Count"))
    _, height = view_box(svg)
    turned = [text for text in texts(svg) if text.get("transform")]
    assert len(turned) == len(months)
    first = turned[0]
    reach = text_width(first.text, float(first.get("font-size"))) * 0.7072
    assert float(first.get("x")) - reach >= 0 and float(first.get("y")) + reach <= height


# --- titles, axes, values, the text alternative ------------------------------------------------------


@pytest.mark.parametrize("chart", every_kind_of_chart()[:3], ids=("bar", "column", "funnel"))
def test_each_chart_has_a_title_a_description_and_its_axis_titles(chart):
    svg, table = split(chart)
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert svg.get("role") == "img"
    assert svg.get("aria-labelledby").split() == [title.get("id"), desc.get("id")]
    assert title.text and desc.text
    shown = [whole(text) for text in texts(svg)]
    assert title.text in shown  # the title is visible too, not only announced
    bold = [whole(text) for text in texts(svg) if text.get("font-weight") == "bold"]
    assert bold == [title.text]
    axis_titles = re.search(r'<th scope="col">(.*?)</th><th scope="col" class="num">(.*?)</th>', table).groups()
    assert all(axis_title in shown for axis_title in axis_titles)


def test_values_are_printed_and_the_table_repeats_them():
    chart = bar_chart([("Negotiation", 12), ("Prospecting", 7.5)], "Demand by skill", **AXES)
    svg, table = split(chart)
    shown = [whole(text) for text in texts(svg)]
    assert "12" in shown and "7.5" in shown
    assert 'class="visually-hidden chart-data"' in table and "<caption>Demand by skill</caption>" in table
    assert '<th scope="row">Prospecting</th><td class="num">7.5</td>' in table
    assert "Negotiation: 12; Prospecting: 7.5" in svg.find(f"{SVG}desc").text


def test_the_funnel_shows_each_stage_count_and_share_of_the_first():
    svg, table = split(funnel_chart([("Starters", 20), ("Placed", 5)], "Funnel"))
    shown = [whole(text) for text in texts(svg)]
    assert "20" in shown and "5 (25%)" in shown and "Placed" in shown
    assert '<th scope="row">Placed</th><td class="num">5 (25%)</td>' in table


def test_labels_are_escaped():
    chart = str(bar_chart([("<script>&", 1)], "T", **AXES))
    assert "<script>" not in chart and "&lt;script&gt;&amp;" in chart


def test_an_empty_chart_says_so_and_has_no_table():
    svg, table = split(bar_chart([], "Nothing yet", **AXES))
    assert "No data yet" in [whole(text) for text in texts(svg)] and table == ""
    assert svg.find(f"{SVG}desc").text == "No data yet."


def test_the_outcome_charts_each_carry_axis_titles_and_a_table():
    figures = {"starters": 12, "completers": 10, "job_seeking_completers": 9, "placed_180": 6,
               "retention_180": {"retained": 4}}
    series = {"days_to_placement": [0, 12, 45, 100], "placements_by_month": [("2026-01", 2), ("2026-02", 4)],
              "partners_by_cohorts": {1: 3, 2: 1}}
    charts = outcome_charts(figures, series)
    assert set(charts) == {"funnel", "days", "over_time", "partners"}
    for chart in charts.values():
        svg, table = split(chart)
        assert svg.find(f"{SVG}title").text and "<table" in table
    funnel, _ = split(charts["funnel"])
    assert {"Retained at 180 days", "4 (33%)", "People (share of starters)"} <= {whole(t) for t in texts(funnel)}


def test_the_width_estimate_never_falls_short_of_dejavu_sans():
    fonts = Path("/usr/share/fonts/truetype/dejavu")
    ttlib = pytest.importorskip("fontTools.ttLib")
    if not (fonts / "DejaVuSans.ttf").exists():
        pytest.skip("DejaVu Sans is not installed")
    sample = f"{LONG_LABEL} CRM hygiene 1–30 (25%) Jan 2026 WWW mmm ijl"
    for name, bold in (("DejaVuSans.ttf", False), ("DejaVuSans-Bold.ttf", True)):
        font = ttlib.TTFont(fonts / name)
        cmap, metrics, units = font.getBestCmap(), font["hmtx"], font["head"].unitsPerEm
        real = sum(metrics[cmap[ord(char)]][0] for char in sample) / units * TEXT_SIZE
        assert real <= text_width(sample, TEXT_SIZE, bold=bold) <= real * 1.25
