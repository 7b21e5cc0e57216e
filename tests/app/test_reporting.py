"""The shared reporting plumbing: exports are injection-safe (the charts: tests/cohorts/outcomes/test_charts.py)."""

from __future__ import annotations

import csv
import io

import pandas as pd
from openpyxl import load_workbook

from app.reporting import dataframe_to_csv, dataframe_to_xlsx


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
