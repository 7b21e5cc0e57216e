"""Subject access exports the job search; erasure deletes it, keeping only a row a placement came from (notes blanked)."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa

from app.extensions import db
from app.models import AuditEvent, Role
from cohorts.jobsearch import services
from cohorts.models import ApplicationStage, SavedPosting
from cohorts.privacy.erasure import erase_participant
from cohorts.privacy.subject_access import SECTIONS, export_subject_data
from employers.jobs.models import JobPosting, JobSource
from tests import factories
from tests.cohorts.jobsearch.conftest import make_saved


def test_the_export_holds_their_applications_with_notes_and_their_own_sources_only(world):
    make_saved(world["me"], world["both"], stage=ApplicationStage.applied, applied_on=date(2026, 11, 2),
               notes="Second interview Tuesday")
    export = export_subject_data(world["me"])
    assert {"job_applications", "job_sources"} <= set(SECTIONS) <= set(export)
    [application] = export["job_applications"]
    assert application["job"] == "Sales negotiator" and application["notes"] == "Second interview Tuesday"
    assert [source["name"] for source in export["job_sources"]] == ["My board"]


def test_erasure_deletes_the_job_search_but_keeps_a_hire_that_became_a_placement(world):
    kept = make_saved(world["me"], world["both"], stage=ApplicationStage.hired, applied_on=date(2026, 11, 2),
                      notes="Start on Monday!")
    services.record_posting_placement(kept, None, employer_name="Acme Sales", start_date=date(2026, 12, 1))
    make_saved(world["me"], world["one_not"], notes="No reply")
    erase_participant(world["me"], factories.user_for_role(Role.admin))
    rows = db.session.scalars(sa.select(SavedPosting).where(SavedPosting.participant_id == world["me"].id)).all()
    assert [(row.id, row.notes) for row in rows] == [(kept.id, "")]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(JobSource)
                             .where(JobSource.owner_id == world["user"].id)) == 0
    assert db.session.get(JobSource, world["theirs"].id) is not None  # someone else's stays
    assert db.session.get(JobPosting, world["one_shown"].id) is not None  # a job ad names no one: it stays


def test_erasure_scrubs_the_notes_from_the_audit_trail(world):
    saved = make_saved(world["me"], world["one_not"])
    services.update_application(saved, world["user"], stage="saved", applied_on=None, notes="Call Dana on Friday",
                                today=date(2026, 12, 4))
    saved_id = saved.id
    erase_participant(world["me"], None)
    changes = db.session.scalars(sa.select(AuditEvent.changes).where(
        AuditEvent.entity == "saved_posting", AuditEvent.entity_id == str(saved_id))).all()
    assert changes and all("Call Dana" not in str(change) for change in changes)
