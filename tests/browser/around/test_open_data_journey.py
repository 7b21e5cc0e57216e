"""Open data in a real browser, on the demo data: staff publish a package, anyone downloads it.

The demo seed publishes no package (the seed may not call the builder), so staff build one here.
"""

from __future__ import annotations

import io
import re
import zipfile

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.browser

STAFF = "designer@bridgework.test"


def test_staff_publish_a_package_and_the_public_download_it(page, login_as, live_server):
    login_as(page, STAFF)
    page.get_by_role("navigation", name="Staff").get_by_role("link", name="Open data").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    page.get_by_role("button", name="Build and publish a new package").click()
    expect(page.get_by_text("Published the open data package")).to_be_visible()

    page.context.clear_cookies()
    page.goto(f"{live_server}/apply/open-data")
    expect(page.get_by_role("heading", level=1)).to_have_text("Open data")
    expect(page.get_by_role("heading", name="How we keep people anonymous")).to_be_visible()
    expect(page.get_by_text(re.compile("CC-BY-4.0"))).to_be_visible()
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Download the package (zip)").click()
    with zipfile.ZipFile(io.BytesIO(open(download_info.value.path(), "rb").read())) as archive:
        assert "datapackage.json" in archive.namelist()
        assert archive.read("supply.csv").decode().startswith("quarter,region,skill,people_assessed")
