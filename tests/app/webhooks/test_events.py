"""Each of the five events fires from the service where the change happens, with an ids-only payload."""

from __future__ import annotations

import json
from datetime import date, timedelta

from app.extensions import db
from app.models import Role
from app.webhooks.models import WebhookDelivery
from cohorts.models import CandidacyStage, EnrolmentStatus
from cohorts.participants.admissions import accept_application, enrol
from cohorts.placements.services import introduce, move_candidacy, record_placement, record_retention_check, shortlist
from employers import services as employer_services
from employers.models import HiringNeedStatus
from tests import factories as f

ENROLLED = date(2026, 1, 5)


def sent(receiver, event: str) -> list[dict]:
    return [json.loads(body) for headers, body in receiver.posts if headers["bridgework-event"] == event]


def test_placement_created_and_candidacy_stage_changed(receiver, endpoint):
    staff = f.UserFactory(role=Role.staff)
    need = f.HiringNeedFactory(openings=2)
    cohort = f.CohortFactory(starts_on=ENROLLED, ends_on=ENROLLED + timedelta(days=56))
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    participant = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED).participant
    candidacy = shortlist(need, participant, staff)
    introduce(candidacy, staff)
    move_candidacy(candidacy, CandidacyStage.interviewing, staff)
    move_candidacy(candidacy, CandidacyStage.offer, staff)
    placement = record_placement(candidacy, start_date=date(2026, 4, 1), actor=staff)
    db.session.commit()
    [created] = sent(receiver, "placement.created")
    assert created["data"]["id"] == placement.id and created["data"]["ref"] == placement.ref
    assert created["data"]["participant_id"] == participant.id and created["data"]["start_date"] == "2026-04-01"
    stages = [p["data"]["stage"] for p in sent(receiver, "candidacy.stage_changed")]
    assert stages == ["introduced", "interviewing", "offer", "hired"]
    assert participant.first_name not in "".join(body for _, body in receiver.posts)  # ids, never names


def test_enrolment_status_changed(receiver, endpoint):
    enrolment = f.EnrolmentFactory(status=EnrolmentStatus.applied, enrolled_on=None)
    db.session.commit()
    accept_application(enrolment, actor=None)
    enrol(enrolment, actor=None)
    db.session.commit()
    payloads = sent(receiver, "enrolment.status_changed")
    assert [p["data"]["status"] for p in payloads] == ["accepted", "enrolled"]
    assert payloads[0]["data"]["participant_id"] == enrolment.participant_id


def test_retention_check_recorded(receiver, endpoint):
    check = f.RetentionCheckFactory(placement=f.PlacementFactory(start_date=date(2026, 4, 1)), day_mark=90)
    db.session.commit()
    record_retention_check(check, still_employed="yes", checked_on=date(2026, 6, 30), actor=None,
                           today=date(2026, 7, 1))
    db.session.commit()
    [payload] = sent(receiver, "retention_check.recorded")
    assert payload["data"] | {"updated_at": None} == {
        "id": check.id, "placement_id": check.placement_id, "day_mark": 90, "due_on": "2026-06-30",
        "checked_on": "2026-06-30", "still_employed": "yes", "same_employer": None, "updated_at": None}


def test_hiring_need_published_when_opened_or_made_open(receiver, endpoint):
    staff = f.UserFactory(role=Role.staff)
    need = f.HiringNeedFactory(status=HiringNeedStatus.draft)
    db.session.commit()
    employer_services.change_need_status(need, "open", staff)
    made_open = employer_services.create_hiring_need(need.employer, staff, role_title="Analyst")
    employer_services.create_hiring_need(need.employer, staff, role_title="Later", status="draft")
    db.session.commit()
    published = sent(receiver, "hiring_need.published")
    assert [(p["data"]["id"], p["data"]["status"]) for p in published] == [(need.id, "open"), (made_open.id, "open")]
    assert published[0]["data"]["ref"] == need.ref and published[0]["data"]["employer_id"] == need.employer_id
    assert db.session.query(WebhookDelivery).count() == 2
