"""The national-scale generator: consistent, proportional and deterministic (a small set)."""

from __future__ import annotations

import hashlib
from datetime import date

import pytest
import sqlalchemy as sa

from app.db import Base
from app.models import User
from cohorts.seed.scale import Sizes, seed_scale
from cohorts.seed.scale_demand import PROGRAMMES, SCALE_PASSWORD

TODAY = date(2025, 3, 12)
PARTICIPANTS = 500
#: every table the generator writes
TABLES = (
    "skills", "programmes", "employers", "contacts", "users", "hiring_needs", "hiring_need_skills",
    "cohorts", "cohort_hiring_needs", "consortium_members", "modules", "module_skills", "sessions",
    "participants", "case_notes", "enrolments", "attendance", "skill_assessments", "candidacies",
    "placements", "retention_checks", "coach_profiles", "equality_monitoring",
)


@pytest.fixture
def counts(db):
    return seed_scale(PARTICIPANTS, seed=7, today=TODAY)


def digest(db) -> dict[str, str]:
    """A hash of every generated table's rows in key order (password hashes are salted: left out)."""
    out = {}
    for name in TABLES:
        table = Base.metadata.tables[name]
        columns = [c for c in table.c if not (name == "users" and c.name == "password_hash")]
        rows = db.session.execute(sa.select(*columns).order_by(*table.primary_key.columns)).all()
        out[name] = hashlib.sha256(repr(rows).encode()).hexdigest()
    return out


def test_national_sizes_are_the_issue_figures():
    sizes = Sizes(50_000)
    assert (sizes.employers, sizes.hiring_needs, sizes.cohorts) == (5_000, 20_000, 300)
    assert (sizes.candidacies, sizes.placements) == (60_000, 30_000)


def test_counts_follow_the_participants(counts, sql):
    sizes = Sizes(PARTICIPANTS)
    assert counts["participants"] == PARTICIPANTS == sql("select count(*) from participants")
    assert counts["employers"] == sizes.employers == 50
    assert counts["hiring_needs"] == sizes.hiring_needs == 200
    assert counts["cohorts"] == sizes.cohorts == 5
    assert counts["sessions"] == 20 * sizes.cohorts
    assert counts["modules"] == 6 * sizes.cohorts
    assert counts["skill_assessments"] == 2 * PARTICIPANTS
    assert counts["candidacies"] == sizes.candidacies == 600
    assert counts["placements"] == sizes.placements == 300
    assert counts["retention_checks"] == 2 * sizes.placements
    assert counts["coach_profiles"] == sizes.coaches
    assert 0.6 * PARTICIPANTS <= counts["equality_monitoring"] <= 0.8 * PARTICIPANTS
    assert 3 * 200 <= counts["hiring_need_skills"] <= 6 * 200
    # attendance: the past sessions of each participant's cohort (20 at most each)
    assert 0 < counts["attendance"] <= 20 * PARTICIPANTS
    assert counts["attendance"] == sql("select count(*) from attendance")


def test_every_foreign_key_points_at_a_row(counts, db):
    checked = 0
    for name in TABLES:
        table = Base.metadata.tables[name]
        for fk in table.foreign_keys:
            parent = fk.column
            orphans = db.session.scalar(
                sa.select(sa.func.count()).select_from(table)
                .outerjoin(parent.table, fk.parent == parent)
                .where(fk.parent.is_not(None), parent.is_(None))
            )
            assert orphans == 0, f"{name}.{fk.parent.name} → {parent.table.name}"
            checked += 1
    assert checked >= 30


def test_outcomes_hang_together(counts, sql):
    # every placement comes from its participant's hired candidacy, for that need and cohort
    assert sql("""select count(*) from placements p join candidacies c on c.id = p.candidacy_id
                  where c.stage = 'hired' and c.participant_id = p.participant_id
                  and c.hiring_need_id = p.hiring_need_id and c.cohort_id = p.cohort_id""") == counts["placements"]
    # candidacies are for needs in the demand basis of the participant's cohort
    assert sql("""select count(*) from candidacies c join cohort_hiring_needs d
                  on d.cohort_id = c.cohort_id and d.hiring_need_id = c.hiring_need_id""") == counts["candidacies"]
    # attendance only for sessions of a cohort the participant is enrolled in, and before today
    assert sql("""select count(*) from attendance a join sessions s on s.id = a.session_id
                  join enrolments e on e.cohort_id = s.cohort_id and e.participant_id = a.participant_id
                  where s.starts_at < :today""", today=TODAY) == counts["attendance"]
    # a placed participant completed their cohort
    assert sql("""select count(*) from placements p join enrolments e
                  on e.participant_id = p.participant_id and e.cohort_id = p.cohort_id
                  where e.status = 'completed'""") == counts["placements"]
    assert sql("select count(*) from programmes where name = :name", name=PROGRAMMES[0][0]) == 1


def test_logins_work_with_the_scale_password(counts, db):
    for email in ("admin@scale.bridgework.test", "coach001@scale.bridgework.test",
                  "employer0001@scale.bridgework.test", "participant00001@scale.bridgework.test"):
        user = db.session.scalar(sa.select(User).where(User.email == email))
        assert user is not None and user.check_password(SCALE_PASSWORD), email
    participant_user = db.session.scalar(
        sa.select(User).where(User.email == "participant00001@scale.bridgework.test"))
    assert participant_user.participant is not None
    assert db.session.scalar(sa.select(User).where(User.email == "employer0001@scale.bridgework.test")).employer


def test_same_seed_same_rows_and_a_second_load_is_refused(db):
    savepoint = db.session.begin_nested()
    seed_scale(PARTICIPANTS, seed=7, today=TODAY)
    first = digest(db)
    with pytest.raises(ValueError, match="already loaded"):
        seed_scale(PARTICIPANTS, seed=7, today=TODAY)
    savepoint.rollback()
    savepoint = db.session.begin_nested()
    seed_scale(PARTICIPANTS, seed=7, today=TODAY)
    assert digest(db) == first
    savepoint.rollback()
    seed_scale(PARTICIPANTS, seed=8, today=TODAY)
    other = digest(db)
    assert other["participants"] != first["participants"]
    assert other["attendance"] != first["attendance"]
