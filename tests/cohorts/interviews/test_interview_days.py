"""Interview days: slot cutting, who may book, the cut-off, swaps, races, attendance, reminders,
the feeds, and each portal's pages with their denials."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa
from icalendar import Calendar

from app.dates import at_local_time
from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.interviews import services
from cohorts.interviews.reminders import send_interview_reminders
from cohorts.models import CandidacyStage, InterviewAttendance, InterviewDayStatus, InterviewSlot
from tests import factories
from tests.conftest import assert_query_count_flat, counting_queries

ZONE = "America/Toronto"
ON = (datetime.now(UTC) + timedelta(days=10)).date()


@pytest.fixture
def world():
    return build_world()


def build_world() -> dict:
    """An employer's need covered by a cohort, two introduced candidates and one shortlisted."""
    programme = factories.ProgrammeFactory(time_zone=ZONE)
    cohort = factories.CohortFactory(programme=programme)
    need = factories.HiringNeedFactory(role_title="Account Executive")
    factories.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    now = datetime.now(UTC)
    ann, bob = (factories.CandidacyFactory(hiring_need=need, cohort=cohort, stage=CandidacyStage.introduced,
                                           introduced_at=now, participant=factories.ParticipantFactory(
                                               first_name=first, last_name=last))
                for first, last in (("Ann", "Archer"), ("Bob", "Baker")))
    shortlisted = factories.CandidacyFactory(hiring_need=need, cohort=cohort)
    db.session.flush()
    return {"cohort": cohort, "need": need, "employer": need.employer, "ann": ann, "bob": bob,
            "shortlisted": shortlisted}


def make_day(w, **fields):
    values = {"title": "Northwind interviews", "on": ON, "starts": time(9), "ends": time(12), "slot_minutes": 30,
              "gap_minutes": 0, "hiring_need": w["need"], "location": "100 King St W"} | fields
    return services.create_interview_day(w["employer"], actor=None, **values)


# --- services --------------------------------------------------------------------------------


def test_slots_are_cut_gap_apart_around_the_break_on_the_programmes_clock(world):
    day = make_day(world, starts=time(9), ends=time(13), slot_minutes=45, gap_minutes=15,
                   break_starts=time(11), break_ends=time(11, 30))
    local = [s.starts_at.astimezone(at_local_time(ON, time(0), ZONE).tzinfo) for s in day.slots]
    assert [f"{t:%H:%M}" for t in local] == ["09:00", "10:00", "11:30"]
    assert day.starts_at == at_local_time(ON, time(9), ZONE)
    assert day.booking_closes_at == at_local_time(ON - timedelta(days=1), time(17), ZONE)
    assert db.session.scalar(sa.select(AuditEvent).where(AuditEvent.entity == "interview_day")).action == "created"


def test_plan_slots_never_runs_past_the_end():
    start = datetime(2030, 1, 1, 9, tzinfo=UTC)
    assert services.plan_slots(start, start + timedelta(minutes=50), 20, 5) == [
        (start, start + timedelta(minutes=20)), (start + timedelta(minutes=25), start + timedelta(minutes=45))]


def test_a_day_without_room_for_a_slot_is_refused(world):
    with pytest.raises(CohortRuleError, match="no room for a single slot") as error:
        make_day(world, starts=time(9), ends=time(9, 20), slot_minutes=30)
    assert error.value.field == "slot_minutes"


def test_a_day_needs_a_place_or_a_link_and_a_cut_off_before_it_starts(world):
    with pytest.raises(CohortRuleError) as error:
        make_day(world, location="", closes_on=ON, closes_time=time(10))
    assert {f for f, _ in error.value.problems} == {"location", "closes_on"}


def test_an_employer_holds_days_only_for_its_own_needs_and_linked_cohorts(world):
    with pytest.raises(CohortRuleError, match="not one of"):
        make_day(world, hiring_need=factories.HiringNeedFactory())
    with pytest.raises(CohortRuleError, match="no hiring need in"):
        make_day(world, hiring_need=None, cohort=factories.CohortFactory())
    assert make_day(world, hiring_need=None, cohort=world["cohort"]).cohort_id == world["cohort"].id


def test_booking_moves_an_introduced_candidacy_to_interviewing_and_a_swap_keeps_one_booking(world):
    day = make_day(world)
    first, second = day.slots[0], day.slots[1]
    services.book_slot(world["ann"], first, None)
    assert world["ann"].stage == CandidacyStage.interviewing and first.candidacy_id == world["ann"].id
    services.book_slot(world["ann"], second, None)
    assert first.candidacy_id is None and second.candidacy_id == world["ann"].id
    assert sum(1 for s in day.slots if s.candidacy_id == world["ann"].id) == 1


