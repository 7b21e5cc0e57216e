"""The programme and cohort lists as CSV and XLSX: every row the page's filters keep, formulas neutralised,
staff only."""

from __future__ import annotations

import io
from datetime import date

import pandas as pd
import pytest
from openpyxl import load_workbook

from app.models import Role
from cohorts.models import CohortStatus, EnrolmentStatus
from tests import factories

FORMULA = '=HYPERLINK("http://evil.example","x")'
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_rows(response) -> pd.DataFrame:
    assert response.status_code == 200, response.status_code
    assert response.mimetype == "text/csv"
    assert "attachment;" in response.headers["Content-Disposition"]
    return pd.read_csv(io.BytesIO(response.data), dtype=str, keep_default_na=False)


def xlsx_rows(response):
    assert response.status_code == 200, response.status_code
    assert response.mimetype == XLSX
    sheet = load_workbook(io.BytesIO(response.data)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows()]
    return rows[0], rows[1:], sheet


@pytest.fixture
def programmes(db):
    sales = factories.ProgrammeFactory(name="SalesCamp", target_occupation="Sales development")
    evil = factories.ProgrammeFactory(name=FORMULA, target_occupation="")
    spring = factories.CohortFactory(programme=sales, code="SC-1", status=CohortStatus.training,
                                     starts_on=date(2026, 3, 1), capacity=12)
    factories.CohortFactory(programme=sales, code="SC-2", status=CohortStatus.recruiting, starts_on=date(2026, 9, 1))
    for status in (EnrolmentStatus.applied, EnrolmentStatus.enrolled, EnrolmentStatus.enrolled):
        factories.EnrolmentFactory(cohort=spring, status=status)
    return {"sales": sales, "evil": evil}


def test_programmes_download_as_csv_and_xlsx(client, login, programmes):
    login(Role.staff)
    rows = csv_rows(client.get("/staff/programmes?format=csv"))
    assert list(rows.columns) == ["programme", "target_occupation", "time_zone", "currency", "cohorts"]
    assert rows.loc[rows["programme"] == "SalesCamp", "cohorts"].item() == "2"
    assert "'" + FORMULA in set(rows["programme"])
    header, xrows, sheet = xlsx_rows(client.get("/staff/programmes?format=xlsx"))
    assert header[0] == "programme" and len(xrows) == 2
    assert next(c for c in sheet["A"] if c.value == FORMULA).data_type == "s"


def test_the_programme_list_links_its_downloads(client, login, programmes):
    login(Role.staff)
    page = client.get("/staff/programmes").text
    assert 'href="/staff/programmes?format=csv"' in page and 'href="/staff/programmes?format=xlsx"' in page


def test_cohorts_download_every_row_with_the_status_filter(client, login, programmes, app, monkeypatch):
    monkeypatch.setitem(app.config, "ITEMS_PER_PAGE", 1)  # the download is not one page
    login(Role.staff)
    rows = csv_rows(client.get("/staff/cohorts?format=csv"))
    assert list(rows.columns) == ["code", "name", "programme", "region", "starts_on", "ends_on", "capacity",
                                  "applied", "accepted", "enrolled", "status"]
    assert list(rows["code"]) == ["SC-2", "SC-1"]  # newest first, as on the page
    spring = rows[rows["code"] == "SC-1"].iloc[0]
    assert (spring["applied"], spring["enrolled"], spring["capacity"], spring["status"]) == ("1", "2", "12", "training")
    header, xrows, _ = xlsx_rows(client.get("/staff/cohorts?status=recruiting&format=xlsx"))
    assert [row[header.index("code")] for row in xrows] == ["SC-2"]
    page = client.get("/staff/cohorts?status=recruiting").text
    assert 'href="/staff/cohorts?format=csv&amp;status=recruiting"' in page


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
@pytest.mark.parametrize("url", ["/staff/programmes", "/staff/cohorts"])
def test_only_staff_download_programmes_and_cohorts(client, login, programmes, role, url):
    login(role)
    assert client.get(f"{url}?format=csv").status_code == 403
    assert client.get(f"{url}?format=xlsx").status_code == 403


def test_admins_download_them_too(client, login, programmes):
    login(Role.admin)
    assert csv_rows(client.get("/staff/cohorts?format=csv")).shape[0] == 2


@pytest.mark.parametrize("url", ["/staff/programmes", "/staff/cohorts"])
def test_an_unknown_format_is_a_bad_request(client, login, url):
    login(Role.staff)
    assert client.get(f"{url}?format=pdf").status_code == 400
