"""Schedules without cron: nudges at the local hour, the monthly privacy report to admins."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import sqlalchemy as sa

from app.extensions import db
from app.models import OutboxMessage, Role
from cohorts.schedules import run_daily_nudges, send_privacy_report
from tests import factories

LONDON = ZoneInfo("Europe/London")


def test_nudges_run_at_their_hour_on_each_programme_clock(app):
    factories.ProgrammeFactory(time_zone="Europe/London")
    factories.ProgrammeFactory(time_zone="America/Toronto")
    hour = app.config["NUDGES_HOUR"]
    london = run_daily_nudges(datetime(2027, 3, 4, hour, tzinfo=LONDON))
    assert set(london) == {"Europe/London"}  # 03:00 in Toronto
    assert set(london["Europe/London"]) >= {"session_tomorrow", "retention_check_in_due"}
    toronto = run_daily_nudges(datetime(2027, 3, 4, hour, tzinfo=ZoneInfo("America/Toronto")))
    assert set(toronto) == {"America/Toronto"}
    assert run_daily_nudges(datetime(2027, 3, 4, (hour + 1) % 24, tzinfo=LONDON)) == {}


def test_a_zone_run_reminds_only_its_programmes_people(app):
    """A Toronto session tomorrow is reminded by Toronto's 08:00 run, not London's."""
    from datetime import UTC, timedelta

    from cohorts.delivery.nudges import send_nudges
    from cohorts.models import EnrolmentStatus

    toronto = factories.ProgrammeFactory(time_zone="America/Toronto")
    cohort = factories.CohortFactory(programme=toronto)
    factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.enrolled)
    starts = datetime(2027, 3, 5, 15, tzinfo=UTC)  # 10:00 in Toronto on the 5th
    factories.CohortSessionFactory(cohort=cohort, starts_at=starts, ends_at=starts + timedelta(hours=1))
    assert send_nudges(datetime(2027, 3, 4).date(), "Europe/London")["session_tomorrow"] == 0
    assert send_nudges(datetime(2027, 3, 4).date(), "America/Toronto")["session_tomorrow"] == 1


def test_the_privacy_report_goes_to_each_admin_once_a_month(app):
    admin = factories.user_for_role(Role.admin)
    factories.user_for_role(Role.staff)
    hour = app.config["REPORTS_HOUR"]
    assert send_privacy_report(datetime(2027, 3, 2, hour, tzinfo=LONDON)) is None
    first = datetime(2027, 3, 1, hour, tzinfo=LONDON)
    assert send_privacy_report(first) == 1
    send_privacy_report(first)  # the next hour's run, or a second worker: nobody hears twice
    mail = db.session.scalars(sa.select(OutboxMessage).where(OutboxMessage.kind == "privacy_report")).all()
    assert [m.recipient for m in mail] == [admin.email]
    assert mail[0].subject == "Privacy: 0 past the retention period (March 2027)"
