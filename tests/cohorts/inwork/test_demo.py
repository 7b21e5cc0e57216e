"""The demo's in-work support (cohorts/seed/extras/inwork.py): what `make run` shows the coach."""

from __future__ import annotations

import sqlalchemy as sa

from app.dates import local_today
from app.extensions import db
from app.models import User
from cohorts.inwork.schedule import send_due_check_ins
from cohorts.models import CheckIn, Participant, RiskFlag, RiskFlagStatus
from cohorts.seed.demo import seed_demo


def test_the_demo_coach_has_an_open_flag_with_its_reasons_and_a_closed_false_alarm(client, login):
    seed_demo()
    coach = db.session.scalar(sa.select(User).where(User.email == "coach@bridgework.test"))
    flags = db.session.execute(
        sa.select(RiskFlag.status, RiskFlag.reasons).join(Participant, Participant.id == RiskFlag.participant_id)
        .where(Participant.coach_id == coach.id)).all()
    assert {status for status, _ in flags} == {RiskFlagStatus.open, RiskFlagStatus.false_alarm}
    login(coach)
    page = client.get("/staff/risk-flags").get_data(as_text=True)
    assert "thinking about leaving" in page


def test_the_next_schedule_run_asks_a_demo_placement_its_week_1_check_in():
    seed_demo()
    created = send_due_check_ins(local_today())
    assert created["created"] >= 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CheckIn).where(CheckIn.week == 1)) >= 1
