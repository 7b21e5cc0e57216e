"""Each programme runs in its own zone: sessions are typed, shown and published on its wall clock."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar
from sqlalchemy import select

from app.dates import at_local_time, local_today
from app.extensions import db
from app.models import Role
from cohorts.delivery import scheduling
from cohorts.delivery.scheduling import SessionPlan
from cohorts.models import CohortSession, CohortStatus, SessionKind
from tests import factories

TORONTO = ZoneInfo("America/Toronto")


@pytest.fixture
def toronto_cohort(app):
    programme = factories.ProgrammeFactory(name="SalesCamp Toronto", time_zone="America/Toronto", currency="CAD")
    cohort = factories.CohortFactory(code="TO-1", programme=programme, status=CohortStatus.training,
                                     starts_on=date(2027, 3, 1), ends_on=date(2027, 4, 30))
    db.session.expire(cohort)
    return cohort


def session_form(**fields):
    return {"title": "Discovery calls", "kind": "training", "module_id": "0", "day": "2027-03-04", "start": "09:30",
            "end": "11:00", "weeks": "1", "location": "Room 4", "employer_id": "0", "facilitator_id": "0",
            "description": ""} | fields


def test_a_session_typed_at_0930_in_toronto_is_0930_toronto_time(client, login, toronto_cohort):
    """The server's zone (Europe/London in tests) plays no part: the programme's zone does."""
    login(Role.staff)
    client.post(f"/staff/cohorts/{toronto_cohort.id}/sessions/new", data=session_form())
    session = db.session.scalar(select(CohortSession).where(CohortSession.cohort_id == toronto_cohort.id))
    assert session.starts_at == datetime(2027, 3, 4, 14, 30, tzinfo=UTC)  # EST is UTC−5
    page = client.get(f"/staff/cohorts/{toronto_cohort.id}/calendar").get_data(as_text=True)
    assert "09:30–11:00 EST" in page


def test_the_feed_puts_a_toronto_0930_session_at_0930_in_a_calendar_client(client, login, toronto_cohort):
    login(Role.staff)
    client.post(f"/staff/cohorts/{toronto_cohort.id}/sessions/new", data=session_form())
    feed = client.get(f"/calendars/cohort/{toronto_cohort.feed_token}.ics").data
    calendar = Calendar.from_ical(feed)
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/Toronto"]
    event = calendar.walk("VEVENT")[0]
    assert event["DTSTART"].params["TZID"] == "America/Toronto"
    starts = event.decoded("DTSTART")
    assert starts.astimezone(TORONTO).time() == time(9, 30)
    assert starts.astimezone(UTC) == datetime(2027, 3, 4, 14, 30, tzinfo=UTC)
    assert b"T093000Z" not in feed


def test_a_weekly_series_keeps_its_wall_clock_time_across_the_dst_change(toronto_cohort):
    """Toronto moves to EDT on 14 March 2027: the 18 March session is still at 09:30 there."""
    plan = SessionPlan(title="Stand-up", kind=SessionKind.training,
                       starts_at=at_local_time(date(2027, 3, 4), time(9, 30), TORONTO),
                       ends_at=at_local_time(date(2027, 3, 4), time(10, 0), TORONTO))
    sessions = scheduling.schedule_weekly_sessions(toronto_cohort, plan, 3)
    assert [s.starts_at.astimezone(TORONTO).time() for s in sessions] == [time(9, 30)] * 3
    assert [s.starts_at.astimezone(UTC).hour for s in sessions] == [14, 14, 13]


def test_a_late_evening_session_belongs_to_the_day_where_the_cohort_runs(toronto_cohort):
    """23:00 on 30 April in Toronto is already 1 May in UTC: still inside a cohort ending 30 April."""
    plan = SessionPlan(title="Evening review", kind=SessionKind.training,
                       starts_at=at_local_time(date(2027, 4, 30), time(22, 0), TORONTO),
                       ends_at=at_local_time(date(2027, 4, 30), time(23, 0), TORONTO))
    session = scheduling.schedule_session(toronto_cohort, plan)
    assert session.ends_at.astimezone(UTC).date() == date(2027, 5, 1)


def test_the_edit_form_shows_the_programme_wall_clock(client, login, toronto_cohort):
    login(Role.staff)
    client.post(f"/staff/cohorts/{toronto_cohort.id}/sessions/new", data=session_form())
    session = db.session.scalar(select(CohortSession).where(CohortSession.cohort_id == toronto_cohort.id))
    page = client.get(f"/staff/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="09:30"' in page and "America/Toronto time" in page


def test_today_is_the_date_in_the_zone_asked_for(monkeypatch):
    """At 02:00 UTC on 5 March it is still 4 March in Toronto."""
    import app.dates as dates

    class FrozenDatetime(datetime):
        @classmethod
        def now(cls, tz=None):
            return datetime(2027, 3, 5, 2, 0, tzinfo=UTC).astimezone(tz)

    monkeypatch.setattr(dates, "datetime", FrozenDatetime)
    assert local_today("America/Toronto") == date(2027, 3, 4)
    assert local_today("Europe/London") == date(2027, 3, 5)


def test_a_workbook_reads_and_writes_session_times_on_the_programme_clock(app, toronto_cohort, tmp_path):
    """spec/workbook.md: date-times are local time, and local is where the cohort runs."""
    from cohorts.workbook.export import workbook_frames
    from cohorts.workbook.services import import_workbook

    db.session.commit()
    folder = tmp_path / "workbook"
    folder.mkdir()
    (folder / "sessions.csv").write_text(
        "ref,cohort,title,kind,starts_at,ends_at\nTO-1-S01,TO-1,Kick-off,training,2027-03-04T09:30,2027-03-04T11:00\n")
    result = import_workbook(folder)
    assert result.ok, [str(e) for e in result.errors]
    session = db.session.scalar(select(CohortSession).where(CohortSession.ref == "TO-1-S01"))
    assert session.starts_at == datetime(2027, 3, 4, 14, 30, tzinfo=UTC)
    exported = workbook_frames()["sessions"]
    row = exported[exported["ref"] == "TO-1-S01"].iloc[0]
    assert (row["starts_at"], row["ends_at"]) == ("2027-03-04T09:30", "2027-03-04T11:00")
