"""The counts the database keeps (app.models.count_rows) equal a count from scratch after every
kind of write: ORM adds and deletes, cascades, voiding, erasure, bulk statements."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role, RowCount, recount_statements
from cohorts.models import Participant, Placement
from cohorts.outcomes.queries import staff_home_summary
from cohorts.privacy.erasure import erase_participant
from employers.models import Employer, HiringNeed
from tests import factories as f


def kept() -> dict[str, int]:
    db.session.flush()
    return dict(db.session.execute(sa.select(RowCount.name, RowCount.value)).all())


def counted() -> dict[str, int]:
    def count(model, *where):
        return db.session.scalar(sa.select(sa.func.count()).select_from(model).where(*where))

    return {"participants": count(Participant), "live_participants": count(Participant, Participant.anonymised_at.is_(None)),
            "live_placements": count(Placement, Placement.voided_at.is_(None)), "employers": count(Employer),
            "hiring_needs": count(HiringNeed)}


def assert_exact() -> None:
    assert kept() == counted()


def test_orm_writes_keep_the_counts():
    assert_exact()
    people = f.ParticipantFactory.create_batch(3)
    placement = f.PlacementFactory(participant=people[0])
    f.PlacementFactory(participant=people[1])
    assert_exact()
    placement.voided_at = datetime(2026, 4, 1, tzinfo=UTC)
    assert_exact()
    placement.voided_at = None
    assert_exact()
    placement.role_title = "Something else"  # an update that moves nothing
    assert_exact()
    db.session.delete(people[2])
    assert_exact()
    need = f.HiringNeedFactory()
    assert_exact()
    db.session.delete(need)
    assert_exact()


def test_bulk_deletes_keep_the_counts():
    placement = f.PlacementFactory()
    f.PlacementFactory(participant=placement.participant)
    lone = f.ParticipantFactory()
    before = kept()
    db.session.execute(sa.delete(Placement).where(Placement.participant_id == placement.participant_id))
    db.session.execute(sa.delete(Participant).where(Participant.id == lone.id))
    db.session.expire_all()
    after = kept()
    assert after["participants"] == before["participants"] - 1
    assert after["live_placements"] == before["live_placements"] - 2
    assert_exact()


def test_erasure_moves_the_live_count_only():
    person = f.ParticipantFactory()
    staff = f.user_for_role(Role.staff)
    before = kept()
    erase_participant(person, staff)
    after = kept()
    assert after["live_participants"] == before["live_participants"] - 1
    assert after["participants"] == before["participants"]
    assert_exact()


def test_bulk_statements_keep_the_counts():
    f.PlacementFactory.create_batch(3)
    db.session.flush()
    db.session.execute(sa.update(Placement).values(voided_at=datetime(2026, 5, 1, tzinfo=UTC)))
    assert_exact()
    db.session.execute(sa.update(Placement).values(voided_at=None))
    assert_exact()
    db.session.execute(sa.insert(Participant), [
        {"email": f"bulk{n}@example.org", "first_name": "B", "last_name": str(n)} for n in range(5)])
    assert_exact()


def test_a_recount_repairs_a_count():
    f.ParticipantFactory()
    db.session.execute(sa.update(RowCount).values(value=0))
    for statement in recount_statements():
        db.session.execute(sa.text(statement))
    assert_exact()


@pytest.mark.parametrize("page", ["/staff/", "/staff/participants", "/staff/employers", "/staff/hiring-needs"])
def test_the_staff_home_shows_the_kept_counts_and_counts_no_table(client, login, count_queries, page):
    login()
    f.PlacementFactory.create_batch(2)
    db.session.flush()
    summary = staff_home_summary()
    assert (summary["participants"], summary["placements"]) == (counted()["participants"], counted()["live_placements"])
    with count_queries() as queries:
        assert client.get(page).status_code == 200
    for statement in queries.statements:
        text = " ".join(str(statement).lower().split())
        for table in ("participants", "placements", "employers", "hiring_needs"):  # a count with no WHERE
            assert not re.search(rf"count\(\*\)( as \w+)? from {table}(?! where)", text), text
