"""The demand board is kept between views and recomputed exactly when a write changes its data."""

from __future__ import annotations

import importlib.util
import re
from datetime import date
from pathlib import Path

import pandas as pd
import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from cohorts.outcomes.queries import staff_home_summary
from employers import demand, queries
from employers.demand_version import trigger_ddl
from employers.models import HiringNeed, HiringNeedSkill, HiringNeedStatus
from tests import factories

MIGRATION = next((Path(__file__).resolve().parents[2] / "migrations" / "versions").glob("b2c4e6a8d0f1_*.py"))


def assert_board_is_fresh(**filters) -> None:
    """The board served equals the per-need tables computed from scratch now."""
    board = demand.demand_board(**filters)
    needs, skills = queries.demand_frames(**filters)
    pd.testing.assert_frame_equal(board["roles"], demand.by_role(needs), check_dtype=False)
    pd.testing.assert_frame_equal(board["regions"], demand.by_region(needs), check_dtype=False)
    pd.testing.assert_frame_equal(board["competencies"], demand.by_competency(needs, skills), check_dtype=False)
    pd.testing.assert_frame_equal(board["months"], demand.by_month(needs), check_dtype=False)
    assert board["totals"] == {"needs": len(needs), "openings": int(needs["openings"].sum()),
                               "employers": int(needs["employer"].nunique())}


@pytest.fixture
def demand_data():
    prospecting, closing = factories.SkillFactory(label="Prospecting"), factories.SkillFactory(label="Closing")
    sdr = factories.HiringNeedFactory(role_title="SDR", openings=4, region="Toronto", needed_by=date(2026, 6, 1))
    factories.HiringNeedSkillFactory(hiring_need=sdr, skill=prospecting, level=3)
    ae = factories.HiringNeedFactory(role_title="Account Executive", openings=1, region="Ottawa")
    factories.HiringNeedSkillFactory(hiring_need=ae, skill=closing, importance="nice")
    review = factories.HiringNeedFactory(role_title="Support Agent", status=HiringNeedStatus.draft, openings=2,
                                         submitted_at=sdr.created_at)
    factories.HiringNeedSkillFactory(hiring_need=review, skill=closing)
    return {"sdr": sdr, "ae": ae, "review": review, "prospecting": prospecting, "closing": closing}


def _run(sql: str, **params) -> None:
    db.session.execute(sa.text(sql), params)


WRITES = {
    "need added": lambda d: factories.HiringNeedFactory(role_title="sdr ", openings=3, region="Toronto"),
    "openings": lambda d: setattr(d["sdr"], "openings", 9),
    "status": lambda d: setattr(d["ae"], "status", HiringNeedStatus.filled),
    "submitted for review": lambda d: setattr(d["ae"], "submitted_at", None),
    "role": lambda d: setattr(d["ae"], "role_title", "SDR"),
    "region": lambda d: setattr(d["sdr"], "region", "Ottawa"),
    "needed by": lambda d: setattr(d["sdr"], "needed_by", date(2027, 1, 1)),
    "employer": lambda d: setattr(d["ae"], "employer", d["sdr"].employer),
    "need deleted": lambda d: db.session.delete(d["ae"]),
    "competency added": lambda d: factories.HiringNeedSkillFactory(hiring_need=d["ae"], skill=d["prospecting"]),
    "competency level": lambda d: setattr(d["sdr"].competencies[0], "level", 1),
    "competency importance": lambda d: setattr(d["sdr"].competencies[0], "importance", "nice"),
    "competency removed": lambda d: d["sdr"].competencies.clear(),
    "skill renamed": lambda d: _run("UPDATE skills SET label = 'Cold calling' WHERE id = :id", id=d["prospecting"].id),
    "raw SQL update": lambda d: _run("UPDATE hiring_needs SET openings = openings + 1"),
    "core insert": lambda d: db.session.execute(sa.insert(HiringNeedSkill).values(
        hiring_need_id=d["review"].id, skill_id=d["prospecting"].id, level=4, importance="must")),
    "core delete": lambda d: db.session.execute(sa.delete(HiringNeed).where(HiringNeed.id == d["review"].id)),
}


@pytest.mark.parametrize("write", list(WRITES))
def test_every_write_the_board_reads_gives_a_fresh_board(demand_data, write):
    filters = ({}, {"include_review": True}, {"region": "Toronto"})
    for f in filters:
        assert_board_is_fresh(**f)  # computed and kept
    before = queries.demand_version()
    WRITES[write](demand_data)
    db.session.flush()
    assert queries.demand_version() != before
    for f in filters:
        assert_board_is_fresh(**f)


