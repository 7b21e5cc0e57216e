"""Subject access exports, and erasure removes, the work history's personal parts."""

from __future__ import annotations

from datetime import timedelta

from app.dates import local_today
from app.extensions import db
from app.models import AuditEvent
from cohorts.models import JobEndReason, LaterJob
from cohorts.placements.history import end_placement, save_later_job
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import export_subject_data
from tests import factories as f


def _history():
    start = local_today() - timedelta(days=200)
    placement = f.PlacementFactory(start_date=start)
    end_placement(placement, ended_on=start + timedelta(days=50), end_reason=JobEndReason.health,
                  end_note="Back surgery", today=local_today(), actor=None)
    save_later_job(placement.participant, None, employer=None, employer_name="Corner Shop", role_title="Cashier",
                   started_on=start + timedelta(days=120), ended_on=None, end_reason=None, annual_salary=None,
                   hours_per_week=None, today=local_today(), actor=None)
    return placement


def test_the_export_holds_later_jobs_and_how_the_placement_ended():
    placement = _history()
    export = export_subject_data(placement.participant)
    assert [(job["employer"], job["role_title"]) for job in export["later_jobs"]] == [("Corner Shop", "Cashier")]
    ended = next(row for row in export["placements"] if row["ref"] == placement.ref)
    assert ended["end_reason"] == "health" and ended["end_note"] == "Back surgery"


def test_erasure_deletes_later_jobs_and_blanks_the_end_note_but_keeps_the_end():
    placement = _history()
    erase_participant(placement.participant, None)
    db.session.refresh(placement)
    assert db.session.scalars(db.select(LaterJob)).all() == []
    assert placement.end_note == "" and placement.end_reason == JobEndReason.health and placement.ended_on
    trail = db.session.scalars(db.select(AuditEvent).where(AuditEvent.entity.in_(("later_job", "placement")))).all()
    assert all("Corner Shop" not in str(event.changes) and "Back surgery" not in str(event.changes) for event in trail)
