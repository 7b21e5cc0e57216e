"""Nudges: each kind is sent once only, opted-out participants get nothing, the opt-out link works."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage
from cohorts.models import AttendanceStatus, CandidacyStage, EnrolmentStatus
from cohorts.delivery.nudges import opt_out_token, participant_for_opt_out_token, send_nudges
from tests import factories

TODAY = date(2026, 6, 15)  # British Summer Time: local = UTC + 1


def _outbox():
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _one_of_each():
    cohort = factories.CohortFactory()
    tomorrow = factories.CohortSessionFactory(cohort=cohort, title="Discovery calls",
                                              starts_at=datetime(2026, 6, 16, 8, tzinfo=UTC))
    factories.CohortSessionFactory(cohort=cohort, starts_at=datetime(2026, 6, 16, 23, 30, tzinfo=UTC))  # the 17th
    yesterday = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime(2026, 6, 14, 9, tzinfo=UTC))
    long_ago = factories.CohortSessionFactory(cohort=cohort, starts_at=datetime(2026, 5, 1, 9, tzinfo=UTC))
    ana = factories.EnrolmentFactory(cohort=cohort).participant
    factories.AttendanceFactory(session=yesterday, participant=ana, status=AttendanceStatus.absent)
    factories.AttendanceFactory(session=long_ago, participant=ana, status=AttendanceStatus.absent)
    factories.EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.withdrawn)  # no reminders after leaving
    placement = factories.PlacementFactory(participant=ana, cohort=cohort)
    factories.RetentionCheckFactory(placement=placement, day_mark=90, due_on=TODAY - timedelta(days=2))
    factories.RetentionCheckFactory(placement=placement, day_mark=180, due_on=TODAY + timedelta(days=90))
    factories.CandidacyFactory(participant=ana, stage=CandidacyStage.introduced,
                               stage_changed_at=datetime(2026, 5, 20, tzinfo=UTC))
    factories.CandidacyFactory(participant=ana, stage=CandidacyStage.interviewing,
                               stage_changed_at=datetime(2026, 6, 10, tzinfo=UTC))
    return ana, tomorrow


def test_each_kind_is_sent_once_and_logged_in_the_outbox():
    ana, tomorrow = _one_of_each()
    assert send_nudges(TODAY) == {"session_tomorrow": 1, "absence_follow_up": 1, "retention_check_in_due": 1,
                                  "retention_check_overdue": 0, "stalled_application": 1}
    messages = _outbox()
    assert {m.recipient for m in messages} == {ana.email}
    # the check-in is a notification (app/notifications): its kind is the notification's
    assert {m.kind for m in messages} == {"nudge:session_tomorrow", "nudge:absence_follow_up",
                                          "retention_check_in", "nudge:stalled_application"}
    reminder = next(m for m in messages if m.kind == "nudge:session_tomorrow")
    assert reminder.dedupe_key == f"nudge:session_tomorrow:{tomorrow.id}:{ana.id}"
    assert "Tuesday 16 June at 09:00" in reminder.body_text and "/reminders/stop/" in reminder.body_text
    assert all(m.sent_at is None for m in messages)  # no SMTP configured: the development outbox


def test_running_twice_sends_nothing_new():
    _one_of_each()
    send_nudges(TODAY)
    before = len(_outbox())
    assert send_nudges(TODAY) == dict.fromkeys(
        ("session_tomorrow", "absence_follow_up", "retention_check_in_due", "retention_check_overdue",
         "stalled_application"), 0)
    assert len(_outbox()) == before
    # the next day only the next day's session is new: yesterday's absence is not mailed again
    assert send_nudges(TODAY + timedelta(days=1)) == {"session_tomorrow": 1, "absence_follow_up": 0,
                                                      "retention_check_in_due": 0, "retention_check_overdue": 0,
                                                      "stalled_application": 0}


def test_opted_out_participants_get_nothing():
    ana, _ = _one_of_each()
    ana.nudges_opt_out = True
    db.session.flush()
    assert sum(send_nudges(TODAY).values()) == 0 and _outbox() == []


def test_the_opt_out_link_stops_reminders(client):
    ana, _ = _one_of_each()
    send_nudges(TODAY)
    link = re.search(r"http://[^\s]+/reminders/stop/(\S+)", _outbox()[0].body_text)
    page = client.get(f"/reminders/stop/{link.group(1)}")
    assert page.status_code == 200 and "Stop reminder emails" in page.text and not ana.nudges_opt_out
    done = client.post(f"/reminders/stop/{link.group(1)}")
    assert done.status_code == 200 and "won't send you reminder emails" in done.text
    assert ana.nudges_opt_out


def test_a_forged_opt_out_token_is_404(client):
    ana = factories.ParticipantFactory()
    token = opt_out_token(ana)
    assert participant_for_opt_out_token(token) == ana
    assert participant_for_opt_out_token(token[:-2] + "xx") is None
    assert client.get("/reminders/stop/not-a-token").status_code == 404
    assert client.post(f"/reminders/stop/{token}x").status_code == 404


def test_cli_prints_counts_and_is_safe_to_run_twice(app):
    _one_of_each()
    runner = app.test_cli_runner()
    first = runner.invoke(args=["nudges", "send", "--date", "2026-06-15"])
    assert first.exit_code == 0, first.output
    assert "session_tomorrow" in first.output and re.search(r"total\s+4", first.output)
    second = runner.invoke(args=["nudges", "send", "--date", "2026-06-15"])
    assert re.search(r"total\s+0", second.output)


@pytest.mark.parametrize("bad", ["15/06/2026", "tomorrow"])
def test_cli_refuses_a_bad_date(app, bad):
    result = app.test_cli_runner().invoke(args=["nudges", "send", "--date", bad])
    assert result.exit_code != 0 and "Invalid value" in result.output
