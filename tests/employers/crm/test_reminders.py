"""The daily follow-up reminder: due today → one notice to the owner, once, at its local hour only."""

from __future__ import annotations

from datetime import datetime, timedelta

import sqlalchemy as sa

from app.dates import local_zone
from app.extensions import db
from app.models import Role
from app.notifications.models import Notification
from app.tasks.queue import queue_for
from employers.crm.reminders import TASK_NAME, send_follow_up_reminders
from tests import factories
from tests.employers.crm.factories import FollowUpFactory


def _at_hour(app, today, hour: int | None = None) -> datetime:
    hour = app.config["NUDGES_HOUR"] if hour is None else hour
    return datetime(today.year, today.month, today.day, hour, tzinfo=local_zone())


def _notices(user) -> list[Notification]:
    return list(db.session.scalars(sa.select(Notification).where(
        Notification.user_id == user.id, Notification.kind == "follow_up_due")))


def test_a_follow_up_due_today_reminds_its_owner_once(app):
    owner = factories.user_for_role(Role.staff)
    follow_up = FollowUpFactory(owner=owner, text="Send the cohort dates")
    now = _at_hour(app, follow_up.due_on)
    assert send_follow_up_reminders(now) == 1
    assert send_follow_up_reminders(now) == 0  # the second run of the day tells nobody again
    assert send_follow_up_reminders(now + timedelta(days=1)) == 0  # nor the next day's, now it is overdue
    [notice] = _notices(owner)
    assert "Send the cohort dates" in notice.title and notice.title.startswith("Due today")
    assert notice.link == f"/staff/employers/{follow_up.employer_id}#follow-ups"


def test_an_overdue_follow_up_never_reminded_is_reminded_at_the_next_run(app):
    owner = factories.user_for_role(Role.staff)
    follow_up = FollowUpFactory(owner=owner)
    assert send_follow_up_reminders(_at_hour(app, follow_up.due_on + timedelta(days=2))) == 1
    assert _notices(owner)[0].title.startswith("Overdue")


def test_not_yet_due_done_and_inactive_owners_are_skipped(app):
    owner = factories.user_for_role(Role.staff)
    gone = factories.user_for_role(Role.staff)
    follow_up = FollowUpFactory(owner=owner)
    FollowUpFactory(owner=owner, due_on=follow_up.due_on + timedelta(days=1))  # due tomorrow
    FollowUpFactory(owner=owner, due_on=follow_up.due_on, done_at=datetime.now(local_zone()))
    FollowUpFactory(owner=gone, due_on=follow_up.due_on)
    gone.active = False
    db.session.flush()
    assert send_follow_up_reminders(_at_hour(app, follow_up.due_on)) == 1
    assert len(_notices(owner)) == 1 and _notices(gone) == []


def test_nothing_is_sent_at_another_hour(app):
    follow_up = FollowUpFactory(owner=factories.user_for_role(Role.staff))
    hour = (app.config["NUDGES_HOUR"] + 1) % 24
    assert send_follow_up_reminders(_at_hour(app, follow_up.due_on, hour)) is None
    assert _notices(follow_up.owner) == []


def test_the_reminder_is_on_the_task_queue(app):
    assert TASK_NAME in queue_for(app).tasks