def test_only_introduced_or_interviewing_candidates_of_the_day_may_book(world):
    day = make_day(world)
    with pytest.raises(CohortRuleError, match="not invited"):
        services.book_slot(world["shortlisted"], day.slots[0], None)
    outsider = factories.CandidacyFactory(stage=CandidacyStage.introduced, introduced_at=datetime.now(UTC))
    with pytest.raises(CohortRuleError, match="not invited"):
        services.book_slot(outsider, day.slots[0], None)


def test_a_taken_slot_and_the_cut_off_are_refused_but_the_organiser_may_book_after_it(world):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    with pytest.raises(CohortRuleError, match="just taken"):
        services.book_slot(world["bob"], day.slots[0], None)
    late = day.booking_closes_at + timedelta(minutes=1)
    with pytest.raises(CohortRuleError, match="Booking closed"):
        services.book_slot(world["bob"], day.slots[1], None, now=late)
    with pytest.raises(CohortRuleError, match="Booking closed"):
        services.cancel_booking(day.slots[0], None, now=late)
    services.book_slot(world["bob"], day.slots[1], None, now=late, by_organiser=True)
    assert day.slots[1].candidacy_id == world["bob"].id


def test_two_people_racing_for_one_slot_the_loser_gets_a_clear_message(world):
    day = make_day(world)
    slot = day.slots[0]
    db.session.flush()
    # someone else's transaction books it first: the row's version moves on behind this session's back
    db.session.execute(sa.text("UPDATE interview_slots SET candidacy_id = :c, version = version + 1 WHERE id = :i"),
                       {"c": world["bob"].id, "i": slot.id})
    with pytest.raises(CohortRuleError, match="just taken"):
        services.book_slot(world["ann"], slot, None)
    db.session.rollback()


def test_a_cancelled_day_takes_no_bookings(world):
    day = make_day(world)
    services.cancel_interview_day(day, None)
    assert day.status == InterviewDayStatus.cancelled and day.sequence == 1
    with pytest.raises(CohortRuleError, match="cancelled"):
        services.book_slot(world["ann"], day.slots[0], None)


def test_attendance_is_refused_before_the_slot_starts_and_recorded_after(world):
    day = make_day(world)
    slot = day.slots[0]
    services.book_slot(world["ann"], slot, None)
    with pytest.raises(CohortRuleError, match="has not started"):
        services.record_attendance(day, {slot.id: "attended"}, None)
    after = slot.starts_at + timedelta(minutes=5)
    assert services.record_attendance(day, {slot.id: InterviewAttendance.no_show}, None, now=after) == 1
    assert slot.attendance == InterviewAttendance.no_show


def test_reminders_go_once_to_both_sides_for_the_next_24_hours(world):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    services.book_slot(world["bob"], day.slots[5], None)
    factories.user_for_role(Role.employer, employer=world["employer"])
    the_day_before = day.slots[0].starts_at - timedelta(hours=20)
    assert send_interview_reminders(the_day_before) == 2
    assert day.slots[0].reminded_at == the_day_before
    assert send_interview_reminders(the_day_before + timedelta(hours=1)) == 0


def test_editing_a_day_bumps_its_sequence(world):
    day = make_day(world)
    services.update_interview_day(day, actor=None, title=day.title, location="", meeting_url="https://meet.test/x",
                                  interviewers="Dana Lee", closes_on=ON - timedelta(days=2), closes_time=time(12))
    assert day.sequence == 1 and day.meeting_url == "https://meet.test/x"


# --- pages -----------------------------------------------------------------------------------


def test_the_employer_plans_a_day_and_sees_only_its_own(world, client, login):
    login(Role.employer, employer=world["employer"])
    assert client.get("/employer/interview-days/new").status_code == 200
    response = client.post("/employer/interview-days/new", data={
        "title": "Our day", "hiring_need_id": world["need"].id, "cohort_id": "", "on": ON.isoformat(),
        "starts": "09:00", "ends": "11:00", "slot_minutes": 30, "gap_minutes": 0, "location": "HQ"})
    assert response.status_code == 302, response.get_data(as_text=True)
    day_id = int(response.headers["Location"].rsplit("/", 1)[1])
    page = client.get(f"/employer/interview-days/{day_id}")
    assert page.status_code == 200 and "Our day" in page.get_data(as_text=True)
    csv = client.get(f"/employer/interview-days/{day_id}?format=csv")
    assert csv.status_code == 200 and "starts" in csv.get_data(as_text=True)
    other = make_day({**world, "employer": (n := factories.HiringNeedFactory()).employer, "need": n})
    db.session.commit()
    assert client.get(f"/employer/interview-days/{other.id}").status_code == 404
    assert client.post(f"/employer/interview-days/{other.id}/cancel").status_code == 404
    assert "Our day" in client.get("/employer/interview-days").get_data(as_text=True)


