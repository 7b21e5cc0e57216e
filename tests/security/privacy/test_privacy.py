"""Right to erasure and retention: personal data goes for good, every outcome figure stays."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, OutboxMessage, Role, User
from cohorts.seed.demo import seed_demo
from cohorts.models import (
    Attendance, Candidacy, CaseNote, Enrolment, EnrolmentStatus, Participant, Placement, RetentionCheck,
    SkillAssessment,
)
from cohorts.participants.services import update_intake
from cohorts.privacy.erasure import enforce_retention, erase_participant, erased_email
from cohorts.privacy.subject_access import export_subject_data
from tests import factories as f

COUNTED = (Enrolment, Attendance, SkillAssessment, Candidacy, Placement, RetentionCheck)


def _counts() -> dict[str, int]:
    return {m.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(m)) for m in COUNTED}


def _outcomes_json(app, as_of: str) -> dict:
    result = app.test_cli_runner().invoke(args=["outcomes", "--format", "json", "--as-of", as_of])
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


@pytest.fixture
def demo():
    seed_demo()
    placed = db.session.scalars(sa.select(Participant).join(Placement).order_by(Participant.id)).first()
    assert placed is not None
    return placed


def _give_them_everything(participant: Participant) -> User:
    """A login, a case note, an email, free-text feedback: all the places personal data sits."""
    user = participant.user or f.user_for_role(Role.participant, participant=participant,
                                               email=participant.email)
    f.CaseNoteFactory(participant=participant, body="Talked about her housing situation.")
    f.OutboxMessageFactory(recipient=participant.email, body_text=f"Hello {participant.first_name}")
    for candidacy in participant.candidacies:
        candidacy.employer_feedback = f"{participant.first_name} was great"
    update_intake(participant, None, phone="07700 900123", goals="Become a team lead")
    db.session.flush()
    return user


def test_erasure_keeps_every_outcome_figure_identical(app, demo):
    participant = demo
    user = _give_them_everything(participant)
    old_email, old_name = participant.email, participant.first_name
    today = date.today().isoformat()
    before, counts = _outcomes_json(app, today), _counts()
    fixed_day_before = _outcomes_json(app, "2030-01-01")
    admin = f.UserFactory(role=Role.admin)

    erase_participant(participant, admin)
    db.session.expire_all()

    assert _outcomes_json(app, today) == before
    assert _outcomes_json(app, "2030-01-01") == fixed_day_before
    assert _counts() == counts
    p = db.session.get(Participant, participant.id)
    assert p.email == erased_email(p.id) and p.first_name == "Erased" and p.phone == "" and p.goals == ""
    assert p.anonymised_at is not None and p.user_id is None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CaseNote).where(CaseNote.participant_id == p.id)) == 0
    assert db.session.scalar(sa.select(OutboxMessage.id).where(OutboxMessage.recipient == old_email)) is None
    assert all(c.employer_feedback == "" for c in p.candidacies)
    account = db.session.get(User, user.id)
    assert not account.active and account.password_hash is None and old_email not in account.email
    dump = json.dumps(export_subject_data(p), default=str)
    assert old_email not in dump and "07700 900123" not in dump and "housing" not in dump
    trail = json.dumps([e.changes for e in db.session.scalars(sa.select(AuditEvent))] +
                       [e.actor_label for e in db.session.scalars(sa.select(AuditEvent))])
    assert old_email not in trail and "07700 900123" not in trail
    assert db.session.scalar(sa.select(AuditEvent).where(
        AuditEvent.action == "erased", AuditEvent.entity_id == str(p.id))).actor_id == admin.id
    assert old_name not in json.dumps(export_subject_data(p)["profile"], default=str)


def test_erasing_twice_is_refused(demo):
    from cohorts.errors import CohortRuleError

    erase_participant(demo, None)
    with pytest.raises(CohortRuleError):
        erase_participant(demo, None)


def test_cli_erase_by_email(app, demo):
    email = demo.email
    result = app.test_cli_runner().invoke(args=["privacy", "erase", email, "--yes"])
    assert result.exit_code == 0, result.output
    assert demo.anonymised_at is not None and demo.email != email
    again = app.test_cli_runner().invoke(args=["privacy", "erase", email, "--yes"])
    assert again.exit_code != 0 and "No participant" in again.output


def test_cli_erase_asks_before_acting(app, demo):
    result = app.test_cli_runner().invoke(args=["privacy", "erase", demo.email], input="n\n")
    assert result.exit_code != 0 and demo.anonymised_at is None


# --- retention ----------------------------------------------------------------------------


def _exited(on: date, status=EnrolmentStatus.completed) -> Participant:
    cohort = f.CohortFactory(starts_on=on - timedelta(days=60), ends_on=on)
    return f.EnrolmentFactory(cohort=cohort, status=status, enrolled_on=on - timedelta(days=60),
                              exited_on=on).participant


def test_enforce_is_a_dry_run_by_default_and_picks_only_old_exits():
    today = date(2031, 6, 1)
    old = _exited(date(2024, 5, 1))
    recent = _exited(date(2027, 1, 1))
    still_here = _exited(date(2020, 1, 1))
    f.EnrolmentFactory(participant=still_here, status=EnrolmentStatus.enrolled, exited_on=None)
    found = enforce_retention(today, years=6)
    assert [c.participant_id for c in found] == [old.id]
    assert old.anonymised_at is None  # dry run
    enforce_retention(today, years=6, dry_run=False)
    assert old.anonymised_at is not None and recent.anonymised_at is None and still_here.anonymised_at is None
    assert enforce_retention(today, years=6) == []  # done once, nothing left


def test_a_later_placement_extends_the_retention():
    participant = _exited(date(2024, 5, 1))
    f.PlacementFactory(participant=participant, start_date=date(2026, 1, 1))
    assert enforce_retention(date(2031, 6, 1), years=6) == []
    assert [c.participant_id for c in enforce_retention(date(2032, 6, 1), years=6)] == [participant.id]


def test_cli_enforce_dry_run_then_apply(app):
    old = _exited(date(2010, 3, 1))
    runner = app.test_cli_runner()
    dry = runner.invoke(args=["privacy", "enforce", "--today", "2031-01-01"])
    assert dry.exit_code == 0 and "Would anonymise 1 participant" in dry.output and "Dry run" in dry.output
    assert old.anonymised_at is None
    applied = runner.invoke(args=["privacy", "enforce", "--today", "2031-01-01", "--apply"])
    assert applied.exit_code == 0 and "Anonymised 1 participant" in applied.output
    assert old.anonymised_at is not None


# --- the staff pages ----------------------------------------------------------------------


def test_admin_erases_from_the_staff_pages_after_re_entering_the_password(client, login):
    login(Role.admin)
    participant = f.ParticipantFactory()
    url = f"/staff/participants/{participant.id}/erase"
    assert "Erase personal data" in client.get(f"/staff/participants/{participant.id}").get_data(as_text=True)
    assert client.get(url).status_code == 200
    prompt = client.post(url, data={"understood": "y"})
    assert "Confirm your password" in prompt.get_data(as_text=True) and participant.anonymised_at is None
    wrong = client.post(url, data={"understood": "y", "reauth_password": "nope"})
    assert wrong.status_code == 400 and participant.anonymised_at is None
    done = client.post(url, data={"understood": "y", "reauth_password": f.PASSWORD})
    assert done.status_code == 302 and participant.anonymised_at is not None
    assert client.get(f"/staff/participants/{participant.id}").status_code == 404


def test_erasure_needs_the_box_ticked(client, login):
    login(Role.admin)
    participant = f.ParticipantFactory()
    response = client.post(f"/staff/participants/{participant.id}/erase", data={"reauth_password": f.PASSWORD})
    assert response.status_code == 200 and "Tick the box" in response.get_data(as_text=True)
    assert participant.anonymised_at is None


def test_staff_cannot_erase_but_can_export_anyones_data(client, login):
    login(Role.staff)
    participant = f.ParticipantFactory()
    assert "Erase personal data" not in client.get(f"/staff/participants/{participant.id}").get_data(as_text=True)
    assert client.post(f"/staff/participants/{participant.id}/erase",
                       data={"understood": "y", "reauth_password": f.PASSWORD}).status_code == 403
    export = client.get(f"/staff/participants/{participant.id}/data.json")
    assert export.status_code == 200 and export.mimetype == "application/json"
    data = export.get_json()
    assert data["profile"]["email"] == participant.email
    assert "attachment" in export.headers["Content-Disposition"]


def test_participants_cannot_use_the_staff_export(client, login):
    me = login(Role.participant)
    other = f.ParticipantFactory()
    assert client.get(f"/staff/participants/{other.id}/data.json").status_code == 403
    assert me.participant is not None


def test_the_erasure_page_names_the_deployment_s_law(app, client, login):
    login(Role.admin)
    participant = f.ParticipantFactory()
    app.config["PRIVACY_LAW"] = "PIPEDA"
    try:
        page = client.get(f"/staff/participants/{participant.id}/erase").get_data(as_text=True)
    finally:
        app.config["PRIVACY_LAW"] = "UK GDPR"
    assert "right to erasure under PIPEDA" in page and "UK GDPR" not in page
