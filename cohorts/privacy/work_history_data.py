"""Later jobs (and placement end notes) in subject access and erasure (models only here)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import joinedload

from app.db import json_safe
from app.extensions import db
from app.models import AuditEvent
from cohorts.models import LaterJob, Placement


def later_jobs_export(participant_id: int) -> list[dict[str, Any]]:
    """Their later jobs (how each placement ended is exported with the placement)."""
    jobs = db.session.scalars(sa.select(LaterJob).options(joinedload(LaterJob.employer))
                              .where(LaterJob.participant_id == participant_id)
                              .order_by(LaterJob.started_on, LaterJob.id))
    return [{"employer": job.employer.name if job.employer else job.employer_name,
             **{n: json_safe(getattr(job, n)) for n in (
                 "role_title", "started_on", "ended_on", "end_reason", "annual_salary", "hours_per_week")}}
            for job in jobs]


def erase_work_history(participant_id: int) -> None:
    """Delete their later jobs (and empty the audit entries that told what they were), and blank the
    notes on how their placements ended; the end dates and reasons stay (the outcomes count them)."""
    jobs = sa.select(sa.cast(LaterJob.id, sa.String)).where(LaterJob.participant_id == participant_id)
    sync = {"synchronize_session": "fetch"}
    db.session.execute(sa.update(AuditEvent).where(AuditEvent.entity == "later_job", AuditEvent.entity_id.in_(jobs))
                       .values(changes={}), execution_options=sync)
    db.session.execute(sa.delete(LaterJob).where(LaterJob.participant_id == participant_id), execution_options=sync)
    db.session.execute(sa.update(Placement).where(Placement.participant_id == participant_id)
                       .values(end_note=""), execution_options=sync)
