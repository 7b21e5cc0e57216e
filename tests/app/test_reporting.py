"""The shared reporting plumbing: charts are valid SVG, exports are injection-safe."""

from __future__ import annotations

import csv
import io
import xml.etree.ElementTree as ET

import pandas as pd
from openpyxl import load_workbook

from app.reporting import bar_chart, column_chart, dataframe_to_csv, dataframe_to_xlsx, funnel_chart


def _parse(svg) -> ET.Element:
    return ET.fromstring(str(svg))


def test_charts_are_well_formed_svg_with_a_title():
    for svg in (
        bar_chart([("Negotiation", 12), ("Prospecting", 7)], "Demand by skill"),
        column_chart([("Jan", 3), ("Feb", 0)], "Placements by month"),
        funnel_chart([("Starters", 20), ("Completers", 15), ("Placed", 9)], "Funnel"),
        bar_chart([], "Empty"),
    ):
        root = _parse(svg)
        assert root.tag.endswith("svg")
        assert root.find("{http://www.w3.org/2000/svg}title").text


def test_chart_labels_are_escaped():
    svg = str(bar_chart([("<script>&", 1)], "T"))
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg


def test_funnel_shows_each_stage_share_of_the_first():
    svg = str(funnel_chart([("Starters", 20), ("Placed", 5)], "Funnel"))
    assert "Placed: 5 (25%)" in svg


def test_csv_export_neutralises_formulas():
    csv = dataframe_to_csv(pd.DataFrame({"name": ["=cmd()", "+1", "ok", "-2", "@x"]})).decode()
    assert "'=cmd()" in csv and "'+1" in csv and "'-2" in csv and "'@x" in csv and "\nok\r\n" in csv


def test_a_leading_tab_or_carriage_return_is_neutralised_too():
    """OWASP's list: a cell starting with TAB or CR can still be read as a formula."""
    frame = pd.DataFrame({"name": ["\t=cmd()", "\r=1+1", "tab\tinside"]})
    cells = [row[0] for row in csv.reader(io.StringIO(dataframe_to_csv(frame).decode(), newline=""))]
    assert cells[1:] == ["'\t=cmd()", "'\r=1+1", "tab\tinside"]
    sheet = load_workbook(io.BytesIO(dataframe_to_xlsx({"people": frame})))["people"]
    assert sheet["A2"].data_type == "s" and sheet["A3"].data_type == "s"


def test_xlsx_export_writes_formulas_as_text():
    data = dataframe_to_xlsx({"people": pd.DataFrame({"name": ["=1+1", "Ada"], "n": [1, None]})})
    sheet = load_workbook(io.BytesIO(data))["people"]
    assert sheet["A2"].value == "=1+1" and sheet["A2"].data_type == "s"
    assert sheet["B3"].value is None
