"""A check-in unanswered CHECKIN_MISSED_AFTER_DAYS after it was due raises a caseload alert, in one query."""

from __future__ import annotations

from datetime import timedelta

from app.dates import local_today
from cohorts.inwork import services
from cohorts.models import CheckInChannel
from cohorts.participants.caseload import caseload
from tests.cohorts.inwork.helpers import FINE, check_in, placed
from tests.conftest import counting_queries


def test_a_missed_check_in_is_an_alert_and_an_answered_or_recent_one_is_not(app):
    missed_after = app.config["CHECKIN_MISSED_AFTER_DAYS"]
    missed = placed(days_ago=7 + missed_after + 2)
    coach = missed.participant.coach
    check_in(missed)
    recent = placed(days_ago=8, coach=coach)
    check_in(recent)
    answered = placed(days_ago=7 + missed_after + 2, coach=coach)
    services.answer_check_in(check_in(answered), CheckInChannel.portal, **FINE)
    rows = {row.participant.id: row for row in caseload(coach, local_today())}
    alert = next(a for a in rows[missed.participant_id].alerts if a.kind == "check_in_missed")
    assert "Week-1" in alert.message and alert.params == {"placement_id": missed.id}
    assert alert.since == missed.start_date + timedelta(weeks=1)
    assert "check_in_missed" not in rows[recent.participant_id].kinds
    assert "check_in_missed" not in rows[answered.participant_id].kinds


def test_the_missed_check_ins_cost_one_query_however_many(app):
    missed_after = app.config["CHECKIN_MISSED_AFTER_DAYS"]
    first = placed(days_ago=7 + missed_after + 2)
    coach = first.participant.coach
    check_in(first)
    caseload(coach, local_today())
    with counting_queries() as few:
        caseload(coach, local_today())
    for _ in range(3):
        check_in(placed(days_ago=7 + missed_after + 5, coach=coach))
    with counting_queries() as many:
        rows = caseload(coach, local_today())
    assert few.count == many.count
    assert sum("check_in_missed" in row.kinds for row in rows) == 4
