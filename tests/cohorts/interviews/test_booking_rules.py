"""Interview days, continued: cohort days, the register after the start, the organiser's booking,
and the pages each role reaches (the fixture and helpers come from test_interview_days)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.interviews import services
from cohorts.models import CandidacyStage, InterviewAttendance
from tests import factories
from tests.cohorts.interviews.test_interview_days import build_world, make_day


@pytest.fixture
def world():
    return build_world()


def _started(day, hours: float = 1) -> None:
    """Move the day into the past as if it had been held (a new day must be in the future)."""
    shift = day.slots[0].starts_at - datetime.now(UTC) + timedelta(hours=hours)
    for slot in day.slots:
        slot.starts_at, slot.ends_at = slot.starts_at - shift, slot.ends_at - shift
    day.starts_at, day.ends_at = day.starts_at - shift, day.ends_at - shift
    day.booking_closes_at = day.starts_at - timedelta(days=1)


def test_a_cohort_day_invites_every_introduced_candidate_of_the_cohort_for_the_employer(world):
    other_need = factories.HiringNeedFactory(employer=world["employer"], role_title="SDR")
    carol = factories.CandidacyFactory(hiring_need=other_need, cohort=world["cohort"], introduced_at=datetime.now(UTC),
                                       stage=CandidacyStage.interviewing)
    elsewhere = factories.CandidacyFactory(hiring_need=other_need, cohort=factories.CohortFactory(),
                                           introduced_at=datetime.now(UTC), stage=CandidacyStage.introduced)
    day = make_day(world, hiring_need=None, cohort=world["cohort"])
    services.book_slot(carol, day.slots[0], None)
    assert carol.stage == CandidacyStage.interviewing
    services.book_slot(world["bob"], day.slots[1], None)
    with pytest.raises(CohortRuleError, match="not invited"):
        services.book_slot(elsewhere, day.slots[2], None)


def test_the_organiser_records_the_register_after_the_start(world, client, login):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    _started(day)
    login(Role.employer, employer=world["employer"])
    db.session.commit()
    page = client.get(f"/employer/interview-days/{day.id}")
    assert page.status_code == 200 and "Save the register" in page.get_data(as_text=True)
    response = client.post(f"/employer/interview-days/{day.id}/attendance",
                           data={f"register-slot_{day.slots[0].id}": "no_show"})
    assert response.status_code == 302
    db.session.expire_all()
    assert day.slots[0].attendance == InterviewAttendance.no_show
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEvent)
                             .where(AuditEvent.entity == "interview_slot", AuditEvent.action == "attendance")) == 1


def test_after_the_cut_off_the_participant_cannot_cancel_but_the_organiser_books_and_frees(world, client, login):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    day.booking_closes_at = datetime.now(UTC) - timedelta(minutes=1)
    participant_user = factories.user_for_role(Role.participant, participant=world["ann"].participant)
    staff = factories.user_for_role(Role.staff)
    db.session.commit()
    login(participant_user)
    page = client.get("/participant/interviews").get_data(as_text=True)
    assert "Booking has closed" in page and "Cancel this interview" not in page
    client.post(f"/participant/interviews/{day.id}/cancel")
    db.session.expire_all()
    assert day.slots[0].candidacy_id == world["ann"].id
    login(staff)
    assert client.post(f"/staff/interview-days/{day.id}/book",
                       data={"assign-slot_id": day.slots[1].id, "assign-candidacy_id": world["bob"].id}).status_code == 302
    assert client.post(f"/staff/interview-days/{day.id}/slots/{day.slots[0].id}/free").status_code == 302
    db.session.expire_all()
    assert day.slots[0].candidacy_id is None and day.slots[1].candidacy_id == world["bob"].id


def test_each_portal_reaches_its_pages_and_not_the_others(world, client, login):
    day = make_day(world)
    db.session.commit()
    login(Role.staff)
    assert client.get("/staff/interview-days/new").status_code == 200
    assert client.get(f"/staff/interview-days/{day.id}/edit").status_code == 200
    assert client.get(f"/staff/interview-days?cohort_id={world['cohort'].id}").status_code == 200
    login(Role.employer)  # another employer
    assert client.get(f"/employer/interview-days/{day.id}/edit").status_code == 404
    assert client.post(f"/employer/interview-days/{day.id}/slots/{day.slots[0].id}/free").status_code == 404
    assert client.get(f"/employer/interview-days/{day.id}?format=csv").status_code == 404
    login(Role.participant)
    assert client.get(f"/staff/interview-days/{day.id}").status_code in (403, 404)
    assert client.get("/participant/interviews").status_code == 200


def test_the_participant_sees_past_interviews_with_attendance(world, client, login):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    _started(day, hours=30)
    services.record_attendance(day, {day.slots[0].id: "attended"}, None)
    db.session.commit()
    login(factories.user_for_role(Role.participant, participant=world["ann"].participant))
    page = client.get("/participant/interviews").get_data(as_text=True)
    assert "Past interviews" in page and "Attended" in page
