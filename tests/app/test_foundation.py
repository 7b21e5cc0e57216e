"""The factory, the schema and the guards every feature relies on."""

from __future__ import annotations

import re
from datetime import date

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from app.db import day_number, flush_unique
from app.extensions import db
from app.models import Role
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
