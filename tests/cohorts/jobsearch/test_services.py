"""Saving a posting, the application's rules, and a hire from a posting recorded as a placement."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from app.extensions import db
from app.models import AuditEvent, Role
from app.notifications.kinds import Kind
from app.notifications.models import Notification
from cohorts.errors import CohortRuleError
from cohorts.jobsearch import services
from cohorts.models import ApplicationStage, Placement, SavedPosting
from employers.models import Employer
from tests import factories
from tests.cohorts.jobsearch.conftest import make_saved

TODAY = date(2026, 12, 4)


def _audits(entity: str, entity_id) -> list[str]:
    return list(db.session.scalars(sa.select(AuditEvent.action).where(
        AuditEvent.entity == entity, AuditEvent.entity_id == str(entity_id)).order_by(AuditEvent.id)))


def test_saving_twice_keeps_one_row_and_is_audited_once(world):
    first = services.save_posting(world["me"], world["both"], world["user"])
    again = services.save_posting(world["me"], world["both"], world["user"])
    assert first.id == again.id and first.stage == ApplicationStage.saved
    assert _audits("saved_posting", first.id) == ["created"]


def test_applying_needs_the_day_and_not_a_future_one(world):
    saved = make_saved(world["me"], world["both"])
    with pytest.raises(CohortRuleError) as refused:
        services.update_application(saved, world["user"], stage="applied", applied_on=None, today=TODAY)
    assert refused.value.field == "applied_on"
    with pytest.raises(CohortRuleError) as refused:
        services.update_application(saved, world["user"], stage="applied", applied_on=TODAY + timedelta(days=1),
                                    today=TODAY)
    assert refused.value.field == "applied_on" and "after today" in refused.value.message


def test_withdrawing_before_applying_needs_no_day(world):
    saved = make_saved(world["me"], world["both"])
    services.update_application(saved, world["user"], stage="withdrawn", applied_on=None, today=TODAY)
    assert saved.stage == ApplicationStage.withdrawn


def test_a_new_stage_restarts_the_stall_clock_and_notes_alone_do_not(world):
    old = date(2026, 10, 1)
    saved = make_saved(world["me"], world["both"], stage_changed_at=datetime(2026, 10, 1, tzinfo=UTC))
    services.update_application(saved, world["user"], stage="applied", applied_on=TODAY, notes="sent CV", today=TODAY)
    moved = saved.stage_changed_at
    assert moved.date() > old
    services.update_application(saved, world["user"], stage="applied", applied_on=TODAY, notes=" no reply yet ",
                                today=TODAY)
    assert saved.stage_changed_at == moved and saved.notes == "no reply yet"
    assert _audits("saved_posting", saved.id) == ["updated", "updated"]


def test_an_unknown_stage_is_refused_next_to_the_field(world):
    saved = make_saved(world["me"], world["both"])
    with pytest.raises(CohortRuleError) as refused:
        services.update_application(saved, world["user"], stage="promoted", applied_on=None, today=TODAY)
    assert refused.value.field == "stage"


@settings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
# no NUL: requests holding one are refused before any view (app/security/requests.py), and PostgreSQL
# text cannot store it; no lone surrogates: no UTF-8 request can carry one, and no database can store it
@given(notes=st.text(alphabet=st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=2100))
def test_notes_are_kept_trimmed_up_to_the_limit(world, notes):
    saved = db.session.scalar(sa.select(SavedPosting).where(SavedPosting.posting_id == world["none"].id)) \
        or make_saved(world["me"], world["none"])
    if len(notes.strip()) > services.NOTES_MAX:
        with pytest.raises(CohortRuleError):
            services.update_application(saved, None, stage="saved", applied_on=None, notes=notes, today=TODAY)
    else:
        services.update_application(saved, None, stage="saved", applied_on=None, notes=notes, today=TODAY)
        assert saved.notes == notes.strip()


def _hired(world, **fields):
    return make_saved(world["me"], world["both"], stage=ApplicationStage.hired, applied_on=date(2026, 11, 5), **fields)


def test_a_hire_becomes_a_placement_with_an_employer_found_by_name_whatever_the_case(world):
    acme = factories.EmployerFactory(name="Acme Sales")
    saved = _hired(world)
    placement = services.record_posting_placement(saved, world["user"], employer_name="ACME sales",
                                                  start_date=date(2026, 12, 1), annual_salary=52000)
    assert placement.employer_id == acme.id and saved.placement_id == placement.id
    assert placement.cohort_id == world["cohort"].id and placement.hiring_need_id is None
    assert placement.role_title == "Sales negotiator" and placement.ref.startswith("PL-")
    assert [check.day_mark for check in placement.retention_checks] == [90, 180]
    assert _audits("placement", placement.id) == ["created"]
    assert _audits("saved_posting", saved.id) == ["placement_recorded"]


def test_an_unknown_employer_is_added_with_a_note_that_it_came_from_a_posting(world):
    saved = _hired(world)
    placement = services.record_posting_placement(saved, None, employer_name="  Brand  New Co ",
                                                  start_date=date(2026, 12, 1))
    employer = db.session.get(Employer, placement.employer_id)
    assert employer.name == "Brand New Co" and "job posting" in employer.notes and world["both"].url in employer.notes


def test_the_placement_terms_are_refused_next_to_their_fields_and_nothing_is_written(world):
    saved = _hired(world)
    with pytest.raises(CohortRuleError) as refused:
        services.record_posting_placement(saved, None, employer_name="Nobody Yet", start_date=date(2026, 8, 1),
                                          offer_accepted_on=date(2026, 8, 2), annual_salary=5)
    fields = {field for field, _ in refused.value.problems}
    assert fields == {"offer_accepted_on", "start_date", "annual_salary"}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Employer).where(Employer.name == "Nobody Yet")) == 0
    assert saved.placement_id is None


def test_only_a_hired_application_without_a_placement_is_recorded(world):
    saved = make_saved(world["me"], world["both"], stage=ApplicationStage.offer, applied_on=date(2026, 11, 5))
    with pytest.raises(CohortRuleError, match="hired"):
        services.record_posting_placement(saved, None, employer_name="Acme", start_date=date(2026, 12, 1))
    saved.stage = ApplicationStage.hired
    services.record_posting_placement(saved, None, employer_name="Acme", start_date=date(2026, 12, 1))
    with pytest.raises(CohortRuleError, match="already"):
        services.record_posting_placement(saved, None, employer_name="Acme", start_date=date(2026, 12, 1))
    with pytest.raises(CohortRuleError) as refused:
        services.update_application(saved, None, stage="withdrawn", applied_on=date(2026, 11, 5), today=TODAY)
    assert refused.value.field == "stage"
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Placement)
                             .where(Placement.participant_id == world["me"].id)) == 1


def test_without_an_enrolment_date_there_is_no_cohort_to_count_in(world):
    saved = make_saved(world["other"], world["both"], stage=ApplicationStage.hired, applied_on=date(2026, 11, 5))
    with pytest.raises(CohortRuleError, match="no enrolment"):
        services.record_posting_placement(saved, None, employer_name="Acme", start_date=date(2026, 12, 1))


def test_marking_it_hired_tells_the_coach_once_with_a_link_to_record_the_placement(world):
    coach = factories.user_for_role(Role.staff)
    world["me"].coach = coach
    saved = make_saved(world["me"], world["both"], stage=ApplicationStage.offer, applied_on=date(2026, 11, 5))
    services.update_application(saved, world["user"], stage="hired", applied_on=date(2026, 11, 5), today=TODAY)
    services.update_application(saved, world["user"], stage="hired", applied_on=date(2026, 11, 5), notes="yay",
                                today=TODAY)
    told = db.session.scalars(sa.select(Notification).where(Notification.kind == Kind.job_search_hire.value)).all()
    assert [(n.user_id, n.link) for n in told] == [
        (coach.id, f"/staff/participants/{world['me'].id}/job-applications/{saved.id}")]
