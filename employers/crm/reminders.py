"""The daily follow-up reminder: each owner hears of a follow-up the day it falls due (docs/EMPLOYER_CRM.md).

Registered on the app's task queue by employers.init_app. It runs hourly and acts only at NUDGES_HOUR
on the programme's clock (LOCAL_TIMEZONE), like the nudges (cohorts/schedules.py), so a daylight-saving
change never moves it. It is idempotent without a column of its own: each notice carries
``about="follow-up:<id>"``, which notify turns into a dedupe key per owner, so a follow-up is
announced once to each owner it has had, however often the job runs; an overdue one that was never
announced (the worker was down that morning) is announced at the next run.
"""

from __future__ import annotations

from datetime import date, datetime

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm import joinedload

from app.dates import local_zone
from app.extensions import db
from app.models import STAFF_ROLES, User
from app.notifications.kinds import Kind
from app.notifications.services import notify, site_path
from employers.crm.models import FollowUp

#: the task's name on the queue
TASK_NAME = "crm.follow_up_reminders"


def due_for_reminder(today: date) -> list[FollowUp]:
    """Open follow-ups due by ``today`` whose owner is an active member of staff, with employer and owner."""
    return list(db.session.scalars(
        sa.select(FollowUp).join(User, User.id == FollowUp.owner_id)
        .options(joinedload(FollowUp.employer), joinedload(FollowUp.owner))
        .where(FollowUp.done_at.is_(None), FollowUp.due_on <= today, User.active.is_(True),
               User.role.in_(list(STAFF_ROLES)))
        .order_by(FollowUp.due_on, FollowUp.id)))


def remind_follow_up(follow_up: FollowUp, today: date) -> int:
    """Tell the owner a follow-up is due (or overdue); 0 when they were told already."""
    employer = follow_up.employer
    late = follow_up.due_on < today
    title = f"{'Overdue' if late else 'Due today'}: {follow_up.text} ({employer.name})"
    body = (f"You planned to “{follow_up.text}” with {employer.name} by {follow_up.due_on:%-d %B %Y}. "
            "Mark it done on the employer's page once it is.")
    link = site_path("employers_staff.employer_detail", employer_id=employer.id) + "#follow-ups"
    return notify([follow_up.owner], Kind.follow_up_due, title, body, link=link, about=f"follow-up:{follow_up.id}")


def send_follow_up_reminders(now: datetime | None = None) -> int | None:
    """At NUDGES_HOUR on the programme's clock: remind each owner of the follow-ups due; how many told
    (None at any other hour)."""
    local = (now or datetime.now(local_zone())).astimezone(local_zone())
    if local.hour != current_app.config["NUDGES_HOUR"]:
        return None
    today = local.date()
    return sum(remind_follow_up(follow_up, today) for follow_up in due_for_reminder(today))


def register(queue) -> None:
    """Hang the reminder on the app's queue: hourly, acting at its local hour only."""
    from huey import crontab

    queue.periodic_task(TASK_NAME, crontab(minute="0"))(send_follow_up_reminders)
