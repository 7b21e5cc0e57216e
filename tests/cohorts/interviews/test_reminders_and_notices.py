"""Who hears what about interview days: the offer to book, bookings, reminders (once), a cancelled day."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from app.notifications.models import Notification
from cohorts.interviews import services
from cohorts.interviews.reminders import send_interview_reminders
from tests import factories
from tests.cohorts.interviews.test_interview_days import build_world, make_day


@pytest.fixture
def world():
    w = build_world()
    w["ann_login"] = factories.user_for_role(Role.participant, participant=w["ann"].participant)
    w["boss"] = factories.user_for_role(Role.employer, employer=w["employer"])
    return w


def _titles(user) -> list[str]:
    return list(db.session.scalars(sa.select(Notification.title).where(Notification.user_id == user.id)
                                   .order_by(Notification.id)))


def test_invited_candidates_hear_of_a_new_day_and_the_employer_of_each_booking(world):
    day = make_day(world)
    assert _titles(world["ann_login"]) == [f"Book your interview with {world['employer'].name}"]
    services.book_slot(world["ann"], day.slots[0], None)
    assert any(t.startswith("Interview booked: Ann A.") for t in _titles(world["boss"]))
    assert f"Your interview with {world['employer'].name} is booked" in _titles(world["ann_login"])


def test_a_reminder_reaches_both_sides_once_and_a_swap_is_reminded_again(world):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    now = day.slots[0].starts_at - timedelta(hours=23)
    assert send_interview_reminders(now) == 1
    assert send_interview_reminders(now) == 0
    reminders = [t for t in _titles(world["ann_login"]) if t.startswith("Reminder")]
    assert len(reminders) == 1 and len([t for t in _titles(world["boss"]) if t.startswith("Reminder")]) == 1
    services.book_slot(world["ann"], day.slots[1], None, by_organiser=True, now=now)
    assert day.slots[1].reminded_at is None
    assert send_interview_reminders(now) == 1


def test_slots_of_a_cancelled_day_are_not_reminded_and_bookers_are_told(world):
    day = make_day(world)
    services.book_slot(world["ann"], day.slots[0], None)
    services.cancel_interview_day(day, None)
    assert f"Interview cancelled: {day.title}" in _titles(world["ann_login"])
    assert send_interview_reminders(day.slots[0].starts_at - timedelta(hours=2)) == 0
