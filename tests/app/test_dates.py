"""'Today' is the date where the programme runs (its zone, else LOCAL_TIMEZONE), never the server's date."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from app.dates import local_today, to_local
from cohorts.models import CohortStatus
from cohorts.participants.admissions import apply_to_cohort
from tests import factories

#: 26 hours apart: whatever the server's clock says, their dates always differ
EAST, WEST = "Etc/GMT-14", "Etc/GMT+12"


@pytest.fixture
def zone(app):
    before = app.config["LOCAL_TIMEZONE"]

    def use(name: str) -> ZoneInfo:
        app.config["LOCAL_TIMEZONE"] = name
        return ZoneInfo(name)

    yield use
    app.config["LOCAL_TIMEZONE"] = before


@pytest.mark.parametrize("name", [EAST, WEST])
def test_local_today_is_the_date_in_the_configured_zone(zone, name):
    expected = datetime.now(zone(name)).date()
    assert local_today() == expected


def test_the_two_ends_of_the_world_have_different_todays(zone):
    zone(EAST)
    east = local_today()
    zone(WEST)
    assert local_today() < east


@pytest.mark.parametrize("name", [EAST, WEST])
def test_a_service_dates_what_it_records_by_the_programme_s_today(zone, name):
    """One of the two zones is always a day away from the server's date: the old date.today() failed.
    The programme's own zone decides, not the deployment's."""
    programme = factories.ProgrammeFactory(time_zone=name)
    cohort = factories.CohortFactory(status=CohortStatus.recruiting, programme=programme)
    where = zone(WEST if name == EAST else EAST) and ZoneInfo(name)
    enrolment = apply_to_cohort(cohort, first_name="Ada", last_name="Lovelace", email="ada@example.org")
    assert enrolment.applied_on == datetime.now(where).date()


def test_to_local_shows_an_instant_in_the_configured_zone(zone):
    zone("America/Toronto")
    local = to_local(datetime(2026, 7, 1, 13, 30, tzinfo=UTC))
    assert (local.hour, local.minute, local.utcoffset().total_seconds()) == (9, 30, -4 * 3600)
    assert to_local(None) is None
