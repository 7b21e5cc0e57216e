"""Placements and check-ins for the in-work tests."""

from __future__ import annotations

from datetime import timedelta

from app.dates import local_today
from app.extensions import db
from app.models import Role
from cohorts.models import CheckIn, Placement
from tests import factories

#: an answer the scorer finds worrying, and one it does not
WORRYING = {"rating": 1, "text": "I am thinking of quitting, my manager shouts at me and I cannot cope.",
            "worries": ["manager", "money", "confidence"]}
FINE = {"rating": 5, "text": "Going really well, I like the team.", "worries": []}


def placed(days_ago: int = 8, *, coach=None, login: bool = False, **fields) -> Placement:
    """A placement that started ``days_ago`` days ago, of a participant coached by ``coach`` (a new staff user)."""
    coach = coach or factories.user_for_role(Role.staff)
    if login:
        user = factories.user_for_role(Role.participant)
        participant = user.participant
        participant.coach = coach
    else:
        participant = factories.ParticipantFactory(coach=coach)
    placement = factories.PlacementFactory(participant=participant, start_date=local_today() - timedelta(days=days_ago),
                                           **fields)
    db.session.flush()
    return placement


def check_in(placement: Placement, week: int = 1) -> CheckIn:
    row = CheckIn(placement=placement, participant_id=placement.participant_id, week=week,
                  due_on=placement.start_date + timedelta(weeks=week))
    db.session.add(row)
    db.session.flush()
    return row