@pytest.mark.parametrize("write", ["need added", "openings", "status", "need deleted", "raw SQL update",
                                   "core delete"])
def test_the_staff_homes_open_openings_follow_every_write(demand_data, write, client, login):
    assert staff_home_summary()["open_openings"] == queries.open_openings_total() == 5  # computed and kept
    WRITES[write](demand_data)
    db.session.flush()
    total = queries.open_openings_total()
    assert staff_home_summary()["open_openings"] == total
    login(Role.staff)
    html = client.get("/staff/").get_data(as_text=True)
    assert f'<span class="stat__value">{total}</span><span class="stat__label">open openings</span>' in html


def test_the_region_choices_follow_the_needs(demand_data):
    assert demand.DemandSnapshot().regions() == ["Ottawa", "Toronto"]
    factories.HiringNeedFactory(region="Calgary", status=HiringNeedStatus.closed)
    demand_data["ae"].region = "Montréal"
    db.session.flush()
    assert demand.DemandSnapshot().regions() == ["Calgary", "Montréal", "Toronto"]
    assert demand.DemandSnapshot().regions() == queries.distinct_values(HiringNeed.region)


def test_a_write_the_board_does_not_read_keeps_the_version(demand_data):
    demand.demand_board()
    before = queries.demand_version()
    demand_data["sdr"].stated_requirements = "Hunger"
    factories.EmployerFactory()
    factories.SkillFactory()
    db.session.flush()
    assert queries.demand_version() == before


def test_a_board_seen_inside_a_rolled_back_write_is_never_served_after_it(demand_data):
    kept = demand.demand_board()
    with db.session.begin_nested() as savepoint:
        factories.HiringNeedFactory(role_title="Welder", openings=50)
        assert "Welder" in demand.demand_board()["roles"]["role"].tolist()
        savepoint.rollback()
    again = demand.demand_board()
    assert "Welder" not in again["roles"]["role"].tolist()
    pd.testing.assert_frame_equal(again["roles"], kept["roles"])
    factories.HiringNeedFactory(role_title="Baker", openings=1)  # another write after the rolled-back one
    db.session.flush()
    assert_board_is_fresh()


def test_the_kept_board_is_shared_but_its_downloads_are_not(demand_data):
    first, second = demand.demand_board(), demand.demand_board()
    assert first["roles"] is second["roles"]
    assert "lines" not in first and len(first["lines"]) == 2
    factories.HiringNeedSkillFactory(hiring_need=demand_data["ae"], skill=demand_data["prospecting"])
    assert len(demand.demand_board()["lines"]) == 3 and "lines" not in second


def test_the_board_shows_the_first_rows_and_links_to_every_row(client, login):
    skills = [factories.SkillFactory(label=f"Skill {n:02d}") for n in range(demand.BOARD_ROWS + 12)]
    for n, skill in enumerate(skills):
        need = factories.HiringNeedFactory(role_title=f"Role {n:02d}", openings=n + 1, region="Toronto")
        factories.HiringNeedSkillFactory(hiring_need=need, skill=skill)
    factories.HiringNeedFactory(region="Ottawa", status=HiringNeedStatus.filled)
    total = len(skills)
    login(Role.staff)
    html = client.get("/staff/demand?region=Toronto").get_data(as_text=True)
    assert f'<span class="stat__value">{total}</span>' in html  # totals count every need
    shown = set(re.findall(r"<td>(Skill \d+)</td>", html))
    assert shown == {f"Skill {n:02d}" for n in range(total - demand.BOARD_ROWS, total)}, "most openings first"
    assert f"All {total} competencies" in html and f"All {total} roles" in html
    assert "/staff/demand/competencies?region=Toronto" in html
    listed = []
    for page in (1, 2):
        page_html = client.get(f"/staff/demand/competencies?region=Toronto&page={page}").get_data(as_text=True)
        listed += re.findall(r"<td>(Skill \d+)</td>", page_html)
    assert sorted(listed) == sorted(s.label for s in skills)
    assert listed[0] == f"Skill {total - 1:02d}"
    roles = client.get("/staff/demand/roles?region=Ottawa").get_data(as_text=True)
    assert "No open hiring needs in Ottawa yet." in roles
    assert client.get("/staff/demand/regions").status_code == 404


def test_the_migration_froze_the_same_triggers():
    spec = importlib.util.spec_from_file_location("demand_version_migration", MIGRATION)
    migration = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(migration)
    for dialect, frozen in (("sqlite", migration.SQLITE_TRIGGERS), ("postgresql", migration.POSTGRESQL_TRIGGERS)):
        assert [" ".join(s.split()) for s in frozen] == [" ".join(s.split()) for s in trigger_ddl(dialect)]
