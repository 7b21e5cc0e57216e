"""Small data sets for the coach-matching tests."""

from __future__ import annotations

from datetime import date, timedelta

from app.extensions import db
from app.models import Role
from cohorts.models import CoachProfile, EnrolmentStatus
from tests.factories import CohortFactory, EnrolmentFactory, PlacementFactory, ProgrammeFactory, UserFactory

TODAY = date(2025, 6, 2)


def closed_cohort(programme=None, *, ended_days_ago: int = 200):
    ends_on = TODAY - timedelta(days=ended_days_ago)
    return CohortFactory(programme=programme or ProgrammeFactory(sector="Software"),
                         starts_on=ends_on - timedelta(days=56), ends_on=ends_on)


def coach(sectors: str = "", capacity: int = 40, accepting: bool = True):
    user = UserFactory(role=Role.staff)
    db.session.add(CoachProfile(user=user, sectors=sectors, capacity=capacity, accepting=accepting))
    db.session.flush()
    return user


def completer(cohort, coach_user, *, placed_after_end: int | None = None, **participant):
    """A job-seeking completer of the cohort, placed that many days after its end (None: never)."""
    enrolment = EnrolmentFactory(cohort=cohort, status=EnrolmentStatus.completed, participant__coach=coach_user,
                                 **{f"participant__{k}": v for k, v in participant.items()})
    if placed_after_end is not None:
        PlacementFactory(participant=enrolment.participant, cohort=cohort,
                         start_date=cohort.ends_on + timedelta(days=placed_after_end))
    return enrolment.participant
