"""Scheduling: single and weekly sessions, cohort dates, co-delivery, clashes, edits and the calendar page."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import Role
from cohorts.delivery import scheduling as services
from cohorts.errors import CohortRuleError
from cohorts.models import Cohort, CohortSession, CohortStatus, SessionKind
from cohorts.delivery.scheduling import SessionPlan
from tests import factories


@pytest.fixture
def cohort():
    cohort = factories.CohortFactory(code="SC-S", status=CohortStatus.training,
                                     starts_on=date(2026, 3, 2), ends_on=date(2026, 4, 24))
    factories.ConsortiumMemberFactory(cohort=cohort, employer=factories.EmployerFactory(name="Acme Sales"))
    db.session.expire(cohort)
    return cohort


def at(day: int, hour: int, month: int = 3) -> datetime:
    return datetime(2026, month, day, hour, 0, tzinfo=UTC)


def plan(**fields) -> SessionPlan:
    return SessionPlan(**({"title": "Discovery calls", "kind": SessionKind.training, "starts_at": at(3, 9),
                           "ends_at": at(3, 12), "location": "Room 1"} | fields))


def test_schedule_session_numbers_refs_per_cohort(cohort):
    first = services.schedule_session(cohort, plan())
    second = services.schedule_session(cohort, plan(starts_at=at(4, 9), ends_at=at(4, 12)))
    assert (first.ref, second.ref) == ("SC-S-S01", "SC-S-S02")
    assert first.sequence == 0 and first.series_id is None


def test_weekly_sessions_share_a_series_and_step_a_week(cohort):
    sessions = services.schedule_weekly_sessions(cohort, plan(), 4)
    assert [s.ref for s in sessions] == ["SC-S-S01", "SC-S-S02", "SC-S-S03", "SC-S-S04"]
    assert [s.starts_at.date() for s in sessions] == [date(2026, 3, 3), date(2026, 3, 10), date(2026, 3, 17),
                                                       date(2026, 3, 24)]
    assert len({s.series_id for s in sessions}) == 1 and sessions[0].series_id
    assert all(s.ends_at - s.starts_at == timedelta(hours=3) for s in sessions)


@pytest.mark.parametrize("fields, message", [
    ({"starts_at": at(27, 9, month=2), "ends_at": at(27, 12, month=2)}, "outside the cohort's dates"),
    ({"starts_at": at(3, 12), "ends_at": at(3, 9)}, "end after it starts"),
    ({"kind": SessionKind.employer_session}, "co-delivering employer"),
    ({"title": "  "}, "needs a title"),
])
def test_bad_sessions_are_refused(cohort, fields, message):
    with pytest.raises(CohortRuleError, match=message):
        services.schedule_session(cohort, plan(**fields))
    assert db.session.scalar(select(func.count()).select_from(CohortSession)) == 0


def test_a_weekly_series_running_past_the_end_saves_nothing(cohort):
    with pytest.raises(CohortRuleError, match="outside"):
        services.schedule_weekly_sessions(cohort, plan(), 10)
    assert db.session.scalar(select(func.count()).select_from(CohortSession)) == 0


def test_only_consortium_employers_co_deliver(cohort):
    outsider = factories.EmployerFactory(name="Outsider Ltd")
    with pytest.raises(CohortRuleError, match="Outsider Ltd is not in"):
        services.schedule_session(cohort, plan(kind=SessionKind.employer_session, employer=outsider))
    acme = cohort.consortium[0].employer
    session = services.schedule_session(cohort, plan(kind=SessionKind.employer_session, employer=acme))
    assert session.employer is acme


def test_update_bumps_sequence_only_on_real_change(cohort):
    session = services.schedule_session(cohort, plan())
    services.update_session(session, plan())
    assert session.sequence == 0
    services.update_session(session, plan(starts_at=at(3, 10), ends_at=at(3, 13)))
    services.update_session(session, plan(starts_at=at(3, 10), ends_at=at(3, 13), location="Room 2"))
    assert session.sequence == 2 and session.location == "Room 2" and session.ref == "SC-S-S01"


def test_cancel_removes_the_session_unless_attendance_was_taken(cohort):
    session = services.schedule_session(cohort, plan())
    services.cancel_session(session)
    assert db.session.scalar(select(func.count()).select_from(CohortSession)) == 0
    kept = services.schedule_session(cohort, plan())
    factories.AttendanceFactory(session=kept)
    with pytest.raises(CohortRuleError, match="Attendance"):
        services.cancel_session(kept)


def test_find_clashes_warns_for_cohort_facilitator_and_employer(cohort):
    facilitator = factories.UserFactory(full_name="Fay Facilitator")
    acme = cohort.consortium[0].employer
    first = services.schedule_session(cohort, plan(facilitator=facilitator))
    other_cohort = factories.CohortFactory(code="CC-9", starts_on=date(2026, 3, 1), ends_on=date(2026, 4, 30))
    factories.ConsortiumMemberFactory(cohort=other_cohort, employer=acme)
    db.session.expire(other_cohort)
    elsewhere = services.schedule_session(other_cohort, plan(
        starts_at=at(3, 11), ends_at=at(3, 13), facilitator=facilitator, employer=acme))
    overlapping = services.schedule_session(cohort, plan(starts_at=at(3, 11), ends_at=at(3, 14), employer=acme))
    warnings = services.find_clashes(overlapping)
    assert any(first.ref in w and "in this cohort" in w for w in warnings)
    assert any("Acme Sales also co-delivers " + elsewhere.ref in w for w in warnings)
    assert any("Fay Facilitator also facilitates " + elsewhere.ref in w for w in services.find_clashes(first))
    later = services.schedule_session(cohort, plan(starts_at=at(3, 14), ends_at=at(3, 15)))
    assert services.find_clashes(later) == []  # back to back is no clash


# -- routes -------------------------------------------------------------------------------------


def form(**fields):
    return {"title": "Pitch clinic", "kind": "training", "module_id": "0", "day": "2026-03-05", "start": "09:30",
            "end": "12:00", "weeks": "1", "location": "https://meet.example/pitch", "employer_id": "0",
            "facilitator_id": "0", "description": ""} | fields


def test_schedule_an_employer_co_delivered_session_through_the_form(client, login, cohort):
    login(Role.staff)
    acme = cohort.consortium[0].employer
    response = client.post(f"/staff/cohorts/{cohort.id}/sessions/new",
                           data=form(kind="employer_session", employer_id=str(acme.id)), follow_redirects=True)
    assert "Scheduled SC-S-S01" in response.get_data(as_text=True)
    session = db.session.scalar(select(CohortSession).where(CohortSession.ref == "SC-S-S01"))
    assert session.employer_id == acme.id and session.kind == SessionKind.employer_session
    # London is on GMT on 5 March: local 09:30 is 09:30 UTC
    assert session.starts_at == datetime(2026, 3, 5, 9, 30, tzinfo=UTC)


def test_local_times_are_stored_as_utc_in_summer(client, login):
    login(Role.staff)
    cohort = factories.CohortFactory(starts_on=date(2026, 6, 1), ends_on=date(2026, 7, 31))
    client.post(f"/staff/cohorts/{cohort.id}/sessions/new", data=form(day="2026-06-10"))
    session = db.session.scalar(select(CohortSession).where(CohortSession.cohort_id == cohort.id))
    assert session.starts_at == datetime(2026, 6, 10, 8, 30, tzinfo=UTC)  # BST


def test_weekly_series_through_the_form_and_clash_warning(client, login, cohort):
    login(Role.staff)
    client.post(f"/staff/cohorts/{cohort.id}/sessions/new", data=form(weeks="3"))
    response = client.post(f"/staff/cohorts/{cohort.id}/sessions/new", data=form(title="Overlap", start="11:00",
                                                                               end="13:00"), follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "Clash: Overlaps SC-S-S01" in page
    assert db.session.scalar(select(func.count()).select_from(CohortSession)) == 4


def test_session_outside_the_cohort_dates_is_refused_with_a_message(client, login, cohort):
    login(Role.staff)
    db.session.commit()
    response = client.post(f"/staff/cohorts/{cohort.id}/sessions/new", data=form(day="2026-05-20"))
    assert "outside the cohort&#39;s dates" in response.get_data(as_text=True)
    assert db.session.scalar(select(func.count()).select_from(CohortSession)) == 0


def test_edit_and_cancel_a_session_through_the_forms(client, login, cohort):
    login(Role.staff)
    session = services.schedule_session(cohort, plan())
    page = client.get(f"/staff/sessions/{session.id}/edit").get_data(as_text=True)
    assert 'value="Discovery calls"' in page and "Repeat weekly" not in page
    client.post(f"/staff/sessions/{session.id}/edit", data=form(title="Discovery calls II", day="2026-03-03"))
    db.session.expire_all()
    edited = db.session.get(CohortSession, session.id)
    assert edited.title == "Discovery calls II" and edited.sequence == 1
    client.post(f"/staff/sessions/{session.id}/cancel")
    assert db.session.get(CohortSession, session.id) is None


def test_calendar_page_lists_sessions_by_week_with_the_feed(client, login, cohort):
    login(Role.staff)
    services.schedule_weekly_sessions(cohort, plan(), 2)
    page = client.get(f"/staff/cohorts/{cohort.id}/calendar").get_data(as_text=True)
    assert "SC-S-S01" in page and "SC-S-S02" in page and "weekly series" in page
    assert f"webcal://127.0.0.1:5000/calendars/cohort/{db.session.get(Cohort, cohort.id).feed_token}.ics" in page
