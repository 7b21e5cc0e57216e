"""CRM services: their rules, and the audit event each change leaves."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from app.dates import local_today
from app.extensions import db
from app.models import AuditEvent, Role
from employers.crm import queries, services
from employers.models import Employer
from employers.services import ServiceError
from tests import factories
from tests.employers.crm.factories import ActivityFactory, FollowUpFactory


def audit(entity: str, action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.entity == entity,
                                                            AuditEvent.action == action)))


def test_logging_an_activity_with_a_contact_is_audited(acme, staff_user):
    contact = acme.contacts[0]
    when = datetime.now(UTC) - timedelta(hours=2)
    activity = services.log_activity(acme, staff_user, kind="meeting", occurred_at=when, notes=" Coffee ",
                                     contact=contact)
    assert (activity.kind, activity.notes, activity.contact, activity.staff) == ("meeting", "Coffee", contact,
                                                                                   staff_user)
    [event] = audit("employer_activity", "logged")
    assert event.changes["employer_id"] == acme.id and event.actor_id == staff_user.id


def test_an_activity_refuses_another_employers_contact_and_the_future(acme, staff_user):
    stranger = factories.ContactFactory()
    with pytest.raises(ServiceError, match="not a contact"):
        services.log_activity(acme, staff_user, kind="call", occurred_at=datetime.now(UTC), contact=stranger)
    with pytest.raises(ServiceError) as error:
        services.log_activity(acme, staff_user, kind="call", occurred_at=datetime.now(UTC) + timedelta(days=2))
    assert error.value.field == "occurred_at"


def test_a_follow_up_needs_text_a_day_not_past_and_a_staff_owner(acme, staff_user):
    today = local_today()
    with pytest.raises(ServiceError, match="Say what"):
        services.plan_follow_up(acme, staff_user, due_on=today, text="  ")
    with pytest.raises(ServiceError, match="passed"):
        services.plan_follow_up(acme, staff_user, due_on=today - timedelta(days=1), text="Call")
    with pytest.raises(ServiceError, match="member of staff"):
        services.plan_follow_up(acme, staff_user, due_on=today, text="Call",
                                owner=factories.user_for_role(Role.participant))
    follow_up = services.plan_follow_up(acme, staff_user, due_on=today, text="Call Ada")
    assert follow_up.owner == staff_user and follow_up.done_at is None
    assert audit("employer_follow_up", "planned")


def test_completing_a_follow_up_once(staff_user):
    follow_up = FollowUpFactory()
    services.complete_follow_up(follow_up, staff_user)
    assert follow_up.done_at is not None and audit("employer_follow_up", "done")
    with pytest.raises(ServiceError, match="already done"):
        services.complete_follow_up(follow_up, staff_user)


def test_assigning_an_owner_is_audited_once_per_change(acme, staff_user):
    services.assign_owner(acme, staff_user, staff_user)
    services.assign_owner(acme, staff_user, staff_user)
    assert acme.owner == staff_user
    [event] = audit("employer", "owner_changed")
    assert event.changes["owner_id"] == [None, staff_user.id]
    with pytest.raises(ServiceError):
        services.assign_owner(acme, factories.user_for_role(Role.employer, employer=acme), staff_user)
    services.assign_owner(acme, None, staff_user)
    assert acme.owner_id is None


def test_editing_a_contact_keeps_emails_unique_and_one_primary(acme, staff_user):
    ada = acme.contacts[0]
    bob = factories.ContactFactory(employer=acme, name="Bob", email="bob@acme.example", is_primary=True)
    with pytest.raises(ServiceError, match="already a contact"):
        services.update_contact(ada, staff_user, name="Ada", email="BOB@acme.example")
    services.update_contact(ada, staff_user, name="Ada L.", email="ada@acme.example", is_primary=True)
    assert ada.name == "Ada L." and ada.is_primary and not bob.is_primary
    [event] = audit("contact", "updated")
    assert event.changes["name"] == ["Ada Lovelace", "Ada L."]


def test_archiving_and_restoring_a_contact(acme, staff_user):
    ada = acme.contacts[0]
    ada.is_primary = True
    services.archive_contact(ada, staff_user)
    assert ada.archived_at is not None and not ada.is_primary
    with pytest.raises(ServiceError, match="already archived"):
        services.archive_contact(ada, staff_user)
    services.unarchive_contact(ada, staff_user)
    assert ada.archived_at is None
    assert audit("contact", "archived") and audit("contact", "unarchived")


def test_the_employer_filters_by_owner_and_quiet(staff_user):
    owned, quiet, busy = (factories.EmployerFactory(owner=staff_user), factories.EmployerFactory(),
                          factories.EmployerFactory())
    ActivityFactory(employer=busy)
    ActivityFactory(employer=quiet, occurred_at=datetime.now(UTC) - timedelta(days=61))

    def names(**filters):
        query = queries.filter_employers(select(Employer), **filters)
        return {e.name for e in db.session.scalars(query)}

    assert names(owner=str(staff_user.id)) == {owned.name}
    assert busy.name in names(owner="none") and owned.name not in names(owner="none")
    assert quiet.name in names(quiet=True) and owned.name in names(quiet=True)
    assert busy.name not in names(quiet=True)


def test_my_follow_ups_are_overdue_first_and_exclude_done_and_others(staff_user):
    later = FollowUpFactory(owner=staff_user, due_on=local_today() + timedelta(days=5))
    overdue = FollowUpFactory(owner=staff_user, due_on=local_today() - timedelta(days=2))
    FollowUpFactory(owner=staff_user, done_at=datetime.now(UTC))
    FollowUpFactory()
    FollowUpFactory(owner=staff_user, due_on=local_today() + timedelta(days=30))
    assert queries.due_follow_ups(staff_user.id) == [overdue, later]
    assert queries.my_follow_ups_page(staff_user.id).items[:2] == [overdue, later]
    assert queries.my_follow_ups_page(staff_user.id).total == 3
