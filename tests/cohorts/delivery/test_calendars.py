"""iCalendar feeds: RFC 5545 content that icalendar parses, tokens, stable UIDs, bumped SEQUENCE."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from icalendar import Calendar

from app.extensions import db
from cohorts.delivery import scheduling as services
from cohorts.delivery.calendars import cohort_feed_url, employer_feed_url, participant_feed_url, webcal
from cohorts.models import CohortStatus, EnrolmentStatus, SessionKind
from cohorts.delivery.scheduling import SessionPlan
from tests import factories


@pytest.fixture
def scheduled():
    cohort = factories.CohortFactory(code="SC-F", name="Spring", status=CohortStatus.training,
                                     starts_on=date(2026, 3, 2), ends_on=date(2026, 4, 24))
    acme = factories.EmployerFactory(name="Acme Sales")
    factories.ConsortiumMemberFactory(cohort=cohort, employer=acme)
    db.session.expire(cohort)
    training = services.schedule_session(cohort, SessionPlan(
        title="Discovery calls", kind=SessionKind.training, starts_at=datetime(2026, 3, 3, 9, tzinfo=UTC),
        ends_at=datetime(2026, 3, 3, 12, tzinfo=UTC), location="Room 1, 100 King St"))
    clinic = services.schedule_session(cohort, SessionPlan(
        title="Pitch clinic", kind=SessionKind.employer_session, starts_at=datetime(2026, 3, 5, 13, tzinfo=UTC),
        ends_at=datetime(2026, 3, 5, 15, tzinfo=UTC), location="https://meet.example/acme", employer=acme,
        description="Bring your pitch"))
    return {"cohort": cohort, "acme": acme, "training": training, "clinic": clinic}


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.data)


def events(calendar):
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


def test_cohort_feed_is_a_valid_calendar(client, scheduled):
    calendar = fetch(client, f"/calendars/cohort/{scheduled['cohort'].feed_token}.ics")
    assert str(calendar["VERSION"]) == "2.0" and "Bridgework" in str(calendar["PRODID"])
    assert str(calendar["X-WR-CALNAME"]).startswith("SC-F — Spring")
    found = events(calendar)
    assert set(found) == {"SC-F-S01@bridgework", "SC-F-S02@bridgework"}
    clinic = found["SC-F-S02@bridgework"]
    assert clinic.decoded("DTSTART") == datetime(2026, 3, 5, 13, tzinfo=UTC)
    assert clinic.decoded("DTEND") == datetime(2026, 3, 5, 15, tzinfo=UTC)
    assert str(clinic["SUMMARY"]) == "Pitch clinic (SC-F)"
    assert str(clinic["LOCATION"]) == "https://meet.example/acme"
    assert "Co-delivered with Acme Sales" in str(clinic["DESCRIPTION"])
    assert "Bring your pitch" in str(clinic["DESCRIPTION"])
    assert int(clinic["SEQUENCE"]) == 0 and str(clinic["STATUS"]) == "CONFIRMED"
    assert "DTSTAMP" in clinic


def test_a_line_break_in_a_location_cannot_break_the_feed(client, scheduled):
    """A CR/LF in a stored location (a workbook, an old form) used to make every feed with it a 500."""
    scheduled["clinic"].location = "https://meet.example/acme\r\nX-INJECTED:1"
    db.session.commit()
    response = client.get(f"/calendars/cohort/{scheduled['cohort'].feed_token}.ics")
    assert response.status_code == 200 and b"\r\nX-INJECTED" not in response.data
    clinic = events(Calendar.from_ical(response.data))["SC-F-S02@bridgework"]
    assert str(clinic["LOCATION"]) == "https://meet.example/acme X-INJECTED:1" and "URL" not in clinic


def test_editing_a_session_keeps_its_uid_and_bumps_sequence(client, scheduled):
    url = f"/calendars/cohort/{scheduled['cohort'].feed_token}.ics"
    before = events(fetch(client, url))["SC-F-S01@bridgework"]
    session = scheduled["training"]
    services.update_session(session, SessionPlan(
        title="Discovery calls", kind=SessionKind.training, starts_at=datetime(2026, 3, 3, 10, tzinfo=UTC),
        ends_at=datetime(2026, 3, 3, 13, tzinfo=UTC), location="Room 4"))
    after = events(fetch(client, url))["SC-F-S01@bridgework"]
    assert int(after["SEQUENCE"]) == int(before["SEQUENCE"]) + 1
    assert after.decoded("DTSTART") == datetime(2026, 3, 3, 10, tzinfo=UTC)
    assert str(after["LOCATION"]) == "Room 4"


def test_cancelled_sessions_leave_the_feed(client, scheduled):
    services.cancel_session(scheduled["training"])
    found = events(fetch(client, f"/calendars/cohort/{scheduled['cohort'].feed_token}.ics"))
    assert set(found) == {"SC-F-S02@bridgework"}


def test_employer_feed_has_only_co_delivered_sessions(client, scheduled):
    found = events(fetch(client, f"/calendars/employer/{scheduled['acme'].feed_token}.ics"))
    assert set(found) == {"SC-F-S02@bridgework"}


def test_participant_feed_follows_enrolment_status(client, scheduled):
    enrolled = factories.EnrolmentFactory(cohort=scheduled["cohort"], status=EnrolmentStatus.enrolled)
    applicant = factories.EnrolmentFactory(cohort=scheduled["cohort"], status=EnrolmentStatus.applied, enrolled_on=None)
    mine = events(fetch(client, f"/calendars/participant/{enrolled.participant.feed_token}.ics"))
    assert set(mine) == {"SC-F-S01@bridgework", "SC-F-S02@bridgework"}
    assert events(fetch(client, f"/calendars/participant/{applicant.participant.feed_token}.ics")) == {}


@pytest.mark.parametrize("kind", ["cohort", "employer", "participant"])
def test_unknown_tokens_are_404(client, scheduled, kind):
    assert client.get(f"/calendars/{kind}/not-a-real-token.ics").status_code == 404


def test_feeds_need_no_login_and_tokens_differ(client, scheduled):
    participant = factories.ParticipantFactory()
    tokens = {scheduled["cohort"].feed_token, scheduled["acme"].feed_token, participant.feed_token}
    assert len(tokens) == 3 and all(len(t) >= 32 for t in tokens)


def test_feed_url_helpers_are_absolute(app, scheduled):
    participant = factories.ParticipantFactory()
    with app.test_request_context(base_url="http://evil.example"):
        # never the request's host: always the configured address of the site
        assert cohort_feed_url(scheduled["cohort"]).startswith(f"{app.config['SERVER_BASE_URL']}/calendars/cohort/")
        assert employer_feed_url(scheduled["acme"]).endswith(f"/calendars/employer/{scheduled['acme'].feed_token}.ics")
        assert participant_feed_url(participant).endswith(f"/calendars/participant/{participant.feed_token}.ics")
    # outside a request (mail, CLI) the configured base is used
    assert participant_feed_url(participant) == (
        f"{app.config['SERVER_BASE_URL']}/calendars/participant/{participant.feed_token}.ics")
    assert webcal("https://example.test/a.ics") == "webcal://example.test/a.ics"
