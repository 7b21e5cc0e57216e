"""Employers who have not scored an attended interview after 3 days are reminded once."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import sqlalchemy as sa

from app.extensions import db
from app.models import Role
from app.notifications.models import Notification
from cohorts.interviews.scoring import send_feedback_reminders
from cohorts.models import InterviewAttendance
from tests import factories as f

NOW = datetime(2026, 12, 10, 12, 0, tzinfo=UTC)


def _slot(days_ago: float, **fields):
    day = f.InterviewDayFactory(starts_at=NOW - timedelta(days=days_ago))
    return f.InterviewSlotFactory(day=day, starts_at=day.starts_at, **fields)


def test_attended_unscored_interviews_3_days_old_are_reminded_once():
    due = _slot(3)
    contact = f.user_for_role(Role.employer, employer=due.day.employer)
    f.user_for_role(Role.employer, employer=due.day.employer, active=False)
    too_soon = _slot(2.9)
    scored = _slot(5)
    f.InterviewFeedbackFactory(slot=scored)
    absent = _slot(5, attendance=InterviewAttendance.no_show)
    db.session.flush()

    assert send_feedback_reminders(NOW) == 1
    assert due.feedback_reminded_at == NOW
    assert too_soon.feedback_reminded_at is None and scored.feedback_reminded_at is None
    assert absent.feedback_reminded_at is None
    told = db.session.scalars(sa.select(Notification)).all()
    assert [n.user_id for n in told] == [contact.id] and told[0].kind == "interview_feedback_due"
    assert told[0].link == f"/employer/interviews/slots/{due.id}/feedback"

    assert send_feedback_reminders(NOW + timedelta(hours=1)) == 0  # idempotent
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Notification)) == 1


def test_nothing_due_reminds_no_one():
    assert send_feedback_reminders(NOW) == 0
    assert send_feedback_reminders() == 0
