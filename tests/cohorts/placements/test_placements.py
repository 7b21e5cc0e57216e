"""Placement services: consent, allowed moves, one hire per candidacy, dates, retention."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.models import CandidacyStage, Placement, RetentionCheck, StillEmployed
from cohorts.placements.services import confirm_still_employed_by_participant, introduce, move_candidacy, next_placement_ref, record_placement, record_retention_check, shortlist
from tests import factories as f

ENROLLED = date(2026, 1, 5)


@pytest.fixture
def staff():
    return f.UserFactory(role=Role.staff)


@pytest.fixture
def setting():
    """A hiring need covered by a cohort, and a consenting participant enrolled in it."""
    need = f.HiringNeedFactory(openings=2)
    cohort = f.CohortFactory(starts_on=ENROLLED, ends_on=ENROLLED + timedelta(days=56))
    f.CohortHiringNeedFactory(cohort=cohort, hiring_need=need)
    participant = f.EnrolmentFactory(cohort=cohort, enrolled_on=ENROLLED).participant
    return need, cohort, participant


def audits(entity: str, action: str | None = None) -> list[AuditEvent]:
    stmt = sa.select(AuditEvent).where(AuditEvent.entity == entity)
    if action:
        stmt = stmt.where(AuditEvent.action == action)
    return list(db.session.scalars(stmt.order_by(AuditEvent.id)))


def to_offer(candidacy, actor):
    introduce(candidacy, actor)
    move_candidacy(candidacy, CandidacyStage.interviewing, actor)
    move_candidacy(candidacy, CandidacyStage.offer, actor, feedback="Strong discovery call.")
    return candidacy


def test_shortlist_then_introduce_with_consent(setting, staff):
    need, cohort, participant = setting
    candidacy = shortlist(need, participant, staff)
    assert (candidacy.stage, candidacy.cohort_id) == (CandidacyStage.shortlisted, cohort.id)
    introduce(candidacy, staff)
    assert candidacy.stage == CandidacyStage.introduced and candidacy.introduced_at is not None
    assert [e.action for e in audits("candidacy")] == ["shortlisted", "stage_changed"]
    assert audits("candidacy", "stage_changed")[0].changes["stage"] == ["shortlisted", "introduced"]


def test_introducing_without_consent_is_refused_and_nothing_changes(setting, staff):
    need, _, participant = setting
    participant.consent_to_share = False
    candidacy = shortlist(need, participant, staff)
    with pytest.raises(match="has not consented"):
        introduce(candidacy, staff)
    assert candidacy.stage == CandidacyStage.shortlisted and candidacy.introduced_at is None
    assert audits("candidacy", "stage_changed") == []


def test_shortlist_refuses_duplicates_and_outsiders(setting, staff):
    need, _, participant = setting
    shortlist(need, participant, staff)
    with pytest.raises(match="already a candidate"):
        shortlist(need, participant, staff)
    with pytest.raises(match="not enrolled in a cohort that covers"):
        shortlist(need, f.EnrolmentFactory().participant, staff)


def test_moves_follow_the_allowed_path(setting, staff):
    need, _, participant = setting
    candidacy = shortlist(need, participant, staff)
    with pytest.raises(match="cannot move to offer"):
        move_candidacy(candidacy, CandidacyStage.offer, staff)
    to_offer(candidacy, staff)
    assert candidacy.offer_at is not None and candidacy.employer_feedback == "Strong discovery call."
    with pytest.raises(match="Record the placement") as refused:
        move_candidacy(candidacy, CandidacyStage.hired, staff)
    assert refused.value.field == "stage"
    move_candidacy(candidacy, CandidacyStage.not_selected, staff, feedback="Chose an internal move.")
    assert candidacy.closed_at is not None
    with pytest.raises(CohortRuleError):
        move_candidacy(candidacy, CandidacyStage.interviewing, staff)
    assert len(audits("candidacy", "stage_changed")) == 4


def test_record_placement_creates_retention_checks_and_audits(setting, staff):
    need, cohort, participant = setting
    candidacy = to_offer(shortlist(need, participant, staff), staff)
    start = date(2026, 4, 1)
    placement = record_placement(candidacy, start_date=start, offer_accepted_on=date(2026, 3, 20),
                                 annual_salary=52000, hours_per_week=37.5, in_field=True, actor=staff)
    assert placement.ref == "PL-0001"
    assert (placement.employer_id, placement.hiring_need_id, placement.cohort_id) == (need.employer_id, need.id, cohort.id)
    assert placement.placed_on == date(2026, 3, 20)
    assert [(c.day_mark, c.due_on) for c in placement.retention_checks] == [
        (90, start + timedelta(days=90)), (180, start + timedelta(days=180))]
    assert candidacy.stage == CandidacyStage.hired and candidacy.closed_at is not None
    created = audits("placement", "created")
    assert len(created) == 1 and created[0].changes["annual_salary"] == [None, 52000]
    assert audits("candidacy", "stage_changed")[-1].changes["stage"] == ["offer", "hired"]
    assert next_placement_ref() == "PL-0002"


def test_a_second_hire_on_one_candidacy_is_refused(setting, staff):
    need, _, participant = setting
    candidacy = to_offer(shortlist(need, participant, staff), staff)
    record_placement(candidacy, start_date=date(2026, 4, 1), actor=staff)
    with pytest.raises(match="already hired"):
        record_placement(candidacy, start_date=date(2026, 5, 1), actor=staff)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)) == 1


@pytest.mark.parametrize("field", ["start_date", "offer_accepted_on"])
def test_a_placement_dated_before_enrolment_is_refused(setting, staff, field):
    need, _, participant = setting
    candidacy = to_offer(shortlist(need, participant, staff), staff)
    dates = {"start_date": date(2026, 2, 1), "offer_accepted_on": None}
    dates[field] = ENROLLED - timedelta(days=1)
    with pytest.raises(match="before the participant enrolled") as refused:
        record_placement(candidacy, actor=staff, **dates)
    assert refused.value.field == field
    assert candidacy.stage == CandidacyStage.offer
    assert db.session.scalar(sa.select(sa.func.count()).select_from(RetentionCheck)) == 0


def test_only_an_offer_can_be_hired(setting, staff):
    need, _, participant = setting
    candidacy = introduce(shortlist(need, participant, staff), staff)
    with pytest.raises(match="Only a candidate with an offer"):
        record_placement(candidacy, start_date=date(2026, 4, 1), actor=staff)


def test_next_ref_grows_past_four_digits():
    f.PlacementFactory(ref="PL-9999")
    f.PlacementFactory(ref="PL-0100")
    assert next_placement_ref() == "PL-10000"


def test_retention_check_is_refused_before_its_day_mark():
    check = f.RetentionCheckFactory(placement=f.PlacementFactory(start_date=date(2026, 4, 1)), day_mark=90)
    with pytest.raises(match="reaches day 90 on 30 Jun 2026") as refused:
        record_retention_check(check, still_employed="yes", checked_on=date(2026, 6, 29), actor=None,
                               today=date(2026, 6, 29))
    assert refused.value.field == "checked_on"
    assert check.checked_on is None and check.still_employed == StillEmployed.unknown
    with pytest.raises(match="future"):
        record_retention_check(check, still_employed="yes", checked_on=date(2026, 7, 2), actor=None,
                               today=date(2026, 7, 1))
    record_retention_check(check, still_employed="no", checked_on=date(2026, 6, 30), actor=None,
                           same_employer=False, notes="Moved to a rival firm.", today=date(2026, 7, 1))
    assert (check.still_employed, check.checked_on) == (StillEmployed.no, date(2026, 6, 30))
    assert audits("retention_check", "recorded")[0].changes["still_employed"] == ["unknown", "no"]


def test_participant_confirms_their_own_check_only():
    user = f.user_for_role(Role.participant)
    me = user.participant
    check = f.RetentionCheckFactory(placement=f.PlacementFactory(participant=me, start_date=date(2026, 1, 1)))
    other = f.ParticipantFactory()
    with pytest.raises(match="someone else"):
        confirm_still_employed_by_participant(check, other, today=date(2026, 5, 1))
    with pytest.raises(match="opens on"):
        confirm_still_employed_by_participant(check, me, today=date(2026, 3, 1))
    confirm_still_employed_by_participant(check, me, today=date(2026, 5, 1))
    assert check.confirmed_by_participant and check.still_employed == StillEmployed.yes
    assert check.checked_on == date(2026, 5, 1) and check.recorded_by_id == user.id
    with pytest.raises(match="already been recorded"):
        confirm_still_employed_by_participant(check, me, today=date(2026, 5, 2))
