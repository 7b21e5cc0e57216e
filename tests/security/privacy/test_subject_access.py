"""Subject access is complete: every table that references the person or their login is exported.

The foreign keys are read from the models, so a table added later that points at a participant
or a login fails here until subject_access says where its rows go (or why none are theirs).
"""

from __future__ import annotations

import sqlalchemy as sa

from app.extensions import db
from app.mail import send_mail
from app.models import Role
from cohorts.participants.services import set_consent, update_intake
from cohorts.privacy.subject_access import PARTICIPANT_TABLES, USER_REFERENCES, export_subject_data
from cohorts.seed.demo import seed_demo
from cohorts.models import Participant, Placement
from tests import factories as f


def _references(table_name: str) -> set[tuple[str, str]]:
    return {(t.name, fk.parent.name) for t in db.metadata.sorted_tables for fk in t.foreign_keys
            if fk.column.table.name == table_name}


def test_every_table_pointing_at_a_participant_is_exported():
    assert {table for table, _ in _references("participants")} == set(PARTICIPANT_TABLES)


def test_every_column_pointing_at_a_login_is_accounted_for():
    assert _references("users") == set(USER_REFERENCES)


def _everything_about_someone() -> Participant:
    seed_demo()
    person = db.session.scalars(sa.select(Participant).join(Placement).order_by(Participant.id)).first()
    staff = f.user_for_role(Role.staff)
    user = person.user or f.user_for_role(Role.participant, participant=person, email=person.email)
    f.CaseNoteFactory(participant=person, body="Talked about the commute.")
    old = person.email
    send_mail(old, "Welcome", "Hello at the first address")
    update_intake(person, staff, email="moved@example.test")
    send_mail("moved@example.test", "Reminder", "Hello at the new address")
    set_consent(person, not person.consent_to_share, user)
    for check in (rc for pl in person.placements for rc in pl.retention_checks):
        check.notes = "Settling in well"
    db.session.flush()
    return person


def test_the_export_holds_every_row_those_tables_hold_about_the_person():
    person = _everything_about_someone()
    export = export_subject_data(person)
    for table, section in PARTICIPANT_TABLES.items():
        rows = db.session.scalar(sa.text(f"SELECT count(*) FROM {table} WHERE participant_id = :pid"),
                                 {"pid": person.id})
        assert len(export[section]) == rows, table
    checks = db.session.scalar(sa.text(
        "SELECT count(*) FROM retention_checks JOIN placements ON placements.id = retention_checks.placement_id "
        "WHERE placements.participant_id = :pid"), {"pid": person.id})
    assert len(export["retention_checks"]) == checks
    assert all("notes" in check for check in export["retention_checks"])


def test_the_export_holds_the_account_mail_to_every_address_and_the_audit_trail():
    person = _everything_about_someone()
    export = export_subject_data(person)
    assert export["account"]["email"] == person.user.email and export["account"]["role"] == "participant"
    assert {"last_login_at", "created_at", "active"} <= set(export["account"])
    recipients = {mail["recipient"] for mail in export["emails"]}
    assert {"moved@example.test"} <= recipients and len(recipients) >= 2  # the first address's mail too
    actions = {event["action"] for event in export["audit_events"]}
    assert {"email_changed", "consent_given", "consent_withdrawn"} & actions
    by_them = db.session.scalar(sa.text("SELECT count(*) FROM audit_events WHERE actor_id = :uid"),
                                {"uid": person.user_id})
    assert sum(event["by"] == person.user.email for event in export["audit_events"]) >= by_them
