"""The work history pages: staff end a placement and keep later jobs; other roles are turned away."""

from __future__ import annotations

from datetime import timedelta

import pytest

from app.dates import local_today
from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.errors import CohortRuleError
from cohorts.models import JobEndReason, LaterJob
from cohorts.participants.record_work import work_history_section
from cohorts.placements.history import end_placement, save_later_job
from tests import factories as f
from tests.conftest import assert_query_count_flat


def _placement(**fields):
    start = local_today() - timedelta(days=200)
    cohort = f.CohortFactory(starts_on=start - timedelta(days=90), ends_on=start - timedelta(days=30))
    placement = f.PlacementFactory(cohort=cohort, start_date=start, **fields)
    db.session.commit()  # a refused change rolls the session back: the records must stand
    return placement


def _job(participant, **fields) -> LaterJob:
    values = {"role_title": "Analyst", "started_on": local_today() - timedelta(days=20), "ended_on": None,
              "end_reason": None, "annual_salary": 55000, "hours_per_week": 37.5, **fields}
    return save_later_job(participant, None, employer=None, employer_name="Elsewhere Ltd", today=local_today(),
                          actor=None, **values)


def _audits(entity: str) -> list[str]:
    return [e.action for e in db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity == entity))]


def test_staff_end_a_placement_and_a_correction_reopens_it(client, login):
    placement = _placement()
    login(Role.staff)
    assert "End this job" in client.get(f"/staff/placements/{placement.id}").text
    ended_on = (local_today() - timedelta(days=5)).isoformat()
    response = client.post(f"/staff/placements/{placement.id}/end",
                           data={"ended_on": ended_on, "end_reason": "resigned", "end_note": "Moved away"})
    assert response.status_code == 302
    assert placement.ended_on.isoformat() == ended_on and placement.end_reason == JobEndReason.resigned
    response = client.post(f"/staff/placements/{placement.id}/end", data={"ended_on": "", "end_reason": ""})
    assert response.status_code == 302 and placement.ended_on is None and placement.end_note == ""
    assert _audits("placement") == ["ended", "reopened"]


@pytest.mark.parametrize(("days_after_start", "reason", "message"), [
    (-1, "resigned", "cannot end before it started"),
    (None, "resigned", "Enter the date the job ended"),
    (10, "", "Choose why the job ended"),
])
def test_an_impossible_end_is_refused_beside_its_field(client, login, days_after_start, reason, message):
    placement = _placement()
    login(Role.staff)
    db.session.commit()
    ended = "" if days_after_start is None else (placement.start_date + timedelta(days=days_after_start)).isoformat()
    response = client.post(f"/staff/placements/{placement.id}/end", data={"ended_on": ended, "end_reason": reason})
    assert response.status_code == 422 and message in response.text
    db.session.refresh(placement)
    assert placement.ended_on is None


def test_an_end_in_the_future_and_a_voided_placement_are_refused():
    placement = _placement()
    with pytest.raises(CohortRuleError, match="future"):
        end_placement(placement, ended_on=local_today() + timedelta(days=1), end_reason="other", end_note="",
                      today=local_today(), actor=None)
    placement.voided_at = placement.created_at
    with pytest.raises(CohortRuleError, match="voided"):
        end_placement(placement, ended_on=local_today(), end_reason="other", end_note="", today=local_today(),
                      actor=None)


def test_staff_add_change_end_and_delete_a_later_job(client, login):
    placement = _placement()
    participant = placement.participant
    partner = placement.employer
    login(Role.staff)
    assert client.get(f"/staff/participants/{participant.id}/later-jobs/new").status_code == 200
    started = (local_today() - timedelta(days=30)).isoformat()
    response = client.post(f"/staff/participants/{participant.id}/later-jobs/new", data={
        "employer": partner.id, "role_title": "Team lead", "started_on": started, "annual_salary": "60000"})
    assert response.status_code == 302
    job = db.session.scalars(db.select(LaterJob)).one()
    assert job.employer == partner and job.placement == placement
    page = client.get(f"/staff/participants/{participant.id}").text
    assert "Work history" in page and "Team lead" in page
    response = client.post(f"/staff/later-jobs/{job.id}/edit", data={
        "employer": "", "employer_name": "Other Co", "role_title": "Team lead", "started_on": started,
        "ended_on": local_today().isoformat(), "end_reason": "redundancy", "annual_salary": "60000"})
    assert response.status_code == 302 and job.end_reason == JobEndReason.redundancy and job.employer is None
    client.post(f"/staff/later-jobs/{job.id}/delete")
    assert db.session.scalars(db.select(LaterJob)).all() == []
    assert _audits("later_job") == ["recorded", "changed", "deleted"]


def test_a_later_job_is_held_to_the_programme_salary_range_and_needs_an_employer(client, login):
    placement = _placement()
    login(Role.staff)
    db.session.commit()
    response = client.post(f"/staff/participants/{placement.participant_id}/later-jobs/new", data={
        "role_title": "Team lead", "started_on": local_today().isoformat(), "annual_salary": "5"})
    assert response.status_code == 422
    assert "Choose a hiring partner or type the employer" in response.text and "An annual salary must be" in response.text
    assert db.session.scalars(db.select(LaterJob)).all() == []


@pytest.mark.parametrize("role", [Role.employer, Role.participant])
def test_other_roles_cannot_reach_the_work_history_pages(client, login, role):
    placement = _placement()
    job = _job(placement.participant)
    login(role)
    for url in (f"/staff/placements/{placement.id}/end", f"/staff/participants/{placement.participant_id}/later-jobs/new",
                f"/staff/later-jobs/{job.id}/edit"):
        assert client.get(url).status_code in (403, 404)
    assert client.post(f"/staff/later-jobs/{job.id}/delete").status_code in (403, 404)
    assert db.session.get(LaterJob, job.id) is not None


def test_missing_records_are_404_for_staff(client, login):
    login(Role.staff)
    assert client.get("/staff/placements/999999/end").status_code == 404
    assert client.get("/staff/later-jobs/999999/edit").status_code == 404
    assert client.get("/staff/participants/999999/later-jobs/new").status_code == 404


def test_the_section_lists_the_timeline_and_leaves_voided_placements_out():
    placement = _placement(annual_salary=40000)
    void = f.PlacementFactory(participant=placement.participant, cohort=placement.cohort, voided_at=placement.created_at)
    _job(placement.participant)
    section = work_history_section(placement.participant_id)
    assert [job.placement_id for job in section["jobs"]] == [placement.id, None]
    assert void.id not in [job.placement_id for job in section["jobs"]]
    assert [(s.week, s.annual_salary) for s in section["salaries"]] == [(0, 40000)]


def test_the_participant_page_query_count_is_flat(client, login):
    placement = _placement()
    login(Role.staff)

    def grow():
        for _ in range(3):
            _job(placement.participant)
            f.PlacementFactory(participant=placement.participant, cohort=placement.cohort)
        db.session.commit()

    assert_query_count_flat(client, f"/staff/participants/{placement.participant_id}", grow)
