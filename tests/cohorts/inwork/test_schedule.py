"""Asking the check-ins: the latest due week only, once, on the configured weeks, by email with a signed link."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
import sqlalchemy as sa

from app.dates import local_today, local_zone
from app.extensions import db
from app.models import OutboxMessage
from cohorts.inwork.schedule import latest_due_week, run_check_ins, send_due_check_ins
from cohorts.models import CheckIn
from tests.cohorts.inwork.helpers import placed
from tests.conftest import counting_queries


def _weeks(placement) -> list[int]:
    return list(db.session.scalars(sa.select(CheckIn.week).where(CheckIn.placement_id == placement.id)
                                   .order_by(CheckIn.week)))


def test_latest_due_week():
    start = datetime(2026, 1, 1).date()
    weeks = (1, 2, 4, 8)
    assert latest_due_week(start, start + timedelta(days=6), weeks) is None
    assert latest_due_week(start, start + timedelta(days=7), weeks) == 1
    assert latest_due_week(start, start + timedelta(days=40), weeks) == 4


def test_week_one_is_asked_and_emailed_once_with_a_signed_link(app):
    placement = placed(days_ago=8)
    assert send_due_check_ins(local_today()) == {"created": 1, "emailed": 1}
    assert send_due_check_ins(local_today()) == {"created": 0, "emailed": 0}
    assert _weeks(placement) == [1]
    row = db.session.scalar(sa.select(CheckIn).where(CheckIn.placement_id == placement.id))
    assert row.sent_at is not None and row.due_on == placement.start_date + timedelta(weeks=1)
    mail = db.session.scalar(sa.select(OutboxMessage).where(OutboxMessage.recipient == placement.participant.email))
    assert "/reminders/check-in/" in mail.body_text and placement.role_title in mail.body_text


def test_a_placement_recorded_late_gets_only_its_latest_due_week(app):
    placement = placed(days_ago=40)  # weeks 1, 2 and 4 are all past
    send_due_check_ins(local_today())
    assert _weeks(placement) == [4]


def test_voided_ended_and_future_placements_are_not_asked(app):
    voided = placed(days_ago=10, voided_at=datetime.now(UTC), void_reason="mistake")
    ended = placed(days_ago=10)
    ended.ended_on = local_today() - timedelta(days=1)
    ended.end_reason = "resigned"
    future = placed(days_ago=3)
    send_due_check_ins(local_today())
    assert _weeks(voided) == _weeks(ended) == _weeks(future) == []


def test_an_opted_out_participant_gets_the_check_in_but_no_email(app):
    placement = placed(days_ago=8)
    placement.participant.nudges_opt_out = True
    assert send_due_check_ins(local_today()) == {"created": 1, "emailed": 0}


def test_the_weeks_are_configurable(app):
    placement = placed(days_ago=22)
    app.config["CHECKIN_WEEKS"] = (3, 6)
    try:
        send_due_check_ins(local_today())
    finally:
        app.config["CHECKIN_WEEKS"] = (1, 2, 4, 8, 13, 26, 52)
    assert _weeks(placement) == [3]


def test_the_next_week_comes_when_due_and_earlier_answers_stay(app):
    placement = placed(days_ago=8)
    send_due_check_ins(local_today())
    send_due_check_ins(local_today() + timedelta(days=7))
    assert _weeks(placement) == [1, 2]


@pytest.mark.parametrize("hour, acts", [(3, False), (12, True)])
def test_the_hourly_task_acts_from_nudges_hour_on_the_local_clock(app, hour, acts):
    placed(days_ago=8)
    app.config["NUDGES_HOUR"] = 8
    now = datetime.combine(local_today(), time(hour), tzinfo=local_zone())
    result = run_check_ins(now.astimezone(UTC))
    assert (result == {"created": 1, "emailed": 1}) if acts else result is None


def test_reading_what_is_due_costs_the_same_for_many_placements(app):
    placed(days_ago=8)
    send_due_check_ins(local_today())
    with counting_queries() as few:
        send_due_check_ins(local_today())
    for days_ago in (8, 9, 20, 40, 100, 200):
        placed(days_ago=days_ago)
    send_due_check_ins(local_today())
    with counting_queries() as many:
        send_due_check_ins(local_today())
    assert few.count == many.count == 1, many
