"""The public open data page and downloads (no login), and the staff page that publishes a package."""

from __future__ import annotations

import io
import json
import zipfile

import pytest

from app.models import AuditEvent, Role
from cohorts.models import OpenDataPackage
from cohorts.opendata.services import latest_package, publish_package
from tests import factories
from tests.cohorts.opendata.helpers import AS_OF, assessed, zip_csv
from tests.conftest import assert_query_count_flat


def _csrf(client, url: str) -> str:
    import re
    return re.search(r'name="csrf_token"[^>]*value="([^"]+)"', client.get(url).get_data(as_text=True)).group(1)


def test_public_page_says_no_package_yet(client, db):
    page = client.get("/apply/open-data")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "No package has been published yet" in html
    assert "CC-BY-4.0" in html and "at least 10 different people" in html
    assert client.get("/apply/open-data/latest.zip").status_code == 404
    assert client.get("/apply/open-data/datapackage.json").status_code == 404


def test_public_page_offers_the_latest_package(client, db):
    assessed(factories.SkillFactory(label="Cold calling"), 11)
    publish_package(AS_OF, None)
    newest = publish_package(AS_OF, None)
    html = client.get("/apply/open-data").get_data(as_text=True)
    assert newest.sha256 in html and "latest.zip" in html
    download = client.get("/apply/open-data/latest.zip")
    assert download.status_code == 200 and download.mimetype == "application/zip"
    assert download.data == newest.archive and "bridgework-open-data-2026-06-30.zip" in download.headers[
        "Content-Disposition"]
    assert zip_csv(download.data, "supply")[0]["skill"] == "Cold calling"
    descriptor = client.get("/apply/open-data/datapackage.json")
    assert descriptor.mimetype == "application/json" and descriptor.get_json()["name"] == "bridgework-open-data"
    with zipfile.ZipFile(io.BytesIO(download.data)) as archive:
        assert json.loads(archive.read("datapackage.json")) == descriptor.get_json()


def test_public_page_query_count_is_flat(client, db):
    publish_package(AS_OF, None)
    assert_query_count_flat(client, "/apply/open-data", lambda: publish_package(AS_OF, None))


def test_staff_page_and_publish(client, login, db):
    staff = login(Role.staff)
    assert client.get("/staff/open-data").status_code == 200
    assessed(factories.SkillFactory(), 10)
    response = client.post("/staff/open-data", data={"as_of": "2026-06-30", "csrf_token": _csrf(client, "/staff/open-data")})
    assert response.status_code == 302
    package = latest_package()
    assert package.as_of == AS_OF and package.row_counts["supply"] == 1
    event = db.session.query(AuditEvent).filter_by(entity="open_data_package").one()
    assert event.actor_id == staff.id and event.action == "published"
    assert "Published the open data package" in client.get("/staff/open-data").get_data(as_text=True)


def test_staff_publish_needs_a_date(client, login, db):
    login(Role.staff)
    response = client.post("/staff/open-data", data={"as_of": "", "csrf_token": _csrf(client, "/staff/open-data")})
    assert response.status_code == 422
    assert "Enter the day the figures are as of" in response.get_data(as_text=True)
    assert db.session.query(OpenDataPackage).count() == 0


def test_staff_publish_without_csrf_is_refused(client, login, db, app):
    login(Role.staff)
    app.config["WTF_CSRF_ENABLED"], before = True, app.config.get("WTF_CSRF_ENABLED")
    try:
        response = client.post("/staff/open-data", data={"as_of": "2026-06-30"})
    finally:
        app.config["WTF_CSRF_ENABLED"] = before
    assert response.status_code in (400, 422)
    assert db.session.query(OpenDataPackage).count() == 0


@pytest.mark.parametrize("role", [Role.participant, Role.employer])
def test_other_roles_cannot_publish(client, login, db, role):
    login(role)
    assert client.get("/staff/open-data").status_code in (302, 403, 404)
    assert client.post("/staff/open-data", data={"as_of": "2026-06-30"}).status_code in (302, 400, 403, 404)
    assert db.session.query(OpenDataPackage).count() == 0


def test_anonymous_cannot_reach_the_staff_page(client, db):
    assert client.get("/staff/open-data").status_code in (302, 401)
    assert client.post("/staff/open-data", data={"as_of": "2026-06-30"}).status_code in (302, 400, 401)
    assert db.session.query(OpenDataPackage).count() == 0