def test_a_refused_day_shows_the_message_next_to_the_field(world, client, login):
    login(Role.employer, employer=world["employer"])
    db.session.commit()  # a refused POST rolls the request back; keep the fixture data
    response = client.post("/employer/interview-days/new", data={
        "title": "Short", "hiring_need_id": world["need"].id, "on": ON.isoformat(), "starts": "09:00",
        "ends": "09:10", "slot_minutes": 30, "gap_minutes": 0, "location": "HQ"})
    assert response.status_code == 422 and "no room for a single slot" in response.get_data(as_text=True)


def test_the_participant_books_swaps_and_cancels_in_the_portal(world, client, login):
    day = make_day(world)
    db.session.commit()
    login(factories.user_for_role(Role.participant, participant=world["ann"].participant))
    page = client.get("/participant/interviews")
    assert page.status_code == 200 and "Northwind interviews" in page.get_data(as_text=True)
    prefix = f"day{day.id}-slot_id"
    assert client.post(f"/participant/interviews/{day.id}/book", data={prefix: day.slots[2].id}).status_code == 302
    assert day.slots[2].candidacy_id == world["ann"].id
    assert client.post(f"/participant/interviews/{day.id}/book", data={prefix: day.slots[3].id}).status_code == 302
    db.session.expire_all()
    assert db.session.get(InterviewSlot, day.slots[3].id).candidacy_id == world["ann"].id
    assert client.post(f"/participant/interviews/{day.id}/cancel").status_code == 302
    db.session.expire_all()
    assert all(s.candidacy_id is None for s in day.slots)


def test_a_participant_not_invited_gets_404(world, client, login):
    day = make_day(world)
    db.session.commit()
    login(factories.user_for_role(Role.participant, participant=world["shortlisted"].participant))
    assert client.post(f"/participant/interviews/{day.id}/book", data={}).status_code == 404
    assert client.post(f"/participant/interviews/{day.id}/cancel").status_code == 404


def test_staff_see_every_day_and_record_the_register(world, client, login):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    login(Role.staff)
    db.session.commit()  # the refused register rolls the request back
    assert "Northwind interviews" in client.get(
        f"/staff/interview-days?employer_id={world['employer'].id}").get_data(as_text=True)
    assert client.get(f"/staff/interview-days/{day.id}").status_code == 200
    response = client.post(f"/staff/interview-days/{day.id}/attendance",
                           data={f"register-slot_{day.slots[0].id}": "attended"})
    assert response.status_code == 422 and "has not started" in response.get_data(as_text=True)


def test_list_pages_run_a_flat_number_of_queries(world, client, login):
    make_day(world)
    db.session.commit()
    login(Role.staff)

    def grow():
        for _ in range(3):
            need = factories.HiringNeedFactory()
            make_day({**world, "employer": need.employer, "need": need})
        db.session.commit()

    assert_query_count_flat(client, "/staff/interview-days", grow)


def test_the_participant_page_runs_a_flat_number_of_queries(world, client, login):
    services.book_slot(world["ann"], make_day(world).slots[0], None)
    db.session.commit()
    login(factories.user_for_role(Role.participant, participant=world["ann"].participant))

    def measure() -> int:
        db.session.expire_all()  # as a fresh request finds it: nothing loaded yet
        with counting_queries() as queries:
            assert client.get("/participant/interviews").status_code == 200
        return queries.count

    client.get("/participant/interviews")
    before = measure()
    for i in range(3):
        services.book_slot(world["ann"], make_day(world, on=ON + timedelta(days=i + 1)).slots[i], None)
        make_day(world, on=ON + timedelta(days=i + 5))
    db.session.commit()
    assert measure() == before


# --- feeds -----------------------------------------------------------------------------------


def test_both_feeds_hold_booked_slots_with_a_stable_uid(world, client):
    day = make_day(world)
    slot = day.slots[1]
    services.book_slot(world["ann"], slot, None)
    db.session.commit()
    participant, employer = world["ann"].participant, world["employer"]
    mine = Calendar.from_ical(client.get(f"/calendars/participant/{participant.feed_token}.ics").data)
    events = [e for e in mine.walk("VEVENT") if str(e["uid"]).startswith("interview-slot-")]
    assert [str(e["uid"]) for e in events] == [f"interview-slot-{slot.id}@bridgework"]
    assert events[0].decoded("dtstart").tzinfo.key == ZONE
    theirs = Calendar.from_ical(client.get(f"/calendars/employer/{employer.feed_token}.ics").data)
    summaries = [str(e["summary"]) for e in theirs.walk("VEVENT")]
    assert "Interview: Ann A. for Account Executive" in summaries
    before = int(events[0]["sequence"])
    services.update_interview_day(day, actor=None, title=day.title, location="Room 2", meeting_url="",
                                  interviewers="", closes_on=ON - timedelta(days=1), closes_time=time(17))
    services.cancel_interview_day(day, None)
    db.session.commit()
    again = Calendar.from_ical(client.get(f"/calendars/participant/{participant.feed_token}.ics").data)
    assert not [e for e in again.walk("VEVENT") if str(e["uid"]).startswith("interview-slot-")]
    assert before >= 1
