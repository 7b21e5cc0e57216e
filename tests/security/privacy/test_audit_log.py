"""The admin audit log: every sensitive change is there, filterable, and exportable as CSV."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta

from app.auth import services as accounts
from app.models import Role
from cohorts.participants import admissions
from cohorts.models import CandidacyStage
from cohorts.participants.services import set_consent
from cohorts.placements.services import introduce, move_candidacy, record_placement, record_retention_check, shortlist
from tests import factories as f

ENROLLED = date(2025, 1, 6)


def _the_whole_loop(staff):
    """One of each audited change: user, consent, enrolment status, stage, placement, retention."""
    user = f.UserFactory(role=Role.staff)
    accounts.change_role(user, Role.admin, actor=staff)
    need = f.HiringNeedFactory(openings=2)
    cohort = f.CohortFactory(starts_on=ENROLLED, ends_on=ENROLLED + timedelta(days=56))
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    participant = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED).participant
    set_consent(participant, False, staff)
    set_consent(participant, True, staff)
    candidacy = shortlist(need, participant, staff)
    introduce(candidacy, staff)
    move_candidacy(candidacy, CandidacyStage.interviewing, staff)
    move_candidacy(candidacy, CandidacyStage.offer, staff)
    placement = record_placement(candidacy, start_date=ENROLLED + timedelta(days=70), actor=staff)
    check = next(c for c in placement.retention_checks if c.day_mark == 90)
    record_retention_check(check, still_employed="yes", checked_on=check.due_on, actor=staff,
                           today=check.due_on)
    other = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED)
    admissions.withdraw(other, "Moved away", actor=staff, on=ENROLLED + timedelta(days=3))
    return user, participant, placement, check


def _csv(response) -> list[dict]:
    assert response.status_code == 200 and response.mimetype == "text/csv"
    return list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))


def test_every_audited_kind_of_change_is_on_the_page_and_in_the_csv(client, login):
    admin = login(Role.admin)
    _the_whole_loop(admin)
    rows = _csv(client.get("/admin/audit.csv"))
    kinds = {(row["entity"], row["action"]) for row in rows}
    assert {("user", "role_changed"), ("participant", "consent_withdrawn"), ("participant", "consent_given"),
            ("candidacy", "stage_changed"), ("placement", "created"), ("retention_check", "recorded"),
            ("enrolment", "status_changed")} <= kinds
    assert all(row["actor"] == admin.email for row in rows)
    page = client.get("/admin/audit").get_data(as_text=True)
    for words in ("Role changed", "Consent given", "Stage changed", "Recorded", "Status changed"):
        assert words in page
    assert "/admin/audit.csv" in page


def test_filters_apply_to_the_csv(client, login):
    admin = login(Role.admin)
    user, participant, placement, check = _the_whole_loop(admin)
    rows = _csv(client.get("/admin/audit.csv?entity=participant&action=consent_given"))
    assert [(r["entity_id"], r["action"]) for r in rows] == [(str(participant.id), "consent_given")]
    assert json.loads(rows[0]["changes"]) == {"consent_to_share": [False, True]}
    assert _csv(client.get(f"/admin/audit.csv?actor={admin.email}&entity=placement"))[0]["entity_id"] == str(placement.id)
    assert _csv(client.get("/admin/audit.csv?actor=nobody-like-this")) == []
    tomorrow = date.today() + timedelta(days=1)
    assert _csv(client.get(f"/admin/audit.csv?date_from={tomorrow.isoformat()}")) == []


def test_the_csv_neutralises_spreadsheet_formulas(client, login):
    login(Role.admin)
    f.AuditEventFactory(actor_label="=HYPERLINK(\"http://evil\")", entity="user", action="invited")
    [row] = _csv(client.get("/admin/audit.csv?entity=user&action=invited"))
    assert row["actor"].startswith("'=")


def test_only_admins_get_the_csv(client, login):
    login(Role.staff)
    assert client.get("/admin/audit.csv").status_code == 403
