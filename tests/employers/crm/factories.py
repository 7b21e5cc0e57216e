"""Factories of the employer CRM's records (kept beside its tests, tests/factories.py is shared)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory

from app.dates import local_today
from employers.crm.models import Activity, ActivityKind, FollowUp
from tests.factories import BaseFactory, EmployerFactory, UserFactory


class ActivityFactory(BaseFactory):
    class Meta:
        model = Activity

    employer = factory.SubFactory(EmployerFactory)
    kind = ActivityKind.call
    occurred_at = factory.LazyFunction(lambda: datetime.now(UTC) - timedelta(days=1))
    notes = "Talked about the next cohort."
    staff = factory.SubFactory(UserFactory)


class FollowUpFactory(BaseFactory):
    class Meta:
        model = FollowUp

    employer = factory.SubFactory(EmployerFactory)
    owner = factory.SubFactory(UserFactory)
    due_on = factory.LazyFunction(lambda: local_today() + timedelta(days=3))
    text = "Send the cohort dates"
