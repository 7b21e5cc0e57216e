"""The factory, the schema and the guards every feature relies on; static files by versioned URL, kept by
browsers for a year."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import date
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import url_for
from sqlalchemy.exc import IntegrityError

from app.db import day_number, flush_unique
from app.extensions import db
from app.models import Role
from app.static_files import ONE_YEAR, VERSIONS_EXTENSION, static_version
from tests import factories


def test_every_factory_builds_a_valid_row():
    built = 0
    for name in dir(factories):
        factory_cls = getattr(factories, name)
        if isinstance(factory_cls, type) and name.endswith("Factory") and not factory_cls._meta.abstract:
            obj = factory_cls()
            assert isinstance(obj, factory_cls._meta.model)
            assert sa.inspect(obj).persistent, name
            built += 1
    assert built >= 25


def test_database_refuses_a_skill_level_out_of_range():
    with pytest.raises(IntegrityError):
        factories.HiringNeedSkillFactory(level=5)
    db.session.rollback()


def test_database_refuses_a_cohort_ending_before_it_starts():
    from datetime import date

    with pytest.raises(IntegrityError):
        factories.CohortFactory(starts_on=date(2026, 5, 1), ends_on=date(2026, 4, 1))
    db.session.rollback()


def test_database_refuses_zero_openings():
    with pytest.raises(IntegrityError):
        factories.HiringNeedFactory(openings=0)
    db.session.rollback()


def test_database_refuses_an_unknown_status():
    need = factories.HiringNeedFactory()
    with pytest.raises(IntegrityError):
        db.session.execute(sa.text("UPDATE hiring_needs SET status='bogus' WHERE id=:id"), {"id": need.id})
    db.session.rollback()


def test_participant_user_links_to_its_record():
    user = factories.user_for_role(Role.participant)
    assert user.participant is not None and user.participant.user_id == user.id


def test_secret_key_is_required_in_production(monkeypatch):
    from app import create_app

    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production", SECRET_KEY=None)


def test_two_clients_in_one_test_keep_their_own_identity(app, login):
    """Guards the test harness itself: g must not carry a user from one request to the next."""
    from tests.conftest import log_in

    staff = factories.user_for_role(Role.staff)
    employer = factories.user_for_role(Role.employer)
    staff_client, employer_client = app.test_client(), app.test_client()
    log_in(staff_client, staff)
    log_in(employer_client, employer)
    assert staff_client.get("/staff/").status_code == 200
    assert employer_client.get("/staff/").status_code == 403
    assert employer_client.get("/employer/").status_code == 200


@pytest.mark.parametrize("day", ["1970-01-01", "1969-12-31", "2024-02-29", "2026-12-03", "2099-12-31"])
def test_day_number_counts_days_since_1970_on_this_database(day):
    value = date.fromisoformat(day)
    number = db.session.scalar(sa.select(day_number(sa.literal(value, sa.Date))))
    assert number == (value - date(1970, 1, 1)).days
    assert db.session.scalar(sa.select(day_number(sa.null()))) is None


def test_flush_unique_turns_a_broken_unique_key_into_the_refusal_and_keeps_the_session():
    kept = factories.ProgrammeFactory(name="Kept")
    other = factories.ProgrammeFactory(name="Other")
    earlier = factories.ProgrammeFactory.build(name="Earlier, pending when the block opens")
    db.session.add(earlier)
    with pytest.raises(LookupError, match="taken") as refused, flush_unique(db.session, LookupError("taken")):
        db.session.add(type(kept)(name="Kept", target_occupation="", description=""))
    assert isinstance(refused.value.__cause__, IntegrityError)
    with pytest.raises(LookupError), flush_unique(db.session, LookupError("taken")):
        other.name = "Kept"
    assert other.name == "Other"  # the savepoint's rollback expired the change
    with flush_unique(db.session, LookupError("taken")):
        other.name = "Renamed"
    names = db.session.scalars(sa.select(type(kept).name).order_by(type(kept).name))
    assert list(names) == ["Earlier, pending when the block opens", "Kept", "Renamed"]


def test_the_licence_is_an_spdx_string_setuptools_reads_without_a_warning():
    import tomllib
    from pathlib import Path

    project = tomllib.loads((Path(__file__).resolve().parents[2] / "pyproject.toml").read_text())["project"]
    assert project["license"] == "AGPL-3.0-or-later"


def test_every_page_names_its_icon(client):
    page = client.get("/login").get_data(as_text=True)
    icon = re.search(r'rel="icon" href="(/static/img/favicon\.svg\?v=[0-9a-f]+)"', page)
    assert icon and client.get(icon.group(1)).status_code == 200


# --- static files by versioned URL ------------------------------------------------------

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
