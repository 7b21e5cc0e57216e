"""Participant, enrolment and caseload lists as tables for CSV/XLSX download."""

from __future__ import annotations

import pandas as pd
import sqlalchemy as sa

from app.extensions import db
from app.reporting import rows_frame, stored_value
from app.tasks.files import output_url, save_table_output
from app.tasks.kinds import JobOutcome, Report
from app.tasks.models import Job
from cohorts.models import Participant
from cohorts.participants import queries
from cohorts.participants.caseload import CaseloadRow


def participants_frame(**filters) -> pd.DataFrame:
    """The staff participant list with the same filters (staff only)."""
    participants = db.session.scalars(queries.participants_select(**filters)).all()
    return rows_frame(
        ((p.first_name, p.last_name, p.email, p.phone, p.region, p.referral_source,
          p.coach.display_name if p.coach else "",
          "; ".join(f"{e.cohort.code} ({stored_value(e.status)})" for e in p.enrolments),
          "yes" if p.consent_to_share else "no") for p in participants),
        ["first_name", "last_name", "email", "phone", "region", "referral_source", "coach", "cohorts",
         "consent_to_share"],
    )


def participants_count(**filters) -> int:
    """How many rows the export would have: over EXPORT_JOB_THRESHOLD it runs as a job."""
    return db.session.scalar(sa.select(sa.func.count(Participant.id)).where(*queries.participant_conditions(**filters)))


#: the job kind of a large participant list download (registered in cohorts.reports.jobs)
PARTICIPANTS_EXPORT = "participants_export"


def export_participants(job: Job, report: Report) -> JobOutcome:
    """The participant list download as a job: the same filters and columns as the page's."""
    report(5, "Reading the participants…")
    frame = participants_frame(**job.parameters["filters"])
    report(70, f"Writing {len(frame):,} rows…")
    described = save_table_output(job, frame, "participants", job.parameters["format"])
    return JobOutcome(result={"file": described, "rows": len(frame)},
                      message=f"{len(frame):,} participant{'' if len(frame) == 1 else 's'} exported.", output_url=output_url(job))


def enrolments_frame(cohort_id: int, status: str | None) -> pd.DataFrame:
    enrolments = db.session.scalars(queries.enrolments_select(cohort_id, status=status)).all()
    return rows_frame(
        ((e.participant.full_name, e.participant.email, e.status, e.waitlist_position, e.applied_on,
          e.enrolled_on, e.exited_on, e.withdrawal_reason or "", stored_value(e.exclusion_reason) or "",
          "yes" if e.job_seeking else "no") for e in enrolments),
        ["participant", "email", "status", "waitlist_position", "applied_on", "enrolled_on", "exited_on",
         "withdrawal_reason", "exclusion_reason", "job_seeking"],
    )


def caseload_frame(rows: list[CaseloadRow]) -> pd.DataFrame:
    """A caseload's triage list as the page filters and orders it (every row, not a page)."""
    return rows_frame(
        ((r.participant.first_name, r.participant.last_name, r.participant.email,
          r.cohort.code if r.cohort else "", r.cohort.status if r.cohort else "",
          "; ".join(a.kind for a in r.alerts), "; ".join(a.message for a in r.alerts),
          "yes" if any(a.urgent for a in r.alerts) else "no", r.next_step) for r in rows),
        ["first_name", "last_name", "email", "cohort", "cohort_status", "alert_kinds", "alerts", "overdue",
         "next_step"],
    )
