"""Static files: each URL names its content, and a browser keeps a named version for a year."""

from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from flask import url_for

from app.models import Role
from app.static_files import ONE_YEAR, VERSIONS_EXTENSION, static_version

STYLESHEET = "css/app.css"


def _version_in(html: str, filename: str) -> str:
    found = re.search(rf'/static/{re.escape(filename)}\?v=([0-9a-f]+)"', html)
    assert found, f"{filename} is linked without its version"
    return found.group(1)


def test_a_page_links_its_files_by_their_content(app, client, login):
    login(Role.staff)
    html = client.get("/staff/").get_data(as_text=True)
    content = Path(app.static_folder, STYLESHEET).read_bytes()
    assert _version_in(html, STYLESHEET) == hashlib.sha256(content).hexdigest()[:12]
    _version_in(html, "js/app.js")


def test_the_current_version_is_kept_for_a_year(app, client):
    with app.test_request_context():
        url = url_for("static", filename=STYLESHEET)
    response = client.get(url)
    assert response.status_code == 200
    control = response.cache_control
    assert (control.public, control.max_age, control.immutable, control.no_cache) == (True, ONE_YEAR, True, None)
    assert response.headers["ETag"]


def test_a_file_asked_for_without_its_version_or_by_an_old_one_is_revalidated(client):
    for url in (f"/static/{STYLESHEET}", f"/static/{STYLESHEET}?v=0123456789ab"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.max_age is None and response.cache_control.no_cache


def test_in_debug_mode_an_edited_file_gets_a_new_version_at_once(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    monkeypatch.setattr(app, "debug", True)
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: black; }")
    first = static_version(app, "site.css")
    sheet.write_text("body { color: navy; }")
    os.utime(sheet, ns=(1, 1))  # a new modification time, even on a coarse clock
    assert static_version(app, "site.css") not in (None, first)


def test_outside_debug_mode_a_version_is_worked_out_once_per_process(app, tmp_path, monkeypatch):
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    monkeypatch.setitem(app.extensions, VERSIONS_EXTENSION, {})
    sheet = tmp_path / "site.css"
    sheet.write_text("body { color: black; }")
    first = static_version(app, "site.css")
    sheet.unlink()  # a release restarts the server; until then the version it served stands
    assert static_version(app, "site.css") == first is not None


def test_a_missing_file_or_one_outside_the_folder_has_no_version(app):
    assert static_version(app, "css/none.css") is None
    assert static_version(app, "../config.py") is None
    with app.test_request_context():
        assert url_for("static", filename="css/none.css") == "/static/css/none.css"


def test_a_file_is_served_without_reading_the_database(app, client, login, count_queries):
    login(Role.staff)
    with app.test_request_context():
        url = url_for("static", filename=STYLESHEET)
    client.get(url)
    with count_queries() as ran:
        assert client.get(url).status_code == 200
    assert ran.count == 0, ran
