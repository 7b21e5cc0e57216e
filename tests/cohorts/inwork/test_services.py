"""Answering check-ins, the flags they raise, recording a call and closing a flag."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from app.dates import local_today
from app.extensions import db
from app.models import AuditEvent, Role
from app.notifications.models import Notification
from cohorts.errors import CohortRuleError
from cohorts.inwork import services
from cohorts.inwork.risk import SCORER_VERSION
from cohorts.models import CheckInChannel, RiskFlag, RiskFlagStatus, WorkStatus
from tests import factories
from tests.cohorts.inwork.helpers import FINE, WORRYING, check_in, placed


def test_a_worrying_answer_raises_a_flag_with_its_reasons_and_tells_the_coach(app):
    placement = placed()
    row = check_in(placement)
    flag = services.answer_check_in(row, CheckInChannel.portal, work_status=WorkStatus.same_job, **WORRYING)
    assert flag is not None and flag.status == RiskFlagStatus.open
    assert row.answered_at is not None and row.channel == CheckInChannel.portal and row.risk_score == flag.score
    assert flag.scorer_version == SCORER_VERSION and flag.threshold == app.config["RISK_FLAG_THRESHOLD"]
    assert flag.reasons and all({"signal", "detail", "weight"} <= set(r) for r in flag.reasons)
    note = db.session.scalar(sa.select(Notification).where(Notification.user_id == placement.participant.coach_id))
    assert note is not None and placement.participant.full_name in note.title


def test_a_good_answer_is_stored_without_a_flag(app):
    row = check_in(placed())
    assert services.answer_check_in(row, CheckInChannel.email_link, annual_salary=30000, **FINE) is None
    assert row.rating == 5 and row.annual_salary == 30000 and row.risk_score is not None
    assert db.session.scalar(sa.select(sa.func.count(RiskFlag.id))) == 0


def test_worries_keep_known_keys_in_form_order(app):
    row = check_in(placed())
    services.answer_check_in(row, CheckInChannel.portal, rating=4, worries=["pay", "nonsense", "travel"])
    assert row.worries == ["travel", "pay"]


def test_the_previous_rating_of_the_same_placement_is_passed_to_the_scorer(app, monkeypatch):
    placement = placed(days_ago=20)
    services.answer_check_in(check_in(placement, 1), CheckInChannel.portal, rating=5)
    seen = {}
    real = services.score_check_in

    def spy(**kwargs):
        seen.update(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(services, "score_check_in", spy)
    services.answer_check_in(check_in(placement, 2), CheckInChannel.portal, rating=2)
    assert seen["previous_rating"] == 5 and seen["rating"] == 2


@pytest.mark.parametrize("answer, field", [({"rating": 9}, "rating"), ({"rating": 3, "annual_salary": 10**9},
                                                                          "annual_salary")])
def test_bad_answers_are_refused_beside_their_field(app, answer, field):
    row = check_in(placed())
    with pytest.raises(CohortRuleError) as error:
        services.answer_check_in(row, CheckInChannel.portal, **answer)
    assert error.value.problems[0][0] == field


def test_a_check_in_is_answered_once(app):
    row = check_in(placed())
    services.answer_check_in(row, CheckInChannel.portal, **FINE)
    with pytest.raises(CohortRuleError):
        services.answer_check_in(row, CheckInChannel.email_link, **FINE)


def test_a_coach_records_a_call_for_an_unscheduled_week(app):
    placement = placed(days_ago=24)
    coach = placement.participant.coach
    row = services.check_in_for_call(placement, None, local_today())
    assert row.week == 3
    services.record_call(row, coach, **FINE)
    assert row.channel == CheckInChannel.call and row.recorded_by == coach
    assert services.check_in_for_call(placement, 3, local_today()) is row
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity == "check_in")) == "recorded_from_call"


def test_a_false_alarm_needs_a_reason_and_a_flag_closes_once(app):
    row = check_in(placed())
    flag = services.answer_check_in(row, CheckInChannel.portal, **WORRYING)
    coach = factories.user_for_role(Role.staff)
    with pytest.raises(CohortRuleError) as error:
        services.resolve_flag(flag, RiskFlagStatus.false_alarm, "  ", coach)
    assert error.value.problems[0][0] == "note"
    services.resolve_flag(flag, RiskFlagStatus.false_alarm, "They were joking", coach)
    assert flag.resolved_at is not None and flag.resolved_by == coach and flag.resolution_note == "They were joking"
    with pytest.raises(CohortRuleError):
        services.resolve_flag(flag, RiskFlagStatus.handled, "", coach)
    assert db.session.scalar(sa.select(AuditEvent.action).where(AuditEvent.entity == "risk_flag",
                                                                AuditEvent.action == "resolved")) == "resolved"
