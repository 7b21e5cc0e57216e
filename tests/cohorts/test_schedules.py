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


def test_nudges_run_only_at_their_local_hour(app):
    hour = app.config["NUDGES_HOUR"]
    assert run_daily_nudges(datetime(2027, 3, 4, (hour + 1) % 24, tzinfo=LONDON)) is None
    counts = run_daily_nudges(datetime(2027, 3, 4, hour, tzinfo=LONDON))
    assert counts is not None and set(counts) >= {"session_tomorrow", "retention_check_in_due"}


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
